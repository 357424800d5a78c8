import { AuthError } from '../errors.js';

/** The longest delay `setTimeout` honours (2^31-1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A delay made safe for `setTimeout`: finite, not negative, at most {@link MAX_TIMER_MS}. */
export function clampDelay(ms: number): number {
  if (!Number.isFinite(ms)) return ms > 0 ? MAX_TIMER_MS : 0;
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_TIMER_MS);
}

/**
 * `setTimeout` with a clamped delay that never keeps the process alive: for idle timers only
 * (the refresh-ahead timer, background cleanup), which nobody awaits.
 */
export function unrefTimer(callback: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(callback, clampDelay(ms));
  timer.unref?.();
  return timer;
}

/**
 * The timers of one piece of shared work (a refresh: its backoff, lock waits and request
 * timeout), referenced while at least one caller awaits that work and unreferenced while none
 * does. A script awaiting a token stays alive until it has its token or its error; a background
 * refresh that nobody awaits never holds the process open.
 *
 * @example
 * ```ts
 * const keepAlive = new KeepAlive();
 * const release = keepAlive.hold(); // a caller starts waiting
 * try { await sleep(500, signal, keepAlive); } finally { release(); }
 * ```
 */
export class KeepAlive {
  #holders = 0;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  /** One more caller awaits the work; call the returned function (once or more) when it stops. */
  hold(): () => void {
    this.#holders += 1;
    if (this.#holders === 1) for (const timer of this.#timers) timer.ref?.();
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.#holders -= 1;
      if (this.#holders === 0) for (const timer of this.#timers) timer.unref?.();
    };
  }

  /** A clamped `setTimeout` of the work, referenced while someone holds. */
  setTimeout(callback: () => void, ms: number): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      callback();
    }, clampDelay(ms));
    if (this.#holders === 0) timer.unref?.();
    this.#timers.add(timer);
    return timer;
  }

  /** Clears a timer made by {@link KeepAlive.setTimeout}. */
  clearTimeout(timer: ReturnType<typeof setTimeout> | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(timer);
  }
}

/** The error a waiter gets when its signal fires. */
export function abortedError(signal: AbortSignal | undefined, what = 'waiting for a token'): AuthError {
  const reason: unknown = signal?.reason;
  if (reason instanceof AuthError) return reason;
  return new AuthError('ERR_AUTH_ABORTED', `${what} was aborted`, reason instanceof Error ? { cause: reason } : {});
}

/**
 * Resolves after `ms` (clamped); rejects with `ERR_AUTH_ABORTED` ("`what` was aborted") when
 * `signal` fires. The timer keeps the process alive (someone awaits it) unless it belongs to
 * `keepAlive`'s work, which decides by whether a caller awaits that work.
 */
export function sleep(ms: number, signal?: AbortSignal, keepAlive?: KeepAlive, what = 'a wait'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortedError(signal, what));
      return;
    }
    const onAbort = (): void => {
      if (keepAlive === undefined) clearTimeout(timer);
      else keepAlive.clearTimeout(timer);
      reject(abortedError(signal, what));
    };
    const done = (): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const timer = keepAlive === undefined ? setTimeout(done, clampDelay(ms)) : keepAlive.setTimeout(done, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits for a shared `promise` on behalf of one caller: rejects with `ERR_AUTH_ABORTED` when one of
 * `signals` fires and with `ERR_AUTH_TIMEOUT` after `timeoutMs`, leaving the shared work running.
 * The timeout timer keeps the process alive: the caller is awaiting it.
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
      ? setTimeout(() => {
          settle(() => reject(new AuthError('ERR_AUTH_TIMEOUT', `${what} took longer than ${timeoutMs} ms`, { details: { timeoutMs } })));
        }, clampDelay(timeoutMs))
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
