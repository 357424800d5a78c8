// One login (or custom token) request of sessionTokenAuth, and the token read from its answer.
import { serializeBody } from '../adapter-kit/body.js';
import type { AuthBody, AuthRequest } from '../authenticator.js';
import { AuthError, isAuthError } from '../errors.js';
import { fetchText, type TextResponse } from '../http/fetch-text.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { scrubCause } from '../http/sanitize-text.js';
import type { Token } from '../token.js';
import { sessionExpiresAt } from './session-expiry.js';
import { fitsPlacement } from './session-inject.js';
import type { LoginBody, LoginSetup } from './session-login-setup.js';
import { describeSource, findSetCookie, readTokenValue } from './session-token-source.js';

/**
 * Sends the login request (redirects not followed; `login.auth` applied to it alone) and reads
 * the token and its expiry from the answer. Failures are {@link AuthError}s whose message names
 * the login URL (origin and path), the status and where the token was looked for — never a value
 * sent or received:
 *
 * - 401 or 403: `ERR_AUTH_REAUTH_REQUIRED` (the credentials are wrong; logging in again would not help);
 * - network errors (but TLS ones; `details.reason` says which), timeouts, 408, 429 and 5xx:
 *   `ERR_AUTH_TOKEN_REQUEST_FAILED`, retryable;
 * - a 2xx body past 1 MiB: `ERR_AUTH_TOKEN_REQUEST_FAILED`, not retryable;
 * - any other status, or no usable token: `ERR_AUTH_TOKEN_REQUEST_FAILED`, not retryable.
 *
 * @param setup - the checked login settings
 * @param signal - the request's timeout (and the manager's close)
 * @example
 * ```ts
 * const manager = new TokenManager({ key, fetchToken: ({ signal }) => sendLogin(prepareLogin(options), signal) });
 * ```
 */
export async function sendLogin(setup: LoginSetup, signal: AbortSignal): Promise<Token> {
  const what = `session login (${setup.method} ${setup.url.origin}${setup.url.pathname})`;
  const request: AuthRequest = { method: setup.method, url: new URL(setup.url), headers: new Headers(setup.headers), body: authBody(setup.body) };
  if (setup.auth !== undefined) {
    try {
      await setup.auth.authenticate(request, { attempt: 0, signal });
    } catch (error) {
      if (isAuthError(error)) throw error;
      throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `${what}: login.auth (${setup.auth.name}) failed`, {
        cause: scrubCause(error, setup.secrets),
        details: { retryable: false },
      });
    }
  }
  const { data, contentType } = serializeBody(request.body);
  if (contentType !== undefined && !request.headers.has('content-type')) request.headers.set('Content-Type', contentType);
  if (!request.headers.has('accept')) request.headers.set('Accept', 'application/json');
  const issuedAt = Date.now();
  const response = await fetchText({
    url: request.url,
    init: { method: setup.method, headers: request.headers, ...(data === undefined ? {} : { body: typeof data === 'string' ? data : new Uint8Array(data) }) },
    fetch: setup.fetch,
    signal,
    what,
    secrets: setup.secrets,
  });
  const { text } = response;
  const status = response.status;
  const redirect = status >= 300 && status < 400;
  if (!((status >= 200 && status < 300) || (redirect && setup.source.kind !== 'path'))) throw statusError(what, response);

  const body = parseJson(text);
  const cookie = setup.source.kind === 'cookie' ? findSetCookie(response.headers, setup.source.name) : undefined;
  let value = readTokenValue(setup.source, body, response.headers, cookie);
  if (typeof value === 'string' && setup.tokenPrefix !== undefined) {
    const prefix = `${setup.tokenPrefix.trim()} `;
    if (value.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase()) value = value.slice(prefix.length);
  }
  if (typeof value === 'string') value = value.trim();
  if (typeof value !== 'string' || value === '' || /[\r\n\0]/.test(value) || !fitsPlacement(setup.inject, value)) {
    const why = typeof value === 'string' && value !== '' ? `the token found ${describeSource(setup.source)} cannot be sent ${setup.inject.in === 'cookie' ? 'as a cookie' : 'in a header'}` : `no token ${describeSource(setup.source)}`;
    throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `${what}: HTTP ${status}, but ${why}`, { details: { status, retryable: false } });
  }
  const expiresAt = sessionExpiresAt(setup.lifetime, setup.expiry, { body, cookieMaxAge: cookie?.maxAge, cookieExpires: cookie?.expires }, issuedAt);
  return { accessToken: value, tokenType: 'Session', issuedAt, expiresAt };
}

function statusError(what: string, response: TextResponse): AuthError {
  const status = response.status;
  if (status === 401 || status === 403) {
    return new AuthError(
      'ERR_AUTH_REAUTH_REQUIRED',
      `${what} was refused: HTTP ${status}; the login credentials are wrong or no longer valid, and no new login is tried with them`,
      { details: { status, retryable: false } },
    );
  }
  if (status >= 300 && status < 400) {
    return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `${what}: HTTP ${status}, a redirect, which is not followed`, { details: { status, retryable: false } });
  }
  const retryable = status >= 500 || status === 408 || status === 429;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `${what} failed: HTTP ${status}`, {
    details: { status, retryable, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
  });
}

function authBody(body: LoginBody): AuthBody {
  switch (body.type) {
    case 'none':
      return { type: 'none' };
    case 'json':
      return { type: 'json', value: structuredClone(body.value) };
    case 'form':
      return { type: 'form', value: new URLSearchParams(Object.entries(body.value)) };
    default:
      throw body satisfies never;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
