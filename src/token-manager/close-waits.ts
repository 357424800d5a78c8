// Callers of a TokenManager waiting for a token or a store read, all stopped when it is closed.
import { setMaxListeners } from 'node:events';
import { abortedError } from './timers.js';

/**
 * Ties waits to one close signal. One listener on the signal serves every waiter: Node scans a
 * signal's listeners on every add, so a listener per waiter would block the event loop for about
 * a second with 10,000 waiters at one expiry.
 */
export class CloseWaits {
  readonly #signal: AbortSignal;
  readonly #waiters = new Set<() => void>();

  constructor(signal: AbortSignal) {
    this.#signal = signal;
    setMaxListeners(0, signal);
    signal.addEventListener('abort', () => {
      for (const onClose of this.#waiters) onClose();
      this.#waiters.clear();
    }, { once: true });
  }

  /** `promise`, or an `ERR_AUTH_ABORTED` rejection as soon as the signal fires. */
  whileOpen<T>(promise: Promise<T>, what: string): Promise<T> {
    if (this.#signal.aborted) return Promise.reject(abortedError(this.#signal, what));
    const open = new Promise<T>((resolve, reject) => {
      const onClose = (): void => reject(abortedError(this.#signal, what));
      this.#waiters.add(onClose);
      promise.then(
        (value) => {
          this.#waiters.delete(onClose);
          resolve(value);
        },
        (error: unknown) => {
          this.#waiters.delete(onClose);
          reject(error);
        },
      );
    });
    // A caller that stopped waiting (its own signal or timeout) leaves this promise unobserved.
    open.catch(() => undefined);
    return open;
  }
}
