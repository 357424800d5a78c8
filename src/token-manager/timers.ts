import { AuthError } from '../errors.js';

/** The longest delay `setTimeout` honours (2^31-1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A delay made safe for `setTimeout`: finite, not negative, at most {@link MAX_TIMER_MS}. */
export function clampDelay(ms: number): number {
  if (!Number.isFinite(ms)) return ms > 0 ? MAX_TIMER_MS : 0;
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_TIMER_MS);
}

/** `setTimeout` with a clamped delay that never keeps the process alive. */
export function unrefTimer(callback: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(callback, clampDelay(ms));
  timer.unref?.();
  return timer;
}

/** The error a waiter gets when its signal fires. */
export function abortedError(signal: AbortSignal | undefined, what = 'waiting for a token'): AuthError {
  const reason: unknown = signal?.reason;
  if (reason instanceof AuthError) return reason;
  return new AuthError('ERR_AUTH_ABORTED', `${what} was aborted`, reason instanceof Error ? { cause: reason } : {});
}

/** Resolves after `ms` (clamped, unref'd); rejects with `ERR_AUTH_ABORTED` when `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortedError(signal, 'a wait'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(signal, 'a wait'));
    };
    const timer = unrefTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits for a shared `promise` on behalf of one caller: rejects with `ERR_AUTH_ABORTED` when one of
 * `signals` fires and with `ERR_AUTH_TIMEOUT` after `timeoutMs`, leaving the shared work running.
 */
export function waitFor<T>(promise: Promise<T>, signals: ReadonlyArray<AbortSignal | undefined>, timeoutMs: number, what: string): Promise<T> {
  const active = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  const fired = active.find((signal) => signal.aborted);
  if (fired !== undefined) return Promise.reject(abortedError(fired, what));
  if (active.length === 0 && !Number.isFinite(timeoutMs)) return promise;
  return new Promise<T>((resolve, reject) => {
    const listeners = active.map((signal) => {
      const listener = (): void => settle(() => reject(abortedError(signal, what)));
      signal.addEventListener('abort', listener, { once: true });
      return [signal, listener] as const;
    });
    const timer = Number.isFinite(timeoutMs)
      ? unrefTimer(() => {
          settle(() => reject(new AuthError('ERR_AUTH_TIMEOUT', `${what} took longer than ${timeoutMs} ms`, { details: { timeoutMs } })));
        }, timeoutMs)
      : undefined;
    let done = false;
    function settle(action: () => void): void {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const [signal, listener] of listeners) signal.removeEventListener('abort', listener);
      action();
    }
    promise.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
