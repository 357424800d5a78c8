// Turns the key options of jwtAuth into a signing key, checked against the algorithm when the
// authenticator is created. Nothing here ever puts key material into an error.
import { createPrivateKey, KeyObject, type JsonWebKey } from 'node:crypto';
import { invalidConfig, AuthError } from '../errors.js';

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

/**
 * The key jose signs with, and the algorithm it was checked against.
 *
 * @internal
 */
export interface SigningKey {
  readonly algorithm: JwtAlgorithm;
  readonly key: KeyObject | Uint8Array;
}

/** Bytes an HMAC secret needs at least: the hash output length (RFC 7518 §3.2). */
const hmacMinBytes: Record<JwtHmacAlgorithm, number> = { HS256: 32, HS384: 48, HS512: 64 };

/** The EC curve (node's name) each ECDSA algorithm requires (RFC 7518 §3.4). */
const ecCurves: Record<'ES256' | 'ES384' | 'ES512', { node: string; jose: string }> = {
  ES256: { node: 'prime256v1', jose: 'P-256' },
  ES384: { node: 'secp384r1', jose: 'P-384' },
  ES512: { node: 'secp521r1', jose: 'P-521' },
};

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
export function secretSigningKey(secret: unknown, encoding: unknown, algorithmOption: unknown): SigningKey {
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
export function privateSigningKey(privateKey: unknown, algorithmOption: unknown, passphrase?: unknown): SigningKey {
  const requested = checkAlgorithm(algorithmOption);
  if (requested !== undefined && isHmac(requested)) throw invalidConfig('jwt.algorithm', `an asymmetric algorithm with a privateKey; ${requested} needs a secret`);
  if (passphrase !== undefined && (typeof passphrase !== 'string' || typeof privateKey !== 'string')) {
    throw invalidConfig('jwt.passphrase', 'a string, and only with an encrypted PEM privateKey');
  }
  const key = importPrivateKey(privateKey, requested, passphrase);
  const algorithm = requested ?? inferAlgorithm(key);
  checkKeyFits(key, algorithm);
  return { algorithm, key };
}

function importPrivateKey(input: unknown, algorithm: JwtAlgorithm | undefined, passphrase: string | undefined): KeyObject {
  if (input instanceof KeyObject) {
    if (input.type !== 'private') throw invalidConfig('jwt.privateKey', `a private key (got a ${input.type} key)`);
    return input;
  }
  try {
    if (typeof input === 'string') {
      if (!input.includes('-----BEGIN')) throw invalidConfig('jwt.privateKey', 'a PEM private key (-----BEGIN PRIVATE KEY-----), a private JWK or a KeyObject');
      if (/-----BEGIN (?:PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE)-----/.test(input)) throw invalidConfig('jwt.privateKey', 'a private key (got a public key or certificate)');
      if (passphrase === undefined && /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(input)) throw invalidConfig('jwt.passphrase', 'the passphrase of the encrypted privateKey');
      return createPrivateKey(passphrase === undefined ? { key: input, format: 'pem' } : { key: input, format: 'pem', passphrase });
    }
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      const jwk = input as JsonWebKey;
      if (jwk.kty === 'oct') throw invalidConfig('jwt.privateKey', 'an RSA, EC or OKP private key (for a shared secret use jwt.secret)');
      if (typeof jwk.d !== 'string') throw invalidConfig('jwt.privateKey', 'a private JWK (with "d"); got a public JWK');
      if (jwk.alg !== undefined && algorithm !== undefined && jwk.alg !== algorithm) throw invalidConfig('jwt.privateKey', `a JWK whose "alg" is ${algorithm} (or absent)`);
      if (jwk.use !== undefined && jwk.use !== 'sig') throw invalidConfig('jwt.privateKey', 'a JWK whose "use" is "sig" (or absent)');
      return createPrivateKey({ key: jwk, format: 'jwk' });
    }
  } catch (error) {
    if (error instanceof AuthError) throw error;
    // Node's message may quote parts of the input: keep only its code.
    const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'unknown';
    throw new AuthError('ERR_AUTH_INVALID_CONFIG', 'jwt.privateKey: expected a readable private key in PEM or JWK form (it could not be imported)', {
      details: { field: 'jwt.privateKey', reason: code },
    });
  }
  throw invalidConfig('jwt.privateKey', 'a PEM string, a private JWK object or a KeyObject');
}

function inferAlgorithm(key: KeyObject): JwtAsymmetricAlgorithm {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'RS256';
    case 'ed25519':
      return 'EdDSA';
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      const match = (Object.keys(ecCurves) as Array<keyof typeof ecCurves>).find((alg) => ecCurves[alg].node === curve);
      if (match !== undefined) return match;
      throw invalidConfig('jwt.privateKey', 'an EC key on P-256, P-384 or P-521');
    }
    default:
      throw invalidConfig('jwt.privateKey', `an RSA, EC (P-256/384/521) or Ed25519 private key (got ${key.asymmetricKeyType ?? 'unknown'})`);
  }
}

function checkKeyFits(key: KeyObject, algorithm: JwtAlgorithm): void {
  const type = key.asymmetricKeyType ?? 'unknown';
  const family = algorithm.slice(0, 2);
  if (family === 'RS' || family === 'PS') {
    if (type !== 'rsa') {
      const hint = type === 'rsa-pss' ? ' (RSA-PSS-restricted keys are not supported; use a plain RSA key)' : '';
      throw invalidConfig('jwt.privateKey', `an RSA private key for ${algorithm}, got ${type}${hint}`);
    }
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 2048) throw invalidConfig('jwt.privateKey', `an RSA key of at least 2048 bits for ${algorithm}, got ${bits}`);
    return;
  }
  if (algorithm === 'ES256' || algorithm === 'ES384' || algorithm === 'ES512') {
    const curve = ecCurves[algorithm];
    if (type !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== curve.node) {
      throw invalidConfig('jwt.privateKey', `an EC private key on ${curve.jose} for ${algorithm}, got ${describe(key)}`);
    }
    return;
  }
  if (algorithm === 'EdDSA') {
    if (type !== 'ed25519') throw invalidConfig('jwt.privateKey', `an Ed25519 private key for EdDSA, got ${describe(key)}`);
    return;
  }
  throw invalidConfig('jwt.algorithm', `an asymmetric algorithm with a privateKey, got ${algorithm}`);
}

function describe(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve === undefined ? (key.asymmetricKeyType ?? 'unknown') : `${key.asymmetricKeyType ?? 'unknown'} ${curve}`;
}
