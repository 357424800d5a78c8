// Turns the key options of jwtAuth into a signing key, checked against the algorithm when the
// authenticator is created. Nothing here ever puts key material into an error.
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { invalidConfig } from '../errors.js';
import { importPrivateKey, type SigningKey } from './private-key.js';

/**
 * The HMAC algorithms {@link jwtAuth} signs with a shared secret.
 *
 * @example
 * ```ts
 * const algorithm: JwtHmacAlgorithm = 'HS256';
 * ```
 */
export type JwtHmacAlgorithm = 'HS256' | 'HS384' | 'HS512';

/**
 * The asymmetric algorithms {@link jwtAuth} signs with a private key.
 *
 * @example
 * ```ts
 * const algorithm: JwtAsymmetricAlgorithm = 'ES256';
 * ```
 */
export type JwtAsymmetricAlgorithm =
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512'
  | 'EdDSA';

/**
 * Every algorithm {@link jwtAuth} accepts. `none` is not one of them, and never will be.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.1
 * @example
 * ```ts
 * const algorithm: JwtAlgorithm = 'EdDSA';
 * ```
 */
export type JwtAlgorithm = JwtHmacAlgorithm | JwtAsymmetricAlgorithm;

/**
 * The allow-list of JWS algorithms, for validation and config schemas.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.1
 * @example
 * ```ts
 * if (!jwtAlgorithms.includes(value)) throw new Error(`unsupported algorithm ${value}`);
 * ```
 */
export const jwtAlgorithms = [
  'HS256', 'HS384', 'HS512',
  'RS256', 'RS384', 'RS512',
  'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512',
  'EdDSA',
] as const satisfies readonly JwtAlgorithm[];

/**
 * A private key as {@link jwtAuth} takes it: PEM text (PKCS#8, PKCS#1 or SEC1), a private JWK, or a `KeyObject`.
 *
 * @example
 * ```ts
 * const key: JwtPrivateKey = JSON.parse(process.env.JWT_PRIVATE_JWK ?? '{}') as JsonWebKey;
 * ```
 */
export type JwtPrivateKey = string | JsonWebKey | KeyObject;

/** Bytes an HMAC secret needs at least: the hash output length (RFC 7518 §3.2). */
const hmacMinBytes: Record<JwtHmacAlgorithm, number> = { HS256: 32, HS384: 48, HS512: 64 };

function isAlgorithm(value: unknown): value is JwtAlgorithm {
  return typeof value === 'string' && (jwtAlgorithms as readonly string[]).includes(value);
}

function isHmac(algorithm: JwtAlgorithm): algorithm is JwtHmacAlgorithm {
  return algorithm in hmacMinBytes;
}

function checkAlgorithm(value: unknown): JwtAlgorithm | undefined {
  if (value === undefined) return undefined;
  if (!isAlgorithm(value)) throw invalidConfig('jwt.algorithm', `one of ${jwtAlgorithms.join(', ')} (never "none")`);
  return value;
}

/**
 * Decodes and checks a shared secret: long enough for the HMAC algorithm (HS256 by default).
 * Throws `ERR_AUTH_INVALID_CONFIG` naming `jwt.secret`, `jwt.secretEncoding` or `jwt.algorithm`.
 *
 * @internal
 * @example
 * ```ts
 * const { algorithm, key } = secretSigningKey(secret, 'base64', 'HS384');
 * ```
 */
export function secretSigningKey(secret: unknown, encoding: unknown, algorithmOption: unknown): SigningKey<JwtHmacAlgorithm> {
  const algorithm = checkAlgorithm(algorithmOption) ?? 'HS256';
  if (!isHmac(algorithm)) throw invalidConfig('jwt.algorithm', `an HMAC algorithm (HS256, HS384, HS512) with a secret; ${algorithm} needs a privateKey`);
  if (encoding !== undefined && encoding !== 'utf8' && encoding !== 'base64') throw invalidConfig('jwt.secretEncoding', '"utf8" or "base64"');
  let bytes: Uint8Array;
  if (secret instanceof Uint8Array) {
    if (encoding !== undefined) throw invalidConfig('jwt.secretEncoding', 'no encoding when the secret is a Uint8Array');
    bytes = Uint8Array.from(secret);
  } else if (typeof secret === 'string') {
    if (encoding === 'base64') {
      if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(secret)) throw invalidConfig('jwt.secret', 'base64 text (secretEncoding is "base64")');
      bytes = Uint8Array.from(Buffer.from(secret, 'base64'));
    } else {
      bytes = Uint8Array.from(Buffer.from(secret, 'utf8'));
    }
  } else {
    throw invalidConfig('jwt.secret', 'a string or a Uint8Array');
  }
  const min = hmacMinBytes[algorithm];
  if (bytes.byteLength < min) {
    throw invalidConfig('jwt.secret', `at least ${min} bytes for ${algorithm} (the hash output length, RFC 7518 §3.2); got ${bytes.byteLength}`);
  }
  return { algorithm, key: bytes };
}

/**
 * Imports and checks a private key: its type must fit the algorithm (inferred from the key when
 * absent). Throws `ERR_AUTH_INVALID_CONFIG` naming `jwt.privateKey` or `jwt.algorithm`.
 *
 * @internal
 * @example
 * ```ts
 * const { algorithm, key } = privateSigningKey(pem, undefined, undefined); // algorithm inferred from the key
 * ```
 */
export function privateSigningKey(privateKey: unknown, algorithmOption: unknown, passphrase?: unknown): SigningKey<JwtAsymmetricAlgorithm> {
  const requested = checkAlgorithm(algorithmOption);
  if (requested !== undefined && isHmac(requested)) throw invalidConfig('jwt.algorithm', `an asymmetric algorithm with a privateKey; ${requested} needs a secret`);
  if (passphrase !== undefined && (typeof passphrase !== 'string' || typeof privateKey !== 'string')) {
    throw invalidConfig('jwt.passphrase', 'a string, and only with an encrypted PEM privateKey');
  }
  return importPrivateKey(privateKey, requested, { key: 'jwt.privateKey', algorithm: 'jwt.algorithm', mismatch: 'jwt.privateKey', passphrase: 'jwt.passphrase' }, passphrase);
}
