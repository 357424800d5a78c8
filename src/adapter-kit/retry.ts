import { readStepUpChallenge } from '../oauth2/step-up.js';
import type { AuthContext } from '../authenticator.js';

/**
 * Whether a response refuses the credentials and `challenge` should be asked: any 401, a
 * `WWW-Authenticate` header on another 4xx but a 403, and a 403 only with a step-up challenge
 * (`error="insufficient_scope"` or `insufficient_user_authentication`), which an interactive
 * authenticator answers by asking for more.
 *
 * @example
 * ```ts
 * if (shouldChallenge(response.status, response.headers) && await auth.challenge?.(...)) retry();
 * ```
 */
export function shouldChallenge(status: number, headers: Headers): boolean {
  if (status === 401) return true;
  if (status === 403) return readStepUpChallenge(headers) !== undefined;
  return status >= 400 && headers.has('www-authenticate');
}

/**
 * Whether a client following this redirect sends the body again: 307 and 308 always; 301 and
 * 302 for methods other than POST (which clients turn into GET); 303 never.
 *
 * @example
 * ```ts
 * redirectKeepsBody(307, 'POST'); // true
 * ```
 */
export function redirectKeepsBody(status: number, method: string): boolean {
  if (status === 307 || status === 308) return true;
  if (status === 301 || status === 302) return method.toUpperCase() !== 'POST' && method.toUpperCase() !== 'GET' && method.toUpperCase() !== 'HEAD';
  return false;
}

/**
 * The context of the next attempt of the same logical request: same signal and credential, attempt + 1.
 *
 * @example
 * ```ts
 * const retryContext = nextAttempt(context);
 * ```
 */
export function nextAttempt(context: AuthContext): AuthContext {
  return { ...context, attempt: context.attempt + 1 };
}
