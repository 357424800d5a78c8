// A token the authorization server issued that could not be written to the store yet (the store
// unreachable, a write no replica confirmed) is written again in the background, not only when
// a caller next asks for a token. While it is unstored, the lease it keeps runs down in the
// store; once the lease is gone, another process can take the key, read the refresh token this
// one replaced and send it, and a server with reuse detection revokes the grant. So the holder
// writes as soon as the store takes writes again (after a failover: as soon as it reaches the
// new primary), ahead of other processes that must first wait for the lease.
import type { KeyState, Uncommitted } from './state.js';
import { unrefTimer } from './timers.js';

/** The first delay before writing an unstored token again, and the longest. */
const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 1_000;

/**
 * After a refresh settled with its token still unwritten, schedules one more try of `write` (the
 * manager's single-flight refresh, which resumes the commit). The timer is idle (unref'd): no
 * caller awaits it. A try that fails schedules the next one through the same call.
 *
 * @example
 * ```ts
 * refresh().finally(() => retryUnstored(state, () => refresh(), () => closed));
 * ```
 */
export function retryUnstored(state: KeyState, write: () => Promise<unknown>, closed: () => boolean): void {
  const uncommitted = state.uncommitted;
  if (uncommitted === undefined || uncommitted.entry !== undefined || uncommitted.retry !== undefined || closed()) return;
  const delay = Math.min(FIRST_DELAY_MS * 2 ** uncommitted.retries, MAX_DELAY_MS);
  uncommitted.retries += 1;
  uncommitted.retry = unrefTimer(() => {
    uncommitted.retry = undefined;
    if (state.uncommitted !== uncommitted || closed()) return;
    write().catch(() => undefined);
  }, delay);
}

/** Stops the background write of `uncommitted` (it was written, or given up). */
export function stopRetry(uncommitted: Uncommitted): void {
  if (uncommitted.retry !== undefined) clearTimeout(uncommitted.retry);
  uncommitted.retry = undefined;
}
