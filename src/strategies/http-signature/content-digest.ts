import { createHash } from 'node:crypto';
import type { ContentDigestAlgorithm } from './types.js';

/**
 * The `Content-Digest` value of `data` (RFC 9530): `sha-256=:<base64>:`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9530#section-2
 */
export function contentDigest(algorithm: ContentDigestAlgorithm, data: string | Uint8Array): string {
  return `${algorithm}=:${createHash(algorithm === 'sha-256' ? 'sha256' : 'sha512').update(data).digest('base64')}:`;
}
