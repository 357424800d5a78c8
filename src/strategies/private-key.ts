// Imports the private keys that authwire signs JWTs with (jwtAuth; oauth2Auth's client assertions
// and JWT bearer grant) and checks them against the algorithm when the authenticator is created.
// Nothing here ever puts key material into an error.
import { createPrivateKey, KeyObject, type JsonWebKey, type webcrypto } from 'node:crypto';
import { AuthError, invalidConfig } from '../errors.js';

/**
 * A key ready for jose's `sign`, and the algorithm it was checked against.
 *
 * @internal
 * @example
 * ```ts
 * const signingKey: SigningKey = { algorithm: 'HS256', key: new TextEncoder().encode(secret) };
 * ```
 */
export interface SigningKey<A extends string = string> {
  readonly algorithm: A;
  readonly key: KeyObject | webcrypto.CryptoKey | Uint8Array;
}

/**
 * The option names a caller's key errors point at.
 *
 * @internal
 * @example
 * ```ts
 * const fields: PrivateKeyFields = { key: 'jwt.privateKey', algorithm: 'jwt.algorithm', mismatch: 'jwt.privateKey', passphrase: 'jwt.passphrase' };
 * ```
 */
export interface PrivateKeyFields {
  /** The key option, e.g. `jwt.privateKey`. */
  readonly key: string;
  /** The algorithm option: named when the algorithm is none a supported key signs with. */
  readonly algorithm: string;
  /** Named when a supported key does not fit the chosen algorithm (jwtAuth names the key, oauth2Auth the algorithm). */
  readonly mismatch: string;
  /** The passphrase option; without one, an encrypted PEM is refused naming `key`. */
  readonly passphrase?: string;
}

/**
 * The algorithm a key signs with when none is given: the first of its kind's list.
 *
 * @internal
 * @example
 * ```ts
 * const inferred: DefaultKeyAlgorithm = 'ES384'; // an EC key on P-384
 * ```
 */
export type DefaultKeyAlgorithm = 'RS256' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';

/** Each supported key kind (`asymmetricKeyType`, with the curve for EC), what it is called and the JWS algorithms it signs (RFC 7518 §3.3–3.5, RFC 8037). */
const keyKinds: Readonly<Record<string, { readonly label: string; readonly algorithms: readonly [DefaultKeyAlgorithm, ...string[]] }>> = {
  rsa: { label: 'an RSA private key', algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] },
  'ec prime256v1': { label: 'an EC private key on P-256', algorithms: ['ES256'] },
  'ec secp384r1': { label: 'an EC private key on P-384', algorithms: ['ES384'] },
  'ec secp521r1': { label: 'an EC private key on P-521', algorithms: ['ES512'] },
  ed25519: { label: 'an Ed25519 private key', algorithms: ['EdDSA', 'Ed25519'] },
};

/**
 * Imports a private key (PEM text, optionally encrypted with `passphrase`; a private JWK; or a
 * private `KeyObject`) and checks it: an RSA key of at least 2048 bits, an EC key on P-256, P-384
 * or P-521, or an Ed25519 key, that can sign `requested` (inferred from the key when absent: RSA →
 * RS256, EC → ES256/384/512 by curve, Ed25519 → EdDSA). Throws `ERR_AUTH_INVALID_CONFIG` naming
 * the caller's {@link PrivateKeyFields}, never quoting the key.
 *
 * @internal
 * @example
 * ```ts
 * const { key, algorithm } = importPrivateKey(pem, undefined, { key: 'assertion.privateKey', algorithm: 'assertion.algorithm', mismatch: 'assertion.algorithm' });
 * ```
 */
export function importPrivateKey<A extends string>(
  input: unknown,
  requested: A | undefined,
  fields: PrivateKeyFields,
  passphrase?: string,
): { readonly key: KeyObject; readonly algorithm: A | DefaultKeyAlgorithm } {
  const key = readPrivateKey(input, requested, fields, passphrase);
  const kind = keyKinds[describe(key)];
  if (kind === undefined) {
    const hint = key.asymmetricKeyType === 'rsa-pss' ? '; RSA-PSS-restricted keys are not supported, use a plain RSA key' : '';
    throw invalidConfig(fields.key, `an RSA, EC (P-256, P-384, P-521) or Ed25519 private key (got ${describe(key)}${hint})`);
  }
  const algorithm = requested ?? kind.algorithms[0];
  if (!kind.algorithms.includes(algorithm)) {
    const needed = Object.values(keyKinds).find((other) => other.algorithms.includes(algorithm));
    if (needed === undefined) throw invalidConfig(fields.algorithm, `one of ${kind.algorithms.join(', ')} for this key`);
    throw invalidConfig(fields.mismatch, `${needed.label} for ${algorithm}, got ${describe(key)}`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits !== undefined && bits < 2048) throw invalidConfig(fields.key, `an RSA key of at least 2048 bits for ${algorithm}, got ${bits}`);
  return { key, algorithm };
}

function readPrivateKey(input: unknown, algorithm: string | undefined, fields: PrivateKeyFields, passphrase: string | undefined): KeyObject {
  const field = fields.key;
  if (input instanceof KeyObject) {
    if (input.type !== 'private') throw invalidConfig(field, `a private key (got a ${input.type} key)`);
    return input;
  }
  try {
    if (typeof input === 'string') {
      if (!input.includes('-----BEGIN')) throw invalidConfig(field, 'a PEM private key (-----BEGIN PRIVATE KEY-----), a private JWK or a KeyObject');
      if (/-----BEGIN (?:PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE)-----/.test(input)) throw invalidConfig(field, 'a private key (got a public key or certificate)');
      if (passphrase === undefined && /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(input)) {
        throw fields.passphrase === undefined ? invalidConfig(field, 'an unencrypted PEM private key') : invalidConfig(fields.passphrase, 'the passphrase of the encrypted privateKey');
      }
      return createPrivateKey(passphrase === undefined ? { key: input, format: 'pem' } : { key: input, format: 'pem', passphrase });
    }
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      const jwk = input as JsonWebKey;
      if (jwk.kty === 'oct') throw invalidConfig(field, 'an RSA, EC or OKP private key (a shared secret is not a private key)');
      if (typeof jwk.d !== 'string') throw invalidConfig(field, 'a private JWK (with "d"); got a public JWK');
      if (jwk.alg !== undefined && algorithm !== undefined && jwk.alg !== algorithm) throw invalidConfig(field, `a JWK whose "alg" is ${algorithm} (or absent)`);
      if (jwk.use !== undefined && jwk.use !== 'sig') throw invalidConfig(field, 'a JWK whose "use" is "sig" (or absent)');
      return createPrivateKey({ key: jwk, format: 'jwk' });
    }
  } catch (error) {
    if (error instanceof AuthError) throw error;
    // Node's message may quote parts of the input: keep only its code.
    const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'unknown';
    throw new AuthError('ERR_AUTH_INVALID_CONFIG', `${field}: expected a readable private key in PEM or JWK form (it could not be imported)`, {
      details: { field, reason: code },
    });
  }
  throw invalidConfig(field, 'a PEM string, a private JWK object or a KeyObject');
}

/** `rsa`, `ec secp384r1`, `ed448`: the key's type, and curve when it has one. */
function describe(key: KeyObject): string {
  const type = key.asymmetricKeyType ?? 'unknown';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve === undefined ? type : `${type} ${curve}`;
}
