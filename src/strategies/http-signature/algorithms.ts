// The signing keys and primitives of RFC 9421's algorithms, from node:crypto. A key that does
// not fit its algorithm fails when the authenticator is made; no key material is ever quoted.
import { constants, createPrivateKey, createSecretKey, KeyObject, sign } from 'node:crypto';
import { invalidConfig } from '../../errors.js';
import { hmacSha256 } from '../sha256.js';
import type { HttpSignatureAlgorithm, HttpSignatureKey } from './types.js';

/** Every algorithm name, for checks and the config schema. */
export const httpSignatureAlgorithms: readonly HttpSignatureAlgorithm[] = ['ed25519', 'ecdsa-p256-sha256', 'rsa-pss-sha512', 'rsa-v1_5-sha256', 'hmac-sha256'];

/** Signs a signature base (UTF-8) and returns the signature bytes. */
export type SignBase = (base: string) => Buffer;

const expectedKey: Record<HttpSignatureAlgorithm, string> = {
  ed25519: 'an Ed25519 private key (PEM, JWK or KeyObject)',
  'ecdsa-p256-sha256': 'an EC P-256 private key (PEM, JWK or KeyObject)',
  'rsa-pss-sha512': 'an RSA private key (PEM, JWK or KeyObject)',
  'rsa-v1_5-sha256': 'an RSA private key (PEM, JWK or KeyObject)',
  'hmac-sha256': 'a non-empty shared secret (bytes, text, an oct JWK or a secret KeyObject)',
};

/** A signer for `algorithm` with `key`, checked now. */
export function signerFor(algorithm: HttpSignatureAlgorithm, key: HttpSignatureKey, field: string): SignBase {
  if (algorithm === 'hmac-sha256') {
    const secret = secretKey(key, `${field}.key`);
    return (base) => hmacSha256(secret, base);
  }
  const privateKey = asymmetricKey(key, `${field}.key`, expectedKey[algorithm]);
  const type = privateKey.asymmetricKeyType;
  const fits =
    (algorithm === 'ed25519' && type === 'ed25519') ||
    (algorithm === 'ecdsa-p256-sha256' && type === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') ||
    (algorithm === 'rsa-pss-sha512' && (type === 'rsa' || type === 'rsa-pss')) ||
    (algorithm === 'rsa-v1_5-sha256' && type === 'rsa');
  if (!fits) throw invalidConfig(`${field}.key`, `${expectedKey[algorithm]} for algorithm ${algorithm}; got a ${type ?? 'different'} key`);
  switch (algorithm) {
    case 'ed25519':
      return (base) => sign(null, Buffer.from(base), privateKey);
    case 'ecdsa-p256-sha256':
      // RFC 9421 §3.3.4: r and s as two 32-byte integers, not DER.
      return (base) => sign('sha256', Buffer.from(base), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    case 'rsa-pss-sha512':
      return (base) => sign('sha512', Buffer.from(base), { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 });
    case 'rsa-v1_5-sha256':
      return (base) => sign('sha256', Buffer.from(base), { key: privateKey, padding: constants.RSA_PKCS1_PADDING });
    default:
      throw algorithm satisfies never;
  }
}

function asymmetricKey(key: HttpSignatureKey, field: string, expected: string): KeyObject {
  let made: KeyObject;
  try {
    if (key instanceof KeyObject) made = key;
    else if (typeof key === 'string' || key instanceof Uint8Array) made = createPrivateKey(typeof key === 'string' ? key : Buffer.from(key));
    else if (typeof key === 'object' && key !== null) made = createPrivateKey({ key: key as never, format: 'jwk' });
    else throw new TypeError('no key');
  } catch {
    throw invalidConfig(field, expected);
  }
  if (made.type !== 'private') throw invalidConfig(field, `${expected}; got a ${made.type} key`);
  return made;
}

function secretKey(key: HttpSignatureKey, field: string): KeyObject {
  const expected = expectedKey['hmac-sha256'];
  let made: KeyObject;
  if (key instanceof KeyObject) {
    if (key.type !== 'secret') throw invalidConfig(field, `${expected}; got a ${key.type} key`);
    made = key;
  } else {
    let bytes: Buffer;
    if (typeof key === 'string') bytes = Buffer.from(key, 'utf8');
    else if (key instanceof Uint8Array) bytes = Buffer.from(key);
    else if (typeof key === 'object' && key !== null && (key as JsonWebKey).kty === 'oct' && typeof (key as JsonWebKey).k === 'string') bytes = Buffer.from((key as JsonWebKey).k as string, 'base64url');
    else throw invalidConfig(field, expected);
    if (bytes.length === 0) throw invalidConfig(field, expected);
    made = createSecretKey(bytes);
  }
  if (!made.symmetricKeySize) throw invalidConfig(field, expected);
  return made;
}
