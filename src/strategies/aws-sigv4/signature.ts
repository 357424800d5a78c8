// The signing steps of AWS Signature Version 4 over a canonical request: string to sign,
// the derived signing key (kept for the day it is valid for), and the signature.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { hmacSha256, hmacSha256Hex, sha256Hex } from '../sha256.js';
import { canonicalRequest, type CanonicalInput } from './canonical-request.js';

export { sha256Hex };

/** The algorithm name in `Authorization` and `X-Amz-Algorithm`. */
export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** The payload hash of a body that is not signed (S3 streams and presigned URLs). */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** `20150830T123600Z` for `time` (epoch milliseconds). */
export function amzDate(time: number): string {
  const second = Math.floor(time / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastDate = new Date(second * 1000).toISOString().replace(/[-:]|\.\d{3}/g, '');
  }
  return lastDate;
}

// Many requests are signed in the same second: its text is kept.
let lastSecond = Number.NaN;
let lastDate = '';

/** What a signature is computed for besides the canonical request. */
export interface SigningScope {
  readonly region: string;
  readonly service: string;
  /** `x-amz-date`, e.g. `20150830T123600Z`. */
  readonly date: string;
}

/** The signature of one request and what the `Authorization` header (or query) says of it. */
export interface SignatureResult {
  /** `20150830/us-east-1/service/aws4_request` */
  readonly credentialScope: string;
  readonly signedHeaders: string;
  /** Lower-case hex. */
  readonly signature: string;
}

/**
 * Derives signing keys from one secret, keeping the last one: it is valid for a whole day
 * (region and service fixed), so a request costs one HMAC for the key instead of four.
 */
export class SigningKeys {
  #secret = '';
  #day = '';
  #key: KeyObject | undefined;

  constructor(
    readonly region: string,
    readonly service: string,
  ) {}

  /** The key for `secret` on `day` (`YYYYMMDD`). */
  get(secret: string, day: string): KeyObject {
    if (this.#key !== undefined && this.#secret === secret && this.#day === day) return this.#key;
    const dateKey = hmacSha256(`AWS4${secret}`, day);
    const key = createSecretKey(hmacSha256(hmacSha256(hmacSha256(dateKey, this.region), this.service), 'aws4_request'));
    this.#secret = secret;
    this.#day = day;
    this.#key = key;
    return key;
  }
}

/** Signs the canonical request of `input` with the key from `keys`. */
export function sign(input: CanonicalInput, scope: SigningScope, secret: string, keys: SigningKeys): SignatureResult {
  const canonical = canonicalRequest(input);
  const day = scope.date.slice(0, 8);
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const toSign = stringToSign(scope.date, credentialScope, canonical.text);
  return { credentialScope, signedHeaders: canonical.signedHeaders, signature: hmacSha256Hex(keys.get(secret, day), toSign) };
}

/** The string to sign of a canonical request. */
export function stringToSign(date: string, credentialScope: string, canonical: string): string {
  return `${ALGORITHM}\n${date}\n${credentialScope}\n${sha256Hex(canonical)}`;
}
