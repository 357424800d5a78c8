// The SHA-256 digests and HMACs the signing strategies compute per request, over node:crypto.
// `crypto.hash` is a one-shot digest without a Hash object of its own, about three times as
// cheap as createHash for the short texts a signer hashes; an HMAC keeps createHmac, which
// is as fast as any composition of one-shot digests.
import { createHmac, hash, type KeyObject } from 'node:crypto';

/** The key of an HMAC: bytes, text (as UTF-8) or a secret `KeyObject`. */
export type HmacKey = string | Uint8Array | KeyObject;

/**
 * The lower-case hex SHA-256 of `data` (text as UTF-8).
 *
 * @example
 * ```ts
 * sha256Hex(''); // 'e3b0c442…7852b855'
 * ```
 */
export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

/**
 * The base64 digest of `data` (text as UTF-8) with `algorithm`, `sha256` or `sha512`.
 *
 * @example
 * ```ts
 * digestBase64('sha256', '{"hello": "world"}'); // 'X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE='
 * ```
 */
export function digestBase64(algorithm: 'sha256' | 'sha512', data: string | Uint8Array): string {
  return hash(algorithm, data, 'base64');
}

/**
 * The HMAC-SHA256 of `data` (text as UTF-8) under `key`, as bytes: what a derived key or a
 * signature's bytes are made of, with no hex round trip.
 *
 * @example
 * ```ts
 * const dateKey = hmacSha256('AWS4' + secret, '20150830');
 * ```
 */
export function hmacSha256(key: HmacKey, data: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/**
 * The lower-case hex HMAC-SHA256 of `data` (text as UTF-8) under `key`.
 *
 * @example
 * ```ts
 * const signature = hmacSha256Hex(signingKey, stringToSign);
 * ```
 */
export function hmacSha256Hex(key: HmacKey, data: string | Uint8Array): string {
  return createHmac('sha256', key).update(data).digest('hex');
}
