// Token revocation (RFC 7009) for oauth2Auth and the interactive logins: the refresh token, then
// the access token, at the server's revocation endpoint with the client's own authentication;
// then the token is removed from the store for every process that shares it.
import { AuthError, invalidConfig } from '../errors.js';
import { fetchText, type FetchFunction } from '../http/fetch-text.js';
import { sanitizeText } from '../http/sanitize-text.js';
import type { TokenAuthenticator } from '../token-authenticator.js';
import type { TokenManager } from '../token-manager/token-manager.js';
import type { ClientAuthentication } from './client-auth.js';
import type { Dpop } from './dpop/dpop.js';
import type { DpopKey } from './dpop/key.js';
import { safeErrorCode } from './error-code.js';
import { requestSignal } from './request-signal.js';
import { discoverAuthorizationServer } from './server-metadata.js';

/**
 * Options of {@link OAuth2Authenticator.revoke}.
 *
 * @example
 * ```ts
 * const options: RevokeOptions = { signal: AbortSignal.timeout(10_000) };
 * ```
 */
export interface RevokeOptions {
  /** Stops the revocation requests (`ERR_AUTH_ABORTED`); the token then stays in the store. */
  readonly signal?: AbortSignal;
}

/**
 * What {@link oauth2Auth} and the interactive logins return: a {@link TokenAuthenticator} that can
 * also revoke its tokens.
 *
 * @example
 * ```ts
 * const auth: OAuth2Authenticator = oauth2Auth({ grant: 'refresh_token', tokenUrl, clientId, refreshToken, revocationUrl });
 * await auth.revoke(); // signed out in every process sharing the store
 * ```
 */
export interface OAuth2Authenticator extends TokenAuthenticator {
  /**
   * Revokes the refresh token, then the access token, at the revocation endpoint (RFC 7009) with
   * the client authentication of the token requests, then removes them from the store: every
   * process sharing it finds no token. Afterwards a machine grant (`client_credentials`,
   * `jwt_bearer`, `password` before a refresh token) fetches a new token on the next request; a grant
   * that lives on a refresh token fails with `ERR_AUTH_REAUTH_REQUIRED` until a new sign-in. A
   * failed revocation request rejects with `ERR_AUTH_TOKEN_REQUEST_FAILED` and leaves the store as
   * it was. Without a stored token it only clears.
   */
  revoke(options?: RevokeOptions): Promise<void>;
}

/** What {@link createRevoke} needs of one authenticator. */
export interface RevocationSetup {
  readonly manager: TokenManager;
  readonly clientAuth: ClientAuthentication;
  readonly extraHeaders: Readonly<Record<string, string>>;
  /** `revocationUrl`, checked; else read from the issuer's metadata on first use. */
  readonly revocationUrl: URL | undefined;
  readonly issuer: string | undefined;
  readonly fetch: FetchFunction;
  readonly allowInsecureHttp: boolean;
  readonly requestTimeoutMs: number;
  /** DPoP, when on: a DPoP-bound token is revoked with a proof of its key. */
  readonly dpop?: Dpop | undefined;
}

/** Stored tokens revoked before the record is deleted: a sibling that rotated meanwhile is caught this many times. */
const maxRounds = 3;

/**
 * Builds `revoke()`: reads the stored token (the latest, whoever rotated it), revokes its refresh
 * token and access token, reads again in case a sibling refreshed meanwhile, then deletes it.
 * A failed revocation request throws and leaves the store as it was, so `revoke()` can be called again.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
export function createRevoke(setup: RevocationSetup): (options?: RevokeOptions) => Promise<void> {
  let endpoint: Promise<URL> | undefined;
  const revocationEndpoint = (): Promise<URL> => {
    if (setup.revocationUrl !== undefined) return Promise.resolve(setup.revocationUrl);
    if (setup.issuer === undefined) return Promise.reject(invalidConfig('revocationUrl', 'a revocation endpoint URL (or an issuer whose metadata names one)'));
    const pending = (endpoint ??= discoverRevocationUrl(setup));
    pending.catch(() => {
      if (endpoint === pending) endpoint = undefined;
    });
    return pending;
  };
  return async (options = {}) => {
    const { manager } = setup;
    const revoked = new Set<string>();
    let version: number | undefined;
    for (let round = 0; round < maxRounds; round += 1) {
      const stored = await manager.store.get(manager.key);
      const cached = round === 0 ? manager.peek() : undefined;
      const storedKey = boundKey(setup.dpop, stored);
      const cachedKey = boundKey(setup.dpop, cached);
      const pairs: Array<[string | undefined, Hint, DpopKey | undefined]> = [
        [stored?.refreshToken, 'refresh_token', storedKey],
        [stored?.accessToken, 'access_token', storedKey],
        [cached?.refreshToken, 'refresh_token', cachedKey],
        [cached?.accessToken, 'access_token', cachedKey],
      ];
      const todo = new Map<string, { hint: Hint; key: DpopKey | undefined }>();
      for (const [token, hint, key] of pairs) if (token !== undefined && token !== '' && !revoked.has(token) && !todo.has(token)) todo.set(token, { hint, key });
      if (todo.size === 0 && stored?.version === version) break;
      version = stored?.version;
      if (todo.size === 0) continue;
      const url = await revocationEndpoint();
      for (const [token, { hint, key }] of todo) {
        await revokeOne(setup, url, { token, hint, key }, options.signal);
        revoked.add(token);
      }
    }
    await manager.clearToken({ retire: [...revoked] });
  };
}

async function discoverRevocationUrl(setup: RevocationSetup): Promise<URL> {
  const metadata = await discoverAuthorizationServer(setup.issuer ?? '', { fetch: setup.fetch, allowInsecureHttp: setup.allowInsecureHttp, timeoutMs: setup.requestTimeoutMs });
  if (metadata.revocationUrl === undefined) {
    throw invalidConfig('revocationUrl', `a revocation endpoint URL (the metadata of ${new URL(metadata.issuer).origin} names none)`);
  }
  return new URL(metadata.revocationUrl);
}

type Hint = 'refresh_token' | 'access_token';

/** The key a DPoP-bound token proves with (its stored one, else the authenticator's); none for a Bearer token or without DPoP. */
function boundKey(dpop: Dpop | undefined, token: { readonly tokenType?: string | undefined; readonly dpopKey?: string | undefined } | undefined): DpopKey | undefined {
  if (dpop === undefined || token === undefined || token.tokenType?.toLowerCase() !== 'dpop') return undefined;
  return dpop.keyOf(token.dpopKey === undefined ? {} : { dpopKey: token.dpopKey });
}

/**
 * One revocation request. 200 is success whether or not the token was still valid (RFC 7009 §2.2).
 * A DPoP-bound token goes with a proof; a `use_dpop_nonce` answer gets exactly one more request.
 */
async function revokeOne(setup: RevocationSetup, url: URL, item: { token: string; hint: Hint; key: DpopKey | undefined }, signal: AbortSignal | undefined): Promise<void> {
  const { token, hint, key } = item;
  const request = requestSignal(setup.requestTimeoutMs, 'the revocation request', signal);
  let response;
  let parsed: { error?: unknown; error_description?: unknown } = {};
  let secrets: string[];
  try {
    for (let attempt = 0; ; attempt += 1) {
      const body = new URLSearchParams([
        ['token', token],
        ['token_type_hint', hint],
      ]);
      const headers = new Headers(setup.extraHeaders);
      headers.set('Content-Type', 'application/x-www-form-urlencoded;charset=UTF-8');
      headers.set('Accept', 'application/json');
      if (key !== undefined && setup.dpop !== undefined) headers.set('DPoP', setup.dpop.proof(key, { method: 'POST', url }));
      secrets = [token, ...(await setup.clientAuth.apply(body, headers))];
      response = await fetchText({
        url,
        init: { method: 'POST', headers, body: body.toString() },
        fetch: setup.fetch,
        signal: request.signal,
        what: `revocation request to ${url.origin}`,
        secrets,
      });
      const fresh = key !== undefined && setup.dpop !== undefined && setup.dpop.noteNonce(url, response.headers);
      if (response.status === 200) return;
      parsed = {};
      try {
        const value: unknown = JSON.parse(response.text);
        if (typeof value === 'object' && value !== null) parsed = value as typeof parsed;
      } catch {
        // not JSON
      }
      if (!(attempt === 0 && fresh && safeErrorCode(parsed.error) === 'use_dpop_nonce')) break;
    }
  } finally {
    request.done();
  }
  const error = safeErrorCode(parsed.error);
  // A server that does not revoke access tokens says so; the refresh token, revoked first, was the one that mattered.
  if (hint === 'access_token' && error === 'unsupported_token_type') return;
  const description = sanitizeText(parsed.error_description, secrets);
  const summary = `HTTP ${response.status}${error === undefined ? '' : ` ${error}`}${description === undefined ? '' : `: ${description}`}`;
  throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `revocation of the ${hint.replace('_', ' ')} failed: ${summary}; the token is still stored`, {
    details: { status: response.status, retryable: response.status >= 500 || response.status === 429, ...(error === undefined ? {} : { error }) },
  });
}
