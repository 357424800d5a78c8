import { digestBase64 } from '../sha256.js';
import type { ContentDigestAlgorithm } from './types.js';

/**
 * The `Content-Digest` value of `data` (RFC 9530): `sha-256=:<base64>:`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9530#section-2
 */
export function contentDigest(algorithm: ContentDigestAlgorithm, data: string | Uint8Array): string {
  return `${algorithm}=:${digestBase64(algorithm === 'sha-256' ? 'sha256' : 'sha512', data)}:`;
}
