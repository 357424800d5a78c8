// The promise an authenticator returns when it did its work at once (a static credential, a
// cached token): already settled and shared, so such a request costs no promise of its own.
const settled: Promise<void> = Promise.resolve();

/**
 * Runs `step(first, second, third)` now, for an authenticator whose work is synchronous:
 * the shared settled promise when it returns, a rejected promise when it throws.
 */
export function runNow<A, B, C>(step: (first: A, second: B, third: C) => void, first: A, second: B, third: C): Promise<void> {
  try {
    step(first, second, third);
    return settled;
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Whether the work behind `result` is done, so that an adapter may go on at once instead of in a
 * later turn of the event loop: the promise {@link runNow} returns when its step returned, or no
 * promise at all (a JavaScript authenticator whose `authenticate` returns nothing).
 */
export function isSettled(result: Promise<void>): boolean {
  return result === settled || typeof (result as Partial<Promise<void>> | undefined)?.then !== 'function';
}
