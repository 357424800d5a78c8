// Writing a token a refresh obtained: the initial token when the store holds none, and the new
// token with compare-and-set, then `onToken`, then in use. A token that could not be written keeps
// the lease until it is written: by a later call, or in the background (unstored.ts).
import { AuthError } from '../errors.js';
import { releaseLease } from './lock.js';
import { adopt, needsFetch, type RefreshContext } from './refresh-context.js';
import type { Entry, Uncommitted } from './state.js';
import { readEntry, writeEntry } from './store-io.js';
import { stopRetry } from './unstored.js';

/** Writes the initial token when the store holds none (or holds a dead grant and the initial one is new). */
export async function seed(context: RefreshContext, stored: Entry | undefined): Promise<Entry | undefined> {
  const token = context.takeSeed(stored);
  if (token === undefined) return stored;
  const written = await writeEntry(context.store, context.key, token, stored?.version ?? 0);
  if (written === undefined) return readEntry(context.store, context.key, context.defaultExpiresInMs);
  context.state.reauth = undefined;
  return written;
}

/** Stores the new token (compare-and-set), awaits `onToken`, then makes it current. Resumable after a failure. */
export async function commit(context: RefreshContext, uncommitted: Uncommitted): Promise<Entry> {
  const { store, key } = context;
  if (uncommitted.entry === undefined) {
    const written = await writeEntry(store, key, uncommitted.token, uncommitted.baseVersion);
    if (written === undefined) {
      // Lost the compare-and-set: a newer record is there (another process, or our lease ran out).
      const now = await readEntry(store, key, context.defaultExpiresInMs);
      if (now !== undefined && !needsFetch(context, now, undefined)) {
        settle(context, uncommitted);
        await releaseHeldLease(uncommitted);
        return adopt(context, now);
      }
      // The stored record is no better: use ours in this process, without overwriting theirs.
      uncommitted.entry = { token: uncommitted.token, version: now?.version ?? uncommitted.baseVersion };
    } else {
      uncommitted.entry = written;
    }
  }
  await releaseHeldLease(uncommitted);
  if (!uncommitted.hooked && context.onToken !== undefined) {
    try {
      await context.onToken({ key, token: uncommitted.token, reason: uncommitted.reason, rotated: uncommitted.rotated });
    } catch (error) {
      throw new AuthError('ERR_AUTH_STORE', 'onToken failed: the new token is stored but not used until onToken succeeds', {
        cause: error,
        details: { retryable: true },
      });
    }
  }
  uncommitted.hooked = true;
  settle(context, uncommitted);
  return adopt(context, uncommitted.entry);
}

/** The token is stored (or a better one is): nothing is left to write. */
function settle({ state }: RefreshContext, uncommitted: Uncommitted): void {
  stopRetry(uncommitted);
  if (state.uncommitted === uncommitted) state.uncommitted = undefined;
}

/** Releases the lease an uncommitted token kept, once the store holds the token (or a newer one). */
async function releaseHeldLease(uncommitted: Uncommitted): Promise<void> {
  const lease = uncommitted.lease;
  if (lease === undefined) return;
  uncommitted.lease = undefined;
  await releaseLease(lease);
}
