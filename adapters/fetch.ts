/**
 * authwire for the Fetch API: a function with the signature of `fetch` that authenticates
 * every request.
 *
 * @module authwire/fetch
 */
import type { AdapterOptions, Authenticator } from '../src/index.js';
import { checkAdapterOptionsArgument, checkAuthenticatorArgument, secondInstallation } from '../src/adapter-kit/adapter-arguments.js';
import { createFetchPipeline, isFetchPipeline } from './internal/fetch-pipeline.js';

/**
 * Options of {@link authFetch}.
 *
 * @example
 * ```ts
 * import { fetch as undiciFetch } from 'undici';
 * const options: AuthFetchOptions = { origins: ['https://api.example.com'], fetch: undiciFetch as typeof fetch };
 * ```
 */
export interface AuthFetchOptions extends AdapterOptions {
  /**
   * The fetch to wrap, e.g. undici's `fetch` or one bound to a custom dispatcher. By default
   * `globalThis.fetch`, looked up on every call.
   */
  readonly fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
}

/**
 * Returns a function with the signature of `fetch` that adds `authenticator`'s credentials to
 * every request.
 *
 * - Every attempt is authenticated afresh from the request as you made it.
 * - Redirects are followed by authwire itself (at most 20, with fetch's method and body
 *   rules; `redirect: 'manual'` and `'error'` are respected). A hop to another origin (scheme,
 *   host or port) carries no credential: `Authorization`, `Proxy-Authorization`, `Cookie`,
 *   the authenticator's headers and query parameters are removed, and a redirect that would
 *   resend a body holding a credential fails with `ERR_AUTH_REDIRECT_BLOCKED`. A hop on the
 *   same origin is authenticated again.
 * - A 401 (or a `WWW-Authenticate` challenge the authenticator accepts) is sent once more
 *   when the body can be replayed (text, bytes, `URLSearchParams`, `Blob`); after a 403 only for a step-up challenge,
 *   never twice, and never with a stream or `FormData` body: that 401 is returned.
 * - Without `origins`, credentials go to whatever origin each call addresses; with it, only
 *   to those origins. Plain `http:` to a host other than loopback fails with
 *   `ERR_AUTH_INSECURE_URL` unless `allowInsecureHttp` is set.
 * - Errors have every credential replaced by `[REDACTED]`, and `response.url` never shows a
 *   query-string credential.
 * - An authenticator with `tls` (see `withTls`): each https hop that may receive credentials is
 *   sent with one undici `Agent` of this function as `dispatcher` (it connects with the client
 *   certificate and trusts `ca`), in place of a `dispatcher` you pass; other hops keep
 *   yours. This needs the `undici` package (an optional peer dependency, major 7, loaded on first
 *   use; without it such a request fails with `ERR_AUTH_INVALID_CONFIG`). Its `Agent` works with
 *   the global fetch of Node 20.19+ and 24, and with undici's own `fetch` passed as `options.fetch`.
 * - A wrong call fails at once with `ERR_AUTH_INVALID_CONFIG` saying what was expected (no
 *   authenticator, a Promise of one, `origins` as a string), and so does wrapping a fetch that
 *   authwire is already installed in (another `authFetch`, a `kyAuth` fetch): install it once,
 *   with several authenticators in one `combineAuth()`.
 *
 * @param authenticator - how requests are authenticated
 * @param options - allowed origins, plain-http opt-in, and the fetch to wrap
 * @returns a drop-in replacement for `fetch`
 * @example
 * ```ts
 * import { bearerAuth } from 'authwire';
 * import { authFetch } from 'authwire/fetch';
 *
 * const fetchWithAuth = authFetch(bearerAuth({ token: process.env.API_TOKEN ?? '' }), {
 *   origins: ['https://api.example.com'],
 * });
 * const response = await fetchWithAuth('https://api.example.com/v1/items');
 * ```
 */
export function authFetch(authenticator: Authenticator, options: AuthFetchOptions = {}): typeof fetch {
  checkAuthenticatorArgument('authFetch', authenticator);
  checkAdapterOptionsArgument('authFetch', options, { withFetch: true });
  if (isFetchPipeline(options.fetch)) throw secondInstallation('authFetch', 'the fetch it wraps');
  const { fetch: wrapped, ...adapter } = options;
  return createFetchPipeline(authenticator, { adapter, fetch: wrapped });
}
