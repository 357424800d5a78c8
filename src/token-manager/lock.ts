import { AuthError } from '../errors.js';
import type { TokenStore, TokenStoreLock } from '../stores/token-store.js';
import type { Entry } from './state.js';
import { storeError } from './store-io.js';
import { sleep } from './timers.js';

/** What {@link acquireLock} needs from the refresh in progress. */
export interface LockRequest {
  readonly store: TokenStore & Required<Pick<TokenStore, 'lock'>>;
  readonly key: string;
  readonly leaseMs: number;
  readonly waitMs: number;
  readonly signal: AbortSignal;
  /** Re-reads the store and returns the record if it no longer needs a refresh. */
  readonly usableFromStore: () => Promise<Entry | undefined>;
}

/**
 * Takes the store's lock for a refresh, polling with jittered, growing delays. While another
 * holder has it, the store is re-read after every try: a token that appears there is returned
 * instead (no refresh needed). When neither happens within `waitMs`, fails with
 * `ERR_AUTH_TIMEOUT` (retryable).
 */
export async function acquireLock(request: LockRequest): Promise<{ readonly lock: TokenStoreLock } | { readonly entry: Entry }> {
  const deadline = Date.now() + request.waitMs;
  let delay = 20;
  for (;;) {
    let lock: TokenStoreLock | undefined;
    try {
      lock = await request.store.lock(request.key, request.leaseMs);
    } catch (error) {
      throw storeError('taking the lock', error);
    }
    if (lock !== undefined) return { lock };
    const entry = await request.usableFromStore();
    if (entry !== undefined) return { entry };
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new AuthError(
        'ERR_AUTH_TIMEOUT',
        `token store lock: another holder kept it for more than ${request.waitMs} ms and no fresh token appeared in the store`,
        { details: { retryable: true, waitMs: request.waitMs } },
      );
    }
    await sleep(Math.min(left, delay * (0.5 + Math.random())), request.signal);
    delay = Math.min(delay * 2, 500);
  }
}

/** Releases a lock; a failure is ignored (the lease runs out on its own). */
export async function releaseQuietly(lock: TokenStoreLock): Promise<void> {
  try {
    await lock.release();
  } catch {
    // The lease expires by itself; the new token is already stored.
  }
}
