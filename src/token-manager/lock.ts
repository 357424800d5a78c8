import { AuthError } from '../errors.js';
import type { TokenStore, TokenStoreLock } from '../stores/token-store.js';
import type { Entry, HeldLease } from './state.js';
import { storeError } from './store-io.js';
import { sleep, unrefTimer, type KeepAlive } from './timers.js';

/** What {@link acquireLock} needs from the refresh in progress. */
export interface LockRequest {
  readonly store: TokenStore & Required<Pick<TokenStore, 'lock'>>;
  readonly key: string;
  readonly leaseMs: number;
  readonly waitMs: number;
  readonly signal: AbortSignal;
  /** Keeps the waits referenced while a caller awaits the refresh. */
  readonly keepAlive?: KeepAlive;
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
    await sleep(Math.min(left, delay * (0.5 + Math.random())), request.signal, request.keepAlive);
    delay = Math.min(delay * 2, 500);
  }
}

/**
 * Releases a lease once. If the store cannot be reached, tries again in the background (unref'd
 * timer, growing delays) until it works or the lease has run out anyway: a store outage at the
 * wrong moment must not leave the key locked for the rest of a long lease. Safe because release
 * only removes the lease while it is still this holder's.
 *
 * @example
 * ```ts
 * try {
 *   await refreshAndStore();
 * } finally {
 *   await releaseLease(lease); // never rejects
 * }
 * ```
 */
export async function releaseLease(lease: HeldLease): Promise<void> {
  if (lease.released) return;
  lease.released = true;
  try {
    await lease.lock.release();
  } catch {
    retryRelease(lease, 100);
  }
}

function retryRelease(lease: HeldLease, delayMs: number): void {
  if (Date.now() + delayMs >= lease.endsAt) return;
  unrefTimer(() => {
    lease.lock.release().catch(() => retryRelease(lease, Math.min(delayMs * 2, 2_000)));
  }, delayMs);
}
