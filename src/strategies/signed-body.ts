import type { AuthBody } from '../authenticator.js';
import { serializeBody } from '../adapter-kit/body.js';

/**
 * The bytes an adapter sends for `body`, for a strategy that signs or hashes them: the same
 * `serializeBody` the adapters write a changed body with (a JSON body is its text with the edits
 * spliced in, a form its `toString()`), and the bytes of a bytes body. `''` for no body;
 * `undefined` for a stream, whose bytes are not known before it is sent.
 */
export function bodyToSign(body: AuthBody): string | Uint8Array | undefined {
  if (body.type === 'stream') return undefined;
  if (body.type === 'none') return '';
  return serializeBody(body).data ?? '';
}

/** The byte length of what {@link bodyToSign} returned. */
export function byteLength(data: string | Uint8Array): number {
  return typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
}
