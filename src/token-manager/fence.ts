// The check right before a token request under a lease. A holder frozen past its lease (a GC
// pause, a stopped VM or container) still has the refresh token it read; another holder may
// have taken the lease and rotated it meanwhile, and a server with reuse detection revokes the
// whole grant when the spent one arrives. So, immediately before sending: is the lease still
// ours, and is the stored record still the version we read? The version is the fencing token:
// every write under the lease is a compare-and-set on it.
import { AuthError } from '../errors.js';
import type { HeldLease } from './state.js';
import type { RefreshContext } from './refresh-context.js';
import type { Entry } from './state.js';
import { readEntry, storeError } from './store-io.js';

/** What the check found: send the request, or do not (with the record the store holds now). */
export type FenceCheck = { readonly send: true } | { readonly send: false; readonly stored: Entry | undefined };

/**
 * Whether the holder of `lease`, which read `read` under it, may send its token request now:
 * the lease has not run out by this process's clock, the store says this holder still has it
 * (`TokenStoreLock.held`, where the store has it), and the stored version has not moved. The
 * store's answer and the re-read go out together (one round trip of waiting).
 *
 * @example
 * ```ts
 * const fence = await checkFence(context, lease, stored);
 * if (!fence.send) return adoptOrStartOver(fence.stored);
 * ```
 */
export async function checkFence(context: RefreshContext, lease: HeldLease, read: Entry | undefined): Promise<FenceCheck> {
  const [held, stored] = await Promise.all([
    stillHeld(lease),
    readEntry(context.store, context.key, context.defaultExpiresInMs),
  ]);
  // Checked after the answers too: the process may have been frozen while they were on the way.
  const ranOut = Date.now() >= lease.endsAt;
  if (!held || ranOut || (stored?.version ?? 0) !== (read?.version ?? 0)) return { send: false, stored };
  return { send: true };
}

async function stillHeld(lease: HeldLease): Promise<boolean> {
  if (Date.now() >= lease.endsAt) return false;
  if (lease.lock.held === undefined) return true;
  try {
    return await lease.lock.held();
  } catch (error) {
    throw storeError('checking the lease', error);
  }
}

/**
 * The error when the lease ran out before the token request could be sent in every round: the
 * process keeps being paused for longer than its lease (or the store keeps losing leases).
 * Nothing was sent; the next call tries again.
 *
 * @example
 * ```ts
 * throw leaseLostError(3, context.leaseMs);
 * ```
 */
export function leaseLostError(rounds: number, leaseMs: number): AuthError {
  return new AuthError(
    'ERR_AUTH_TIMEOUT',
    `token store lock: the lease (${leaseMs} ms) was lost before the token request could be sent, ${rounds} times; no token request was sent`,
    { details: { retryable: true, leaseMs } },
  );
}
