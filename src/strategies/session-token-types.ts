import type { AuthContext, Authenticator, AuthRequest, AuthResponse, ClientTls } from '../authenticator.js';
import type { TokenLifecycleOptions } from '../oauth2/types.js';
import type { Placement } from '../placement.js';
import type { Token } from '../token.js';
import type { ExpiresAtFormat } from '../token-expiry.js';
import type { TokenManager } from '../token-manager/token-manager.js';
import type { GetTokenOptions } from '../token-manager/types.js';

/**
 * The session token in a cookie of the API request (`Cookie: session=<token>`), merged with any
 * cookies the request already has.
 *
 * @example
 * ```ts
 * const inject: CookiePlacement = { in: 'cookie', name: 'metabase.SESSION' };
 * ```
 */
export interface CookiePlacement {
  /** Put the token in the `Cookie` header. */
  readonly in: 'cookie';
  /** The cookie name. */
  readonly name: string;
}

/**
 * Where {@link sessionTokenAuth} puts the session token: any {@link Placement} (header with
 * prefix, query, form, JSON) or a cookie.
 *
 * @example
 * ```ts
 * const inject: SessionTokenPlacement = { in: 'header', name: 'X-Metabase-Session' };
 * ```
 */
export type SessionTokenPlacement = Placement | CookiePlacement;

/**
 * How long a session token lives, counted from the login request:
 *
 * - an ISO 8601 duration such as `P14D`, `PT12H` or `P1M` (calendar units count from the login time);
 * - a number of **milliseconds**;
 * - `'none'`: the token is never reused — **every request logs in first**. That doubles the
 *   requests and the latency; use it only for APIs whose tokens are single-use.
 *
 * An expiry read from the login response (`expiresInPath`, `expiresAtPath`, or the cookie's
 * `Max-Age`/`Expires`) wins over a duration or a number.
 *
 * @example
 * ```ts
 * const twoWeeks: SessionExpiresIn = 'P14D';
 * const tenMinutes: SessionExpiresIn = 600_000;
 * ```
 */
export type SessionExpiresIn = string | number | 'none';

/**
 * A JSON value, for the login request's `json` body.
 *
 * @example
 * ```ts
 * const body: SessionJsonValue = { username: 'robot', roles: ['reader'], remember: true };
 * ```
 */
export type SessionJsonValue = string | number | boolean | null | readonly SessionJsonValue[] | { readonly [key: string]: SessionJsonValue };

/**
 * The login (or custom token) request of {@link sessionTokenAuth}. It is sent with `fetch`
 * directly, never through an adapter, redirects are not followed, and its own `auth` (if any) is
 * applied to it alone.
 *
 * @example
 * ```ts
 * const login: SessionLoginOptions = {
 *   url: 'https://api.example.com/v1/login',
 *   json: { username: 'robot', password: process.env.ROBOT_PASSWORD ?? '' },
 * };
 * ```
 */
export interface SessionLoginOptions {
  /** The login URL: `https:` (plain `http:` only to loopback, or with `allowInsecureHttp`). */
  readonly url: string | URL;
  /** The HTTP method. Default `POST`. */
  readonly method?: string;
  /** Query parameters added to `url`. */
  readonly query?: Readonly<Record<string, string>>;
  /** Request headers (a `Content-Type` here replaces the one `json`/`form` implies). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON object body. Not together with `form`. */
  readonly json?: { readonly [key: string]: SessionJsonValue };
  /** An `application/x-www-form-urlencoded` body. Not together with `json`. */
  readonly form?: Readonly<Record<string, string>>;
  /**
   * The login request's own authenticator, e.g. `basicAuth(...)` for an API whose login endpoint
   * takes HTTP Basic. Its `authenticate` is called on the login request alone; its `challenge` is
   * never called (a refused login is an error, never a loop).
   */
  readonly auth?: Authenticator;
  /** The `fetch` to send the login with (e.g. undici's, bound to a dispatcher). Default: the global `fetch`. */
  readonly fetch?: (input: URL, init: RequestInit) => Promise<Response>;
}

/**
 * Options shared by every form of {@link SessionTokenAuthOptions}.
 *
 * @example
 * ```ts
 * const common: SessionTokenCommonOptions = { login: { url: 'https://api.example.com/login', json: { user: 'robot' } }, expiresIn: 'PT1H' };
 * const auth = sessionTokenAuth({ ...common, tokenPath: 'token' });
 * ```
 */
export interface SessionTokenCommonOptions extends TokenLifecycleOptions {
  /** The login or custom token request. */
  readonly login: SessionLoginOptions;
  /** A prefix removed from the token found, e.g. `Bearer` when a header reads `Bearer abc`. */
  readonly tokenPrefix?: string;
  /** The token's lifetime, or `'none'` to log in for every request (slow). Required: there is no good default. */
  readonly expiresIn: SessionExpiresIn;
  /**
   * Path in the JSON response of the token's lifetime: seconds (number or numeric string) or an
   * ISO 8601 duration. Wins over `expiresIn` when present and usable.
   */
  readonly expiresInPath?: string;
  /** Path in the JSON response of the token's absolute expiry (read as `expiresAtFormat` says). */
  readonly expiresAtPath?: string;
  /** How the value at `expiresAtPath` is written. Default `auto` (epoch seconds/ms or ISO 8601). */
  readonly expiresAtFormat?: ExpiresAtFormat;
  /**
   * Where the token goes on API requests. Default: the cookie of the same name with
   * `tokenCookie`, otherwise `Authorization: Bearer <token>`.
   */
  readonly inject?: SessionTokenPlacement;
  /** Replaces the computed cache key (login URL + a fingerprint of the login request). */
  readonly cacheKey?: string;
  /** Client certificate and CAs for the API requests (passed to the adapters). */
  readonly tls?: ClientTls;
  /** Allow a plain `http:` login URL to a host other than loopback. Off by default. */
  readonly allowInsecureHttp?: boolean;
  /** The authenticator's name, for diagnostics. Default `session`. */
  readonly name?: string;
}

/**
 * {@link sessionTokenAuth} reading the token from the JSON response body.
 *
 * @example
 * ```ts
 * const options: SessionTokenFromBodyOptions = { login, tokenPath: 'data.tokens[0].value', expiresIn: 'PT1H' };
 * ```
 */
export interface SessionTokenFromBodyOptions extends SessionTokenCommonOptions {
  /** Dotted path of the token in the JSON body; array items as `[0]` or `.0` (`data.tokens[0].value`). */
  readonly tokenPath: string;
  /** Only one token source. */
  readonly tokenHeader?: never;
  /** Only one token source. */
  readonly tokenCookie?: never;
}

/**
 * {@link sessionTokenAuth} reading the token from a response header.
 *
 * @example
 * ```ts
 * const options: SessionTokenFromHeaderOptions = { login, tokenHeader: 'X-Auth-Token', expiresIn: 'PT8H' };
 * ```
 */
export interface SessionTokenFromHeaderOptions extends SessionTokenCommonOptions {
  /** The response header holding the token. */
  readonly tokenHeader: string;
  /** Only one token source. */
  readonly tokenPath?: never;
  /** Only one token source. */
  readonly tokenCookie?: never;
}

/**
 * {@link sessionTokenAuth} reading the token from a `Set-Cookie` of the login response.
 *
 * @example
 * ```ts
 * const options: SessionTokenFromCookieOptions = { login, tokenCookie: 'session', expiresIn: 'P1D' };
 * ```
 */
export interface SessionTokenFromCookieOptions extends SessionTokenCommonOptions {
  /** The cookie name; its `Max-Age`/`Expires` give the expiry when present. */
  readonly tokenCookie: string;
  /** Only one token source. */
  readonly tokenPath?: never;
  /** Only one token source. */
  readonly tokenHeader?: never;
}

/**
 * Options of {@link sessionTokenAuth}: the login request, exactly one token source
 * (`tokenPath`, `tokenHeader` or `tokenCookie`), the expiry and where the token goes.
 *
 * @example
 * ```ts
 * const options: SessionTokenAuthOptions = {
 *   login: { url: 'https://api.example.com/login', json: { user: 'robot', password } },
 *   tokenPath: 'session.token',
 *   expiresIn: 'P14D',
 *   inject: { in: 'header', name: 'X-Session' },
 * };
 * ```
 */
export type SessionTokenAuthOptions = SessionTokenFromBodyOptions | SessionTokenFromHeaderOptions | SessionTokenFromCookieOptions;

/**
 * What {@link sessionTokenAuth} returns: an {@link Authenticator} that can also hand out its token.
 *
 * @example
 * ```ts
 * const auth: SessionTokenAuthenticator = sessionTokenAuth(options);
 * const { accessToken, expiresAt } = await auth.getToken();
 * ```
 */
export interface SessionTokenAuthenticator extends Authenticator {
  /** The manager caching the token; `undefined` with `expiresIn: 'none'` (nothing is cached). */
  readonly tokenManager: TokenManager | undefined;
  /** The current token, logging in if needed (with `expiresIn: 'none'`, always). */
  getToken(options?: GetTokenOptions): Promise<Token>;
  /** A 401 for the token this request used: log in again once and retry. Never for a 403. */
  challenge(response: AuthResponse, request: AuthRequest, context: AuthContext): Promise<boolean>;
  /** Clears timers; never needed for the process to exit. */
  close(): Promise<void>;
}
