import type { TokenStore } from '../stores/token-store.js';
import { releaseLease } from './lock.js';
import { remember, type KeyState } from './state.js';
import { storeError } from './store-io.js';
import { stopRetry } from './unstored.js';

/**
 * Deletes the record of `key` and drops the token from the shared state of this process, with a
 * new token not yet written (it is not written back later) and the lease it kept;
 * `retire` values (tokens just revoked) are never handed out or sent again here.
 */
export async function forgetToken(store: TokenStore, key: string, state: KeyState, retire: readonly string[]): Promise<void> {
  for (const value of retire) {
    if (value === '') continue;
    remember(state.retired, value, 256);
    remember(state.rejected, value);
  }
  try {
    await store.delete(key);
  } catch (error) {
    throw storeError('deleting the token', error);
  }
  state.cached = undefined;
  const unstored = state.uncommitted;
  if (unstored !== undefined) {
    state.uncommitted = undefined;
    stopRetry(unstored);
    if (unstored.lease !== undefined) await releaseLease(unstored.lease);
  }
  state.cooldownUntil = 0;
  state.lastError = undefined;
}
