import { createPrivateKey, KeyObject, type JsonWebKey, type webcrypto } from 'node:crypto';
import { invalidConfig } from '../errors.js';
import type { SigningKeyInput } from './types.js';

/** A key ready for jose's `SignJWT.sign`, with its algorithm. */
export interface SigningKey {
  readonly key: KeyObject | webcrypto.CryptoKey | Uint8Array;
  readonly algorithm: string;
}

const asymmetric: Readonly<Record<string, readonly string[]>> = {
  rsa: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  'rsa-pss': ['PS256', 'PS384', 'PS512'],
  'ec:prime256v1': ['ES256'],
  'ec:secp384r1': ['ES384'],
  'ec:secp521r1': ['ES512'],
  ed25519: ['EdDSA', 'Ed25519'],
};

/**
 * Imports a private key at configuration time and picks (or checks) its algorithm. Errors name
 * `field` and never quote the key.
 */
export function importPrivateKey(input: SigningKeyInput | undefined, algorithm: string | undefined, field: string): SigningKey {
  if (input === undefined) throw invalidConfig(field, 'a private key (PEM, KeyObject, CryptoKey or private JWK)');
  if (isCryptoKey(input)) {
    if (input.type !== 'private') throw invalidConfig(field, 'a private CryptoKey');
    return { key: input, algorithm: algorithm ?? algorithmOfCryptoKey(input, field) };
  }
  let key: KeyObject;
  if (input instanceof KeyObject) {
    key = input;
  } else {
    try {
      key = typeof input === 'string' ? createPrivateKey(input) : createPrivateKey({ key: input as JsonWebKey, format: 'jwk' });
    } catch {
      throw invalidConfig(field, typeof input === 'string' ? 'a PEM private key (PKCS#8, PKCS#1 or SEC1)' : 'a private JWK');
    }
  }
  if (key.type !== 'private') throw invalidConfig(field, 'a private key');
  const kind = key.asymmetricKeyType === 'ec' ? `ec:${key.asymmetricKeyDetails?.namedCurve ?? ''}` : (key.asymmetricKeyType ?? '');
  const allowed = asymmetric[kind];
  if (allowed === undefined) throw invalidConfig(field, 'an RSA, EC (P-256, P-384, P-521) or Ed25519 private key');
  const chosen = algorithm ?? allowed[0] ?? '';
  if (!allowed.includes(chosen)) throw invalidConfig(`${field.replace(/\.privateKey$/, '')}.algorithm`, `one of ${allowed.join(', ')} for this key`);
  return { key, algorithm: chosen };
}

/** The HMAC key of `client_secret_jwt`. */
export function secretKey(secret: string, algorithm: string | undefined, field: string): SigningKey {
  const chosen = algorithm ?? 'HS256';
  if (!['HS256', 'HS384', 'HS512'].includes(chosen)) throw invalidConfig(field, 'HS256, HS384 or HS512');
  return { key: new TextEncoder().encode(secret), algorithm: chosen };
}

/** `globalThis.CryptoKey` (Node 20 has no `webcrypto.CryptoKey`); duck-typed where neither exists. */
function isCryptoKey(value: unknown): value is webcrypto.CryptoKey {
  const CryptoKeyClass = (globalThis as { CryptoKey?: abstract new () => unknown }).CryptoKey;
  if (CryptoKeyClass !== undefined) return value instanceof CryptoKeyClass;
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object CryptoKey]';
}

function algorithmOfCryptoKey(key: webcrypto.CryptoKey, field: string): string {
  const algorithm = key.algorithm as { name: string; namedCurve?: string; hash?: { name?: string } };
  const hash = algorithm.hash?.name?.replace('SHA-', '') ?? '256';
  switch (algorithm.name) {
    case 'RSASSA-PKCS1-v1_5':
      return `RS${hash}`;
    case 'RSA-PSS':
      return `PS${hash}`;
    case 'ECDSA':
      return algorithm.namedCurve === 'P-384' ? 'ES384' : algorithm.namedCurve === 'P-521' ? 'ES512' : 'ES256';
    case 'Ed25519':
      return 'EdDSA';
    default:
      throw invalidConfig(`${field.replace(/\.privateKey$/, '')}.algorithm`, 'the JWS algorithm of this CryptoKey');
  }
}
