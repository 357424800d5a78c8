// The `dpop` field of the oauth2 and oauth2Interactive configs: its type, its JSON Schema entry
// and its build step (the key's JSON text read and checked, naming the field, never quoting it).
import type { JsonWebKey } from 'node:crypto';
import { invalidConfig } from '../errors.js';
import type { DpopOptions } from '../oauth2/dpop/dpop.js';
import { configuredDpopKey, DPOP_ALGORITHMS, type DpopAlgorithm } from '../oauth2/dpop/key.js';
import { enumOf, object, ref, type JsonSchema } from './schema-parts.js';
import type { PemSource, ReadSecret } from './secret.js';

/**
 * DPoP (RFC 9449) in config, see {@link DpopOptions}: `{}` for a key generated on the first
 * token request, or `{ key }` with a private JWK as JSON text (written out or, better,
 * `{ "env": "NAME" }` or `{ "file": "path" }`). A key pair object (jose, WebCrypto, `KeyObject`) is code, not data:
 * pass it to {@link oauth2Auth} or {@link interactiveAuth} itself.
 *
 * @example
 * ```ts
 * const generated: DpopConfig = {};
 * const configured: DpopConfig = { key: { env: 'DPOP_PRIVATE_JWK' }, algorithm: 'ES256' };
 * ```
 */
export interface DpopConfig {
  /** A private JWK as JSON text (with `alg`, or EC/Ed25519 where the curve tells). Default: a generated key. */
  readonly key?: PemSource;
  /** The algorithm of a generated key, or of a `key` without `alg`. Default `ES256`. */
  readonly algorithm?: DpopAlgorithm;
}

/** The `dpop` property of the oauth2 and oauth2Interactive members of the config schema. */
export const dpopSchema: JsonSchema = {
  title: '{} for a generated key, or { "key": a private JWK as JSON text, { "env": "NAME" } or { "file": "path" }, "algorithm": ... }',
  ...object({ key: ref('keySource'), algorithm: enumOf(DPOP_ALGORITHMS) }),
};

/**
 * The `dpop` option of {@link oauth2Auth} or {@link interactiveAuth} from a checked `dpop` config:
 * the key's text (read with `read`) parsed as a JWK and checked now, so that a problem names
 * `<path>.dpop.key`.
 *
 * @internal
 * @example
 * ```ts
 * const dpop = buildDpop(config.dpop, 'oauth2', (value, field) => resolveSecret(value, `oauth2.${field}`, env));
 * ```
 */
export function buildDpop(config: DpopConfig, path: string, read: ReadSecret): DpopOptions {
  const algorithm = config.algorithm === undefined ? {} : { algorithm: config.algorithm };
  if (config.key === undefined) return algorithm;
  const field = `${path}.dpop.key`;
  const text = read(config.key, 'dpop.key');
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    // The parser's message quotes the text: say only what was expected.
    throw invalidConfig(field, 'a private JWK as JSON text');
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw invalidConfig(field, 'a private JWK as JSON text');
  // Checked here to name the config's field (the factories say `dpop.key`); the message never holds the key.
  configuredDpopKey(jwk, config.algorithm, field);
  return { key: jwk as JsonWebKey, ...algorithm };
}
