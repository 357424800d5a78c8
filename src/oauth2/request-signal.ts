import { AuthError } from '../errors.js';
import { abortedError, clampDelay } from '../token-manager/timers.js';

/** A signal for one request of an interactive flow, and how to let go of it. */
export interface RequestSignal {
  readonly signal: AbortSignal;
  /** Clears the timer and the listener on the caller's signal. */
  done(): void;
}

/**
 * A signal that fires after `timeoutMs` (`ERR_AUTH_TIMEOUT`) or when the caller's `signal` fires
 * (`ERR_AUTH_ABORTED`); its reason is that `AuthError`, which the token request rethrows as is.
 */
export function requestSignal(timeoutMs: number, what: string, signal?: AbortSignal): RequestSignal {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(abortedError(signal, what));
  if (signal?.aborted === true) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  // A referenced timer: the caller awaits this request.
  const timer = setTimeout(() => {
    controller.abort(new AuthError('ERR_AUTH_TIMEOUT', `${what} took longer than ${timeoutMs} ms`, { details: { timeoutMs, reason: 'timeout' } }));
  }, clampDelay(timeoutMs));
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
