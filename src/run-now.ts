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
