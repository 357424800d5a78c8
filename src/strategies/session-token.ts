import { randomUUID } from 'node:crypto';
import { invalidConfig } from '../errors.js';
import { lifecycleOptions } from '../oauth2/lifecycle-options.js';
import { createTokenAuthenticator } from '../token-authenticator.js';
import { TokenManager } from '../token-manager/token-manager.js';
import type { TokenCacheKeyParts } from '../token-manager/key.js';
import { sharedTokenRequestLimiter } from '../token-manager/limiter.js';
import { milliseconds } from '../token-manager/options.js';
import { injectToken } from './session-inject.js';
import { sendLogin } from './session-login.js';
import { prepareLogin } from './session-login-setup.js';
import { perRequestAuthenticator } from './session-per-request.js';
import type { SessionTokenAuthenticator, SessionTokenAuthOptions } from './session-token-types.js';
import { checkSessionTokenOptions } from '../validate/session-token-options.js';

/**
 * A session token obtained from a login (or custom token) request and sent on every API request
 * — Airbyte's *Session Token Authenticator*, Bubble's custom token call, Metabase's
 * `X-Metabase-Session`.
 *
 * - **Login request**: `login.url`, `method` (default `POST`), `query`, `headers`, a `json` or
 *   `form` body, and its own authenticator `login.auth` (e.g. `basicAuth` for a login endpoint
 *   that takes HTTP Basic), applied to the login request alone. Sent with `fetch`, not through
 *   an adapter; redirects are not followed (a 3xx counts as an answer when the token is in a
 *   header or cookie).
 * - **Token**: at a JSON path (`tokenPath`, array items as `[0]`), in a response header
 *   (`tokenHeader`) or a `Set-Cookie` (`tokenCookie`); `tokenPrefix` is removed if present.
 * - **Expiry**: `expiresIn` as an ISO 8601 duration (`P14D`) or milliseconds; the response wins
 *   when it says (`expiresInPath`, `expiresAtPath`, the cookie's `Max-Age`/`Expires`).
 *   `expiresIn: 'none'` logs in before **every** request and caches nothing — slow, for
 *   single-use tokens only.
 * - **Injection**: any placement (`inject`: header with prefix, query, form, JSON) or a cookie
 *   (`{ in: 'cookie', name }`, merged with the request's other cookies). Default: the same cookie
 *   with `tokenCookie`, else `Authorization: Bearer`.
 * - **Lifecycle**: the token manager's — one login however many requests need it, refreshed
 *   ahead of expiry, a 401 for the current token answered by one new login and one retry. A
 *   login refused with 401/403 is `ERR_AUTH_REAUTH_REQUIRED` and is **not** tried again (no loop,
 *   no account lockout) until a token is set with `tokenManager.setToken()` or the authenticator
 *   is created anew with other credentials.
 *
 * The password and the token never appear in errors, `toJSON()` or `util.inspect()`. Two
 * authenticators with the same login request (and store) share one token; with `login.auth`,
 * whose credentials authwire cannot see, each instance has its own token unless you give
 * `cacheKey`.
 *
 * @see https://docs.airbyte.com/platform/connector-development/config-based/understanding-the-yaml-file/authentication#session-token-authenticator
 * @example
 * ```ts
 * import { basicAuth, sessionTokenAuth } from 'authwire';
 * import { authFetch } from 'authwire/fetch';
 *
 * const auth = sessionTokenAuth({
 *   login: {
 *     url: 'https://api.example.com/v1/sessions',
 *     json: { username: 'robot', password: process.env.ROBOT_PASSWORD ?? '' },
 *   },
 *   tokenPath: 'data.tokens[0].value',
 *   expiresIn: 'P14D',
 *   inject: { in: 'header', name: 'X-Session-Token' },
 * });
 * const api = authFetch(auth, { origins: ['https://api.example.com'] });
 * await api('https://api.example.com/v1/reports');
 *
 * const legacy = sessionTokenAuth({
 *   login: { url: 'https://legacy.example.com/login', auth: basicAuth({ username: 'robot', password: process.env.ROBOT_PASSWORD ?? '' }) },
 *   tokenCookie: 'JSESSIONID',
 *   expiresIn: 'PT30M',
 * }); // sends Cookie: JSESSIONID=<token>
 * ```
 */
export function sessionTokenAuth(options: SessionTokenAuthOptions): SessionTokenAuthenticator {
  checkSessionTokenOptions(options);
  if (typeof options !== 'object' || options === null) throw invalidConfig('session', 'an options object');
  const setup = prepareLogin(options);
  const name = options.name ?? 'session';
  if (typeof name !== 'string' || name.trim() === '') throw invalidConfig('name', 'a non-empty string');
  if (options.cacheKey !== undefined && (typeof options.cacheKey !== 'string' || options.cacheKey === '')) throw invalidConfig('cacheKey', 'a non-empty string');

  if (setup.lifetime.kind === 'none') {
    return perRequestAuthenticator({
      name,
      setup,
      requestTimeoutMs: milliseconds(options.requestTimeoutMs, 30_000, 'requestTimeoutMs', 1),
      limiter: options.limiter ?? sharedTokenRequestLimiter,
      tls: options.tls,
    });
  }

  const key: TokenCacheKeyParts | string = options.cacheKey ?? {
    grant: 'session',
    tokenUrl: `${setup.url.origin}${setup.url.pathname}`,
    // login.auth holds credentials authwire cannot fingerprint: never share its token by accident.
    subject: setup.auth === undefined ? `login:${setup.fingerprint}` : `instance:${randomUUID()}`,
  };
  const manager = new TokenManager({ ...lifecycleOptions(options), key, name, fetchToken: ({ signal }) => sendLogin(setup, signal) });
  const inject = setup.inject;
  const base = createTokenAuthenticator({
    name,
    manager,
    ...(inject.in === 'cookie' ? {} : { placement: inject }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  if (inject.in !== 'cookie') return base;
  return {
    ...base,
    async authenticate(request, context) {
      const token = await manager.getToken(context.signal === undefined ? {} : { signal: context.signal });
      injectToken(request, inject, token.accessToken);
      context.credential = token.accessToken;
    },
  };
}

