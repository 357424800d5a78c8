import type { webcrypto } from 'node:crypto';
import { invalidConfig } from '../errors.js';
import { importPrivateKey, type SigningKey } from '../strategies/private-key.js';
import type { SigningKeyInput } from './common-options.js';

/**
 * Imports a private key at configuration time and picks (or checks) its algorithm: a private
 * `CryptoKey` as it is, anything else through {@link importPrivateKey}. Errors name `field` (or
 * the `algorithm` option next to it) and never quote the key.
 */
export function assertionSigningKey(input: SigningKeyInput | undefined, algorithm: string | undefined, field: string): SigningKey {
  if (input === undefined) throw invalidConfig(field, 'a private key (PEM, KeyObject, CryptoKey or private JWK)');
  const algorithmField = `${field.replace(/\.privateKey$/, '')}.algorithm`;
  if (isCryptoKey(input)) {
    if (input.type !== 'private') throw invalidConfig(field, 'a private CryptoKey');
    return { key: input, algorithm: algorithm ?? algorithmOfCryptoKey(input, algorithmField) };
  }
  return importPrivateKey(input, algorithm, { key: field, algorithm: algorithmField, mismatch: algorithmField });
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

function algorithmOfCryptoKey(key: webcrypto.CryptoKey, algorithmField: string): string {
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
      throw invalidConfig(algorithmField, 'the JWS algorithm of this CryptoKey');
  }
}
