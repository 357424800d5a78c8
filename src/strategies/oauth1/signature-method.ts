// The four signature methods: HMAC-SHA1 and RSA-SHA1 and PLAINTEXT (RFC 5849 §3.4.2–3.4.4), and
// HMAC-SHA256, which providers added later with the same construction. Keys and secrets are
// checked when the authenticator is created; nothing here ever puts one into an error.
import { createHash, createHmac, sign, type KeyObject } from 'node:crypto';
import { invalidConfig } from '../../errors.js';
import { importPrivateKey } from '../private-key.js';
import { oauthPercentEncode } from './percent-encode.js';

/**
 * How {@link oauth1Auth} signs: `HMAC-SHA1` (the default, RFC 5849 §3.4.2), `HMAC-SHA256`,
 * `RSA-SHA1` (§3.4.3, with a private key) or `PLAINTEXT` (§3.4.4, the secrets themselves: only over https).
 *
 * @example
 * ```ts
 * const method: OAuth1SignatureMethod = 'HMAC-SHA256';
 * ```
 */
export type OAuth1SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256' | 'RSA-SHA1' | 'PLAINTEXT';

/**
 * Every signature method {@link "authwire"!oauth1Auth} takes, for validation and config schemas.
 *
 * @example
 * ```ts
 * if (!oauth1SignatureMethods.includes(value)) throw new Error(`unsupported ${value}`);
 * ```
 */
export const oauth1SignatureMethods = ['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1', 'PLAINTEXT'] as const satisfies readonly OAuth1SignatureMethod[];

/** Signs base strings with one method and one set of secrets. */
export interface OAuth1Signer {
  readonly method: OAuth1SignatureMethod;
  /** The `oauth_signature` value (before percent-encoding). */
  sign(baseString: string): string;
  /** The `oauth_body_hash` of these bytes, or undefined for PLAINTEXT (which protects nothing). */
  bodyHash(bytes: Uint8Array): string | undefined;
}

/** What {@link createSigner} reads: the options as given, unchecked. */
export interface SignerInput {
  readonly signatureMethod?: unknown;
  readonly consumerSecret?: unknown;
  readonly privateKey?: unknown;
  readonly tokenSecret?: unknown;
}

/**
 * Checks the method and the secrets or key it needs and returns its signer. Throws
 * `ERR_AUTH_INVALID_CONFIG` naming `<prefix>.signatureMethod`, `.consumerSecret`, `.tokenSecret`
 * or `.privateKey`; never quoting a value.
 *
 * @internal
 * @example
 * ```ts
 * const signer = createSigner({ signatureMethod: 'HMAC-SHA1', consumerSecret, tokenSecret }, 'oauth1');
 * ```
 */
export function createSigner(input: SignerInput, prefix: string): OAuth1Signer {
  const method = input.signatureMethod ?? (input.privateKey === undefined ? 'HMAC-SHA1' : 'RSA-SHA1');
  if (!isSignatureMethod(method)) throw invalidConfig(`${prefix}.signatureMethod`, `one of ${oauth1SignatureMethods.join(', ')}`);
  const tokenSecret = input.tokenSecret ?? '';
  if (typeof tokenSecret !== 'string') throw invalidConfig(`${prefix}.tokenSecret`, 'a string');
  if (method === 'RSA-SHA1') {
    if (input.consumerSecret !== undefined) throw invalidConfig(`${prefix}.consumerSecret`, 'no consumerSecret with RSA-SHA1 (it signs with privateKey)');
    if (input.privateKey === undefined) throw invalidConfig(`${prefix}.privateKey`, 'an RSA private key (PEM, JWK or KeyObject) for RSA-SHA1');
    return rsaSigner(rsaKey(input.privateKey, prefix));
  }
  if (input.privateKey !== undefined) throw invalidConfig(`${prefix}.privateKey`, `no privateKey with ${method} (only RSA-SHA1 signs with a key; ${method} uses consumerSecret)`);
  const secret = input.consumerSecret;
  if (typeof secret !== 'string' || secret.length === 0) throw invalidConfig(`${prefix}.consumerSecret`, `a non-empty string for ${method}`);
  // The key is the same for every request: encoded once.
  const key = `${oauthPercentEncode(secret)}&${oauthPercentEncode(tokenSecret)}`;
  if (method === 'PLAINTEXT') return { method, sign: () => key, bodyHash: () => undefined };
  const hash = method === 'HMAC-SHA256' ? 'sha256' : 'sha1';
  return {
    method,
    sign: (baseString) => createHmac(hash, key).update(baseString).digest('base64'),
    bodyHash: (bytes) => createHash(hash).update(bytes).digest('base64'),
  };
}

function isSignatureMethod(value: unknown): value is OAuth1SignatureMethod {
  return typeof value === 'string' && (oauth1SignatureMethods as readonly string[]).includes(value);
}

function rsaSigner(key: KeyObject): OAuth1Signer {
  return {
    method: 'RSA-SHA1',
    sign: (baseString) => sign('sha1', Buffer.from(baseString, 'utf8'), key).toString('base64'),
    bodyHash: (bytes) => createHash('sha1').update(bytes).digest('base64'),
  };
}

/** An RSA private key of at least 2048 bits, or `ERR_AUTH_INVALID_CONFIG` naming `privateKey`. */
function rsaKey(input: unknown, prefix: string): KeyObject {
  const field = `${prefix}.privateKey`;
  const { key, algorithm } = importPrivateKey(input, undefined, { key: field, algorithm: field, mismatch: field });
  if (algorithm !== 'RS256') throw invalidConfig(field, `an RSA private key for RSA-SHA1, got ${key.asymmetricKeyType ?? 'another kind of'} key`);
  return key;
}
