// A server-side refresh-token reuse grace period, used from the store. A holder killed after the
// server rotated the refresh token and before it stored the new one takes the new refresh token
// with it; the stored one is spent, and sent again after the grace period it revokes the grant.
// With `refreshReuseGraceMs` every refresh first marks the stored record "sent at T" (a
// compare-and-set, so it is also the fence of the send), and a process that finds a mark whose
// sender has given up on its answer — yet younger than the grace period — takes the refresh over
// with another compare-and-set of the mark and sends the stored refresh token while the server
// still accepts it, without waiting for the dead holder's lease to run out.
import { isIn, type Entry } from './state.js';
import type { RefreshContext } from './refresh-context.js';
import { writeEntry } from './store-io.js';

/**
 * How long after a sender's own request timeout its mark may be taken over: covers the store
 * round trip between writing the mark and sending, and clock differences between processes.
 */
export const TAKEOVER_MARGIN_MS = 1_000;

/**
 * Marks `stored` as sent now, with this process's request timeout, as version `stored.version + 1`,
 * and returns the marked record; `undefined` when the compare-and-set was lost (another process
 * wrote or took the refresh over: do not send). `stored` comes back unchanged when the option is
 * off or it has no refresh token.
 *
 * @example
 * ```ts
 * const mark = await markSent(context, stored);
 * if (mark === undefined) return startOver();
 * await send(mark.marked?.token.refreshToken);
 * ```
 */
export async function markSent(context: RefreshContext, stored: Entry | undefined): Promise<{ readonly marked: Entry | undefined } | undefined> {
  if (context.refreshReuseGraceMs === undefined || stored?.token.refreshToken === undefined) return { marked: stored };
  const at = Date.now();
  const marked = await writeEntry(context.store, context.key, stored.token, stored.version, { at, timeoutAt: at + context.requestTimeoutMs });
  return marked === undefined ? undefined : { marked };
}

/**
 * Whether `entry` holds a refresh another process sent and abandoned (its sender's request timeout
 * and {@link TAKEOVER_MARGIN_MS} are past) while the server's grace period may still accept its
 * refresh token again; never a refresh token this process saw replaced.
 *
 * @example
 * ```ts
 * if (canTakeOver(context, entry)) {
 *   const mark = await markSent(context, entry);
 *   if (mark !== undefined) await send(mark.marked);
 * }
 * ```
 */
export function canTakeOver(context: RefreshContext, entry: Entry | undefined, now = Date.now()): entry is Entry {
  const grace = context.refreshReuseGraceMs;
  const sent = entry?.sent;
  if (grace === undefined || sent === undefined || entry?.token.refreshToken === undefined) return false;
  if (isIn(context.state.retired, entry.token.refreshToken)) return false;
  return now >= sent.timeoutAt + TAKEOVER_MARGIN_MS && now - sent.at < grace;
}
