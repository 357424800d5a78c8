// The DPoP key pair of a token: read from the options (a private JWK or an extractable key pair),
// generated with jose, or read back from the token store, where it is kept as the private JWK's
// JSON text beside the token it is bound to. Proofs are signed with node:crypto, synchronously,
// so that a request with a cached token and a redirect hop are authenticated without waiting.
import { createPrivateKey, createPublicKey, KeyObject, type JsonWebKey, type webcrypto } from 'node:crypto';
import { AuthError, invalidConfig } from '../../errors.js';
import { loadJose } from '../../strategies/jose.js';

/** The signature algorithms of DPoP proofs authwire signs (RFC 9449 §4.2: asymmetric only). */
export const DPOP_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'PS256', 'EdDSA'] as const;

/**
 * A DPoP proof algorithm: ECDSA (`ES256`, the default), RSA (`RS256`, `PS256`) or `EdDSA` (Ed25519).
 *
 * @example
 * ```ts
 * const algorithm: DpopAlgorithm = 'ES256';
 * ```
 */
export type DpopAlgorithm = (typeof DPOP_ALGORITHMS)[number];

/** A usable DPoP key: the private key, its public JWK (for the proof header) and its stored form. */
export interface DpopKey {
  readonly algorithm: DpopAlgorithm;
  readonly privateKey: KeyObject;
  /** The public JWK, only the public members. */
  readonly publicJwk: Readonly<Record<string, string>>;
  /** The private JWK as JSON text, with `alg`: what the token store keeps. Secret. */
  readonly serialized: string;
}

const curveOf: Readonly<Record<string, DpopAlgorithm>> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512', Ed25519: 'EdDSA' };
const publicMembers: Readonly<Record<string, readonly string[]>> = { EC: ['kty', 'crv', 'x', 'y'], RSA: ['kty', 'n', 'e'], OKP: ['kty', 'crv', 'x'] };

/** Parsed keys by their stored text: parsing a JWK costs more than a signature. */
const parsed = new Map<string, DpopKey>();
const maxParsed = 64;

/**
 * The key of a stored (or configured) private JWK text. Throws `ERR_AUTH_INVALID_CONFIG`
 * (`field` names where it came from) when it is no private key of a supported algorithm; the
 * message never holds the key.
 */
export function parseDpopKey(serialized: string, field: string): DpopKey {
  const cached = parsed.get(serialized);
  if (cached !== undefined) return cached;
  let jwk: JsonWebKey & { alg?: string };
  try {
    jwk = JSON.parse(serialized) as JsonWebKey & { alg?: string };
  } catch {
    throw invalidConfig(field, 'a private JWK (JSON)');
  }
  const key = fromJwk(jwk, field);
  if (parsed.size >= maxParsed) parsed.clear();
  parsed.set(serialized, key);
  return key;
}

function fromJwk(jwk: JsonWebKey & { alg?: string }, field: string, algorithm?: DpopAlgorithm): DpopKey {
  if (typeof jwk !== 'object' || jwk === null || typeof jwk.d !== 'string') throw invalidConfig(field, 'a private key (a JWK with "d", or a key pair)');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  } catch {
    throw invalidConfig(field, 'a private JWK node:crypto can read (EC P-256/P-384/P-521, RSA or Ed25519)');
  }
  const alg = algorithm ?? algorithmOf(jwk, field);
  const kty = jwk.kty ?? '';
  const expectedKty = alg.startsWith('ES') ? 'EC' : alg === 'EdDSA' ? 'OKP' : 'RSA';
  if (kty !== expectedKty || (alg !== 'RS256' && alg !== 'PS256' && curveOf[jwk.crv ?? ''] !== alg)) throw invalidConfig(field, `a key that fits the algorithm ${alg}`);
  const exported = createPublicKey(privateKey).export({ format: 'jwk' }) as Record<string, unknown>;
  const publicJwk: Record<string, string> = {};
  for (const name of publicMembers[kty] ?? []) if (typeof exported[name] === 'string') publicJwk[name] = exported[name];
  const full = privateKey.export({ format: 'jwk' });
  return { algorithm: alg, privateKey, publicJwk, serialized: JSON.stringify({ ...full, alg }) };
}

function algorithmOf(jwk: JsonWebKey & { alg?: string }, field: string): DpopAlgorithm {
  if (jwk.alg !== undefined) {
    if (!(DPOP_ALGORITHMS as readonly string[]).includes(jwk.alg)) throw invalidConfig(`${field}.alg`, `one of ${DPOP_ALGORITHMS.join(', ')}`);
    return jwk.alg as DpopAlgorithm;
  }
  const byCurve = curveOf[jwk.crv ?? ''];
  if (byCurve !== undefined) return byCurve;
  if (jwk.kty === 'RSA') return 'PS256';
  throw invalidConfig(field, 'a JWK with alg, or an EC / Ed25519 key');
}

/**
 * What `dpop.key` may be: a private JWK, or a key pair whose private key can be exported (it is kept in the token store).
 *
 * @example
 * ```ts
 * const key: DpopKeyInput = await generateKeyPair('ES256', { extractable: true });
 * ```
 */
export type DpopKeyInput =
  | JsonWebKey
  | {
      /** The private key the proofs are signed with. */
      readonly privateKey: webcrypto.CryptoKey | KeyObject;
      /** Its public key (derived from the private key when absent). */
      readonly publicKey?: webcrypto.CryptoKey | KeyObject;
    };

/** The configured key, checked now. */
export function configuredDpopKey(input: unknown, algorithm: DpopAlgorithm | undefined, field: string): DpopKey {
  if (typeof input !== 'object' || input === null) throw invalidConfig(field, 'a private JWK or a key pair');
  const pair = input as { privateKey?: unknown };
  if (pair.privateKey === undefined) return fromJwk(input as JsonWebKey, field, algorithm);
  let key: KeyObject;
  try {
    key = pair.privateKey instanceof KeyObject ? pair.privateKey : KeyObject.from(pair.privateKey as webcrypto.CryptoKey);
  } catch {
    throw invalidConfig(`${field}.privateKey`, 'a CryptoKey or KeyObject');
  }
  let jwk: JsonWebKey;
  try {
    jwk = key.export({ format: 'jwk' });
  } catch {
    throw invalidConfig(`${field}.privateKey`, 'an extractable private key (it is kept in the token store beside the token)');
  }
  return fromJwk(jwk, field, algorithm);
}

/** A new key pair (jose), extractable so that it can be stored with the token. */
export async function generateDpopKey(algorithm: DpopAlgorithm): Promise<DpopKey> {
  const jose = await loadJose();
  const { privateKey } = await jose.generateKeyPair(algorithm === 'EdDSA' ? 'Ed25519' : algorithm, { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  try {
    return fromJwk(jwk as JsonWebKey, 'dpop', algorithm);
  } catch (error) {
    throw new AuthError('ERR_AUTH_INVALID_CONFIG', `dpop: the generated ${algorithm} key cannot be used`, { cause: error });
  }
}

/** The algorithm option, checked. */
export function checkDpopAlgorithm(value: unknown, field: string): DpopAlgorithm | undefined {
  if (value === undefined) return undefined;
  if (!(DPOP_ALGORITHMS as readonly unknown[]).includes(value)) throw invalidConfig(field, `one of ${DPOP_ALGORITHMS.join(', ')}`);
  return value as DpopAlgorithm;
}
