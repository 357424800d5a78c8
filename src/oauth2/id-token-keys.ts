// The keys ID tokens are verified with: the issuer's JWKS (`jwksUrl`, or `jwks_uri` from the
// issuer's metadata), fetched with authwire's own request path, cached per URL for the process,
// and fetched once more when a token names a key the cached set does not hold (key rotation).
import type { JSONWebKeySet } from 'jose';
import { AuthError } from '../errors.js';
import { fetchText, type FetchFunction } from '../http/fetch-text.js';
import { loadJose } from '../strategies/jose.js';
import { checkEndpointUrl } from './endpoint-url.js';
import { requestSignal } from './request-signal.js';
import { discoverAuthorizationServer } from './server-metadata.js';

/** The signature algorithms an ID token may use: asymmetric only (a JWKS holds public keys; `none` never). */
export const ID_TOKEN_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;

/** How long a fetched key set is used before it is fetched again. */
const maxAgeMs = 10 * 60_000;
/** Key sets kept (one per issuer in practice). */
const maxEntries = 32;

interface CachedKeys {
  readonly keys: JSONWebKeySet;
  readonly fetchedAt: number;
}

const cache = new Map<string, CachedKeys>();
const pending = new Map<string, Promise<CachedKeys>>();
const discovered = new Map<string, Promise<URL>>();

/** What {@link idTokenVerifier} needs. */
export interface IdTokenKeyOptions {
  readonly jwksUrl: string | URL | undefined;
  readonly issuer: string | undefined;
  readonly fetch: FetchFunction;
  readonly allowInsecureHttp: boolean;
  readonly requestTimeoutMs: number;
}

/** Verifies the signature of an ID token; rejects with `ERR_AUTH_CALLBACK` and a `details.reason`. */
export type IdTokenVerifier = (idToken: string, signal?: AbortSignal) => Promise<void>;

/**
 * The signature check of one login's ID tokens, or `undefined` when neither `jwksUrl` nor
 * `issuer` is known (then only the claims are checked). `jwksUrl` is checked now; without it the
 * issuer's metadata is read on the first ID token.
 */
export function idTokenVerifier(options: IdTokenKeyOptions): IdTokenVerifier | undefined {
  const given = options.jwksUrl === undefined ? undefined : checkEndpointUrl(options.jwksUrl, 'jwksUrl', options.allowInsecureHttp);
  if (given === undefined && options.issuer === undefined) return undefined;
  return async (idToken, signal) => {
    const url = given ?? (await jwksUrlOf(options, signal));
    const jose = await loadJose();
    let keys = await keySet(url, options, signal, false);
    for (let attempt = 0; ; attempt += 1) {
      try {
        await jose.compactVerify(idToken, jose.createLocalJWKSet(keys.keys), { algorithms: [...ID_TOKEN_ALGORITHMS] });
        return;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        // A key the cached set does not hold: the issuer may have rotated its keys. Fetch once more.
        if (code === 'ERR_JWKS_NO_MATCHING_KEY' && attempt === 0) {
          keys = await keySet(url, options, signal, true, keys);
          continue;
        }
        throw refusal(code);
      }
    }
  };
}

function refusal(code: unknown): AuthError {
  switch (code) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return refused(`the ID token is not signed with an allowed algorithm (${ID_TOKEN_ALGORITHMS.join(', ')})`, 'id_token_algorithm');
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return refused("the ID token is signed with a key that is not in the issuer's JWKS", 'id_token_unknown_key');
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return refused("the ID token signature does not verify with the issuer's keys", 'id_token_signature');
    default:
      return refused('the ID token is not a valid signed JWT', 'id_token_invalid');
  }
}

function refused(why: string, reason: string): AuthError {
  return new AuthError('ERR_AUTH_CALLBACK', `login refused: ${why}`, { details: { reason } });
}

/** The JWKS URL from the issuer's metadata (`jwks_uri`), read once per issuer. */
function jwksUrlOf(options: IdTokenKeyOptions, signal: AbortSignal | undefined): Promise<URL> {
  const issuer = options.issuer ?? '';
  let found = discovered.get(issuer);
  if (found === undefined) {
    found = discoverAuthorizationServer(issuer, {
      fetch: options.fetch, allowInsecureHttp: options.allowInsecureHttp, timeoutMs: options.requestTimeoutMs, ...(signal === undefined ? {} : { signal }),
    }).then((metadata) => {
      if (metadata.jwksUrl === undefined) throw refused('the issuer metadata names no jwks_uri to verify the ID token with', 'id_token_no_keys');
      return new URL(metadata.jwksUrl);
    });
    const current = found;
    discovered.set(issuer, current);
    current.catch(() => {
      if (discovered.get(issuer) === current) discovered.delete(issuer);
    });
  }
  return found;
}

/** The cached key set of `url`, fetched when missing, old, or (with `again`) still the one given. */
async function keySet(url: URL, options: IdTokenKeyOptions, signal: AbortSignal | undefined, again: boolean, seen?: CachedKeys): Promise<CachedKeys> {
  const cached = cache.get(url.href);
  if (cached !== undefined && Date.now() - cached.fetchedAt < maxAgeMs && !(again && cached === seen)) return cached;
  let fetching = pending.get(url.href);
  if (fetching === undefined) {
    fetching = fetchKeys(url, options, signal).finally(() => {
      if (pending.get(url.href) === fetching) pending.delete(url.href);
    });
    pending.set(url.href, fetching);
  }
  return fetching;
}

async function fetchKeys(url: URL, options: IdTokenKeyOptions, signal: AbortSignal | undefined): Promise<CachedKeys> {
  const request = requestSignal(options.requestTimeoutMs, 'the JWKS request', signal);
  let text: string;
  try {
    const response = await fetchText({
      url,
      init: { headers: { Accept: 'application/json' } },
      fetch: options.fetch,
      signal: request.signal,
      what: `JWKS request to ${url.origin}`,
      secrets: [],
    });
    if (response.status !== 200) throw refused(`the JWKS request to ${url.origin} failed: HTTP ${response.status}`, 'id_token_no_keys');
    text = response.text;
  } finally {
    request.done();
  }
  let keys: unknown;
  try {
    keys = JSON.parse(text);
  } catch {
    keys = undefined;
  }
  if (typeof keys !== 'object' || keys === null || !Array.isArray((keys as { keys?: unknown }).keys)) {
    throw refused(`the JWKS at ${url.origin} is not a JSON Web Key Set`, 'id_token_no_keys');
  }
  const entry: CachedKeys = { keys: keys as JSONWebKeySet, fetchedAt: Date.now() };
  cache.delete(url.href);
  cache.set(url.href, entry);
  if (cache.size > maxEntries) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  return entry;
}
