import type { ClientTls } from '../authenticator.js';
import { invalidConfig } from '../errors.js';
import type { TokenLifecycleOptions } from '../oauth2/types.js';
import { sessionTokenAuth } from '../strategies/session-token.js';
import type { SessionExpiresIn, SessionLoginOptions, SessionTokenAuthenticator } from '../strategies/session-token-types.js';
import { checkProviderOptions } from './option-names.js';

/**
 * Options of {@link metabaseAuth}.
 *
 * @example
 * ```ts
 * const options: MetabaseAuthOptions = {
 *   baseUrl: 'https://metabase.example.com',
 *   username: 'reports@example.com',
 *   password: process.env.METABASE_PASSWORD ?? '',
 * };
 * ```
 */
export interface MetabaseAuthOptions extends TokenLifecycleOptions {
  /** Where Metabase runs, e.g. `https://metabase.example.com` or `https://example.com/metabase`. */
  readonly baseUrl: string | URL;
  /** The user's e-mail address (or LDAP user name). */
  readonly username: string;
  /** The user's password. */
  readonly password: string;
  /**
   * How long a session lives. Default `P14D`, Metabase's default `MAX_SESSION_AGE` (20160 minutes);
   * set it to match when your instance changes `MAX_SESSION_AGE`.
   */
  readonly expiresIn?: Exclude<SessionExpiresIn, 'none'>;
  /** Allow a plain `http:` Metabase on a host other than loopback. Off by default. */
  readonly allowInsecureHttp?: boolean;
  /** The fetch the login request is sent with. Default: the global `fetch`. */
  readonly fetch?: SessionLoginOptions['fetch'];
  /** Client certificate and CAs for the API requests (passed to adapters). */
  readonly tls?: ClientTls;
  /** Replaces the computed cache key (login URL + a fingerprint of the user name and password). */
  readonly cacheKey?: string;
}

/**
 * {@link metabaseAuth}'s authenticator: a session-token authenticator that also says it is for
 * Metabase and where Metabase runs (handy for an adapter's `origins`).
 *
 * @example
 * ```ts
 * const auth: MetabaseAuthenticator = metabaseAuth({ baseUrl, username, password });
 * const api = authFetch(auth, { origins: [auth.baseUrl] });
 * ```
 */
export interface MetabaseAuthenticator extends SessionTokenAuthenticator {
  /** Always `metabase`. */
  readonly provider: 'metabase';
  /** The Metabase base URL, without a trailing slash. */
  readonly baseUrl: string;
}

/**
 * Metabase with a user's session: `POST /api/session` with `{ username, password }`, the session
 * id from the answer's `id`, sent as `X-Metabase-Session` on every API request; a session lives
 * 14 days (Metabase's default) and is renewed ahead of time. A 401 from the API (the session was
 * revoked, the instance restarted) logs in once more and retries; a refused login (wrong password)
 * is `ERR_AUTH_REAUTH_REQUIRED` and is not tried again. For a service account, prefer a Metabase
 * API key with `apiKeyAuth({ key, in: 'header', name: 'X-API-Key' })`.
 *
 * @see https://www.metabase.com/docs/latest/api/session
 * @see https://www.metabase.com/learn/metabase-basics/administration/administration-and-operation/metabase-api
 * @example
 * ```ts
 * import { metabaseAuth } from 'authwire/providers';
 * import { authFetch } from 'authwire/fetch';
 *
 * const auth = metabaseAuth({
 *   baseUrl: 'https://metabase.example.com',
 *   username: 'reports@example.com',
 *   password: process.env.METABASE_PASSWORD ?? '',
 * });
 * const metabase = authFetch(auth, { origins: [auth.baseUrl] });
 * const cards = await (await metabase(`${auth.baseUrl}/api/card`)).json();
 * ```
 */
export function metabaseAuth(options: MetabaseAuthOptions): MetabaseAuthenticator {
  checkProviderOptions('metabase', options);
  if (typeof options !== 'object' || options === null) throw invalidConfig('metabase', 'an options object');
  const { baseUrl, username, password, expiresIn, allowInsecureHttp, fetch, cacheKey, ...lifecycle } = options;
  const base = checkBaseUrl(baseUrl);
  if (typeof username !== 'string' || username.trim() === '') throw invalidConfig('metabase.username', 'a non-empty string');
  if (typeof password !== 'string' || password === '') throw invalidConfig('metabase.password', 'a non-empty string');
  if (expiresIn === 'none') throw invalidConfig('metabase.expiresIn', 'a session lifetime such as P14D (Metabase sessions are meant to be reused)');
  const auth = sessionTokenAuth({
    ...lifecycle,
    name: 'metabase:session',
    login: {
      url: new URL('api/session', `${base}/`),
      method: 'POST',
      json: { username, password },
      ...(fetch === undefined ? {} : { fetch }),
    },
    tokenPath: 'id',
    expiresIn: expiresIn ?? 'P14D',
    inject: { in: 'header', name: 'X-Metabase-Session' },
    ...(allowInsecureHttp === undefined ? {} : { allowInsecureHttp }),
    ...(cacheKey === undefined ? {} : { cacheKey }),
  });
  return { ...auth, provider: 'metabase', baseUrl: base };
}

function checkBaseUrl(value: unknown): string {
  const text = value instanceof URL ? value.href : value;
  if (typeof text !== 'string' || !URL.canParse(text)) throw invalidConfig('metabase.baseUrl', 'an absolute https URL');
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidConfig('metabase.baseUrl', 'an https URL');
  if (url.username !== '' || url.password !== '' || url.hash !== '' || url.search !== '') {
    throw invalidConfig('metabase.baseUrl', 'a URL without credentials, query or fragment');
  }
  return url.href.replace(/\/+$/, '');
}
