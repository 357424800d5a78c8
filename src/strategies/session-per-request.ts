// sessionTokenAuth with expiresIn: 'none': a login before every request, nothing cached.
import type { ClientTls } from '../authenticator.js';
import { AuthError } from '../errors.js';
import { challengeErrors } from '../http/www-authenticate.js';
import type { Token } from '../token.js';
import type { TokenRequestLimiter } from '../token-manager/limiter.js';
import { abortedError, clampDelay } from '../token-manager/timers.js';
import { injectToken } from './session-inject.js';
import { sendLogin } from './session-login.js';
import type { LoginSetup } from './session-login-setup.js';
import type { SessionTokenAuthenticator } from './session-token-types.js';

/**
 * What {@link perRequestAuthenticator} needs.
 *
 * @example
 * ```ts
 * const options: PerRequestOptions = { name: 'session', setup, requestTimeoutMs: 30_000, limiter: sharedTokenRequestLimiter, tls: undefined };
 * ```
 */
export interface PerRequestOptions {
  readonly name: string;
  readonly setup: LoginSetup;
  readonly requestTimeoutMs: number;
  readonly limiter: TokenRequestLimiter;
  readonly tls: ClientTls | undefined;
}

/**
 * An authenticator that logs in for every attempt and never reuses a token. A 401 for the token
 * a request used asks for one retry (with a new login). A login refused with 401/403 stops all
 * further logins of this authenticator: every later call fails at once with the same error, so
 * a wrong password is tried once, not once per request.
 *
 * @example
 * ```ts
 * const auth = perRequestAuthenticator({ name: 'session', setup: prepareLogin(options), requestTimeoutMs: 30_000, limiter, tls: undefined });
 * ```
 */
export function perRequestAuthenticator(options: PerRequestOptions): SessionTokenAuthenticator {
  const { name, setup, requestTimeoutMs, limiter } = options;
  const closer = new AbortController();
  let refused: AuthError | undefined;

  const login = async (callerSignal: AbortSignal | undefined, waitMs = requestTimeoutMs): Promise<Token> => {
    if (closer.signal.aborted) throw abortedError(closer.signal, 'the session authenticator');
    if (refused !== undefined) throw new AuthError(refused.code, refused.message, { cause: refused, details: refused.details });
    const timeout = new AbortController();
    const limitMs = Math.min(requestTimeoutMs, waitMs);
    // A referenced timer: the caller awaits this login.
    const timer = setTimeout(() => {
      timeout.abort(new AuthError('ERR_AUTH_TIMEOUT', `the session login took longer than ${limitMs} ms`, { details: { retryable: true, reason: 'timeout' } }));
    }, clampDelay(limitMs));
    const signals = [timeout.signal, closer.signal, ...(callerSignal === undefined ? [] : [callerSignal])];
    const signal = AbortSignal.any(signals);
    try {
      return await limiter.add(() => sendLogin(setup, signal), { signal });
    } catch (error) {
      if (callerSignal?.aborted === true) throw abortedError(callerSignal, 'the session login');
      if (closer.signal.aborted) throw abortedError(closer.signal, 'the session login');
      if (error instanceof AuthError && error.code === 'ERR_AUTH_REAUTH_REQUIRED') refused = error;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    name,
    tokenManager: undefined,
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    getToken: (getOptions) => login(getOptions?.signal, getOptions?.timeoutMs),
    async authenticate(request, context) {
      const token = await login(context.signal);
      injectToken(request, setup.inject, token.accessToken);
      context.credential = token.accessToken;
    },
    async challenge(response, _request, context) {
      if (context.attempt > 0 || response.status === 403) return false;
      const errors = challengeErrors(response.headers.get('www-authenticate'));
      if (errors.has('insufficient_scope')) return false;
      if (response.status !== 401 && !errors.has('invalid_token')) return false;
      return typeof context.credential === 'string' && context.credential !== '';
    },
    async close() {
      closer.abort(new AuthError('ERR_AUTH_ABORTED', 'the session authenticator was closed'));
    },
  };
}
