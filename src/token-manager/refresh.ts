// One refresh of one key: read the store, take the lock, re-read, fetch only if still needed
// (and only while the lease is still ours and the record unchanged), write with compare-and-set,
// release, announce — with backoff around the token request. Runs
// single-flight (the manager keeps one promise of it per key). A token that could not be written
// keeps the lease until it is written (src/token-manager/unstored.ts retries it in the background).
import type { AuthError } from '../errors.js';
import type { TokenStore } from '../stores/token-store.js';
import { withoutRefreshToken, type Token } from '../token.js';
import { backoffDelay } from './backoff.js';
import { commit, seed } from './commit.js';
import { publishEnd, publishError, publishStart } from './diagnostics.js';
import { isPassedOn, toAuthError } from './failure.js';
import { checkFence, leaseLostError } from './fence.js';
import { checkToken, withTimeout } from './fetch-with-timeout.js';
import { whileQueued } from './limiter.js';
import { acquireLock, releaseLease } from './lock.js';
import { adopt, needsFetch, type RefreshContext } from './refresh-context.js';
import { canTakeOver, markSent } from './reuse-grace.js';
import { entryFingerprint, isIn, remember, type Entry, type HeldLease, type Uncommitted } from './state.js';
import { readEntry } from './store-io.js';
import { abortedError, sleep } from './timers.js';
import type { TokenRefreshReason } from './types.js';

/** What one try used, for the `invalid_grant` re-read and for diagnostics. */
interface Trace {
  used?: Entry | undefined;
  durationMs?: number;
  /** Whether this try sent a token request (backoff and cooldown are about those only). */
  requested?: boolean;
  /** The reason as the store showed it: `initial` only when no access token was there either. */
  reason?: TokenRefreshReason;
}

/** Runs one refresh with retries; resolves with the entry now current. */
export async function runRefresh(context: RefreshContext, reason: TokenRefreshReason): Promise<Entry> {
  const { state, backoff } = context;
  const replacing = state.cached?.token.accessToken;
  let reauthRetried = false;
  for (let attempt = 0; ; attempt += 1) {
    if (context.signal.aborted) throw abortedError(context.signal, 'the token refresh');
    const trace: Trace = {};
    try {
      const entry = await attemptOnce(context, reason, replacing, attempt, trace);
      state.cooldownUntil = 0;
      state.lastError = undefined;
      return entry;
    } catch (raw) {
      const error = toAuthError(raw);
      if (context.signal.aborted || error.code === 'ERR_AUTH_ABORTED') throw error;
      // A credential this one depends on must sign in again: no token request was sent for this key.
      if (isPassedOn(error)) {
        report(context, error, reason, attempt, false, trace);
        throw error;
      }
      if (error.code === 'ERR_AUTH_REAUTH_REQUIRED') {
        // The grant is gone, unless a sibling rotated the refresh token meanwhile: re-read once.
        let stored = trace.used;
        try {
          stored = await readEntry(context.store, context.key, context.defaultExpiresInMs);
        } catch {
          // The store cannot tell us more: the grant counts as gone.
        }
        const changed = stored !== undefined && entryFingerprint(stored) !== entryFingerprint(trace.used);
        if (changed && stored !== undefined && !needsFetch(context, stored, replacing)) {
          report(context, error, reason, attempt, false, trace);
          return adopt(context, stored);
        }
        const newRefreshToken = stored?.token.refreshToken;
        if (!reauthRetried && changed && newRefreshToken !== undefined && newRefreshToken !== trace.used?.token.refreshToken && !isIn(state.retired, newRefreshToken)) {
          reauthRetried = true;
          report(context, error, reason, attempt, true, trace);
          continue;
        }
        state.reauth = { fingerprint: entryFingerprint(stored), error };
        report(context, error, reason, attempt, false, trace);
        throw error;
      }
      // Backoff and cooldown spare the authorization server. A try that failed before sending a
      // token request (the store unreachable, its lock not had in time) fails at once and leaves
      // no cooldown: the next call reads the store again, so recovery is immediate.
      const willRetry = trace.requested === true && error.details.retryable === true && attempt + 1 < backoff.maxAttempts;
      report(context, error, reason, attempt, willRetry, trace);
      const retryAfterMs = typeof error.details.retryAfterMs === 'number' ? error.details.retryAfterMs : undefined;
      if (!willRetry) {
        if (trace.requested === true) {
          state.cooldownUntil = Date.now() + Math.max(backoff.cooldownMs, retryAfterMs ?? 0);
          state.lastError = error;
        }
        throw error;
      }
      await sleep(backoffDelay(backoff, attempt, retryAfterMs), context.signal, state.keepAlive);
    }
  }
}

/** How many times a refresh takes the lease again after losing it before its token request was sent. */
const LEASE_ROUNDS = 3;

async function attemptOnce(
  context: RefreshContext,
  reason: TokenRefreshReason,
  replacing: string | undefined,
  attempt: number,
  trace: Trace,
): Promise<Entry> {
  const { state, store, key } = context;
  if (state.uncommitted !== undefined) return commit(context, state.uncommitted);
  let stored = await seed(context, await readEntry(store, key, context.defaultExpiresInMs));
  if (!needsFetch(context, stored, replacing)) return adopt(context, stored as Entry);
  const queued = whileQueued(context.signal);
  return context.limiter.add(
    async () => {
      queued.started();
      for (let round = 1; ; round += 1) {
        const taken = await takeLease(context, replacing);
        if ('entry' in taken) return adopt(context, taken.entry);
        // An abandoned refresh taken over inside the server's grace period: the mark's
        // compare-and-set made this process its only sender.
        if ('takenOver' in taken) return await fetchAndCommit(context, reason, attempt, taken.takenOver, trace, undefined);
        const { lease } = taken;
        try {
          if (lease !== undefined) {
            stored = await readEntry(store, key, context.defaultExpiresInMs);
            if (!needsFetch(context, stored, replacing)) return adopt(context, stored as Entry);
            // Last look before the refresh token leaves: a lease lost (or a record moved) since
            // the read means another holder may have rotated it. Adopt theirs, or start over.
            const fence = await checkFence(context, lease, stored);
            if (!fence.send) {
              if (fence.stored !== undefined && !needsFetch(context, fence.stored, replacing)) return adopt(context, fence.stored);
              if (round >= LEASE_ROUNDS) throw leaseLostError(round, context.leaseMs);
              continue;
            }
            // With a reuse grace period: "sent at T" goes into the store before the request.
            const mark = await markSent(context, stored);
            if (mark === undefined) {
              if (round >= LEASE_ROUNDS) throw leaseLostError(round, context.leaseMs);
              continue;
            }
            stored = mark.marked;
          }
          return await fetchAndCommit(context, reason, attempt, stored, trace, lease);
        } finally {
          // A token obtained but not yet stored keeps the lease; commit() releases it once written.
          // Releasing a lease that ran out leaves another holder's lock alone.
          if (lease !== undefined && state.uncommitted?.lease !== lease) await releaseLease(lease);
        }
      }
    },
    { signal: queued.signal },
  );
}

/**
 * Takes the store's lease (none for a store without `lock`), or returns a usable token another
 * holder stored meanwhile, or a refresh it abandoned that this process took over (reuse grace).
 */
async function takeLease(
  context: RefreshContext,
  replacing: string | undefined,
): Promise<{ readonly lease: HeldLease | undefined } | { readonly entry: Entry } | { readonly takenOver: Entry }> {
  const { store, key } = context;
  if (store.lock === undefined) return { lease: undefined };
  const endsAt = Date.now() + context.leaseMs;
  let takenOver: Entry | undefined;
  const got = await acquireLock({
    store: store as TokenStore & Required<Pick<TokenStore, 'lock'>>, key, leaseMs: context.leaseMs, waitMs: context.lockWaitMs,
    signal: context.signal, keepAlive: context.state.keepAlive,
    usableFromStore: async () => {
      const entry = await readEntry(store, key, context.defaultExpiresInMs);
      if (!needsFetch(context, entry, replacing)) return entry;
      if (!canTakeOver(context, entry)) return undefined;
      takenOver = (await markSent(context, entry))?.marked;
      return takenOver;
    },
  });
  if ('entry' in got) return takenOver !== undefined && got.entry === takenOver ? { takenOver } : got;
  return { lease: { lock: got.lock, endsAt, released: false } };
}

async function fetchAndCommit(
  context: RefreshContext,
  asked: TokenRefreshReason,
  attempt: number,
  stored: Entry | undefined,
  trace: Trace,
  lease: HeldLease | undefined,
): Promise<Entry> {
  const { state } = context;
  const base = stored ?? state.cached;
  trace.used = base;
  // A process that starts with an expired token in the store replaces it: that is not a first token.
  const reason: TokenRefreshReason = asked === 'initial' && base !== undefined && base.token.accessToken !== '' ? 'expiring' : asked;
  trace.reason = reason;
  let previous = base?.token;
  if (previous?.refreshToken !== undefined && isIn(state.retired, previous.refreshToken)) previous = withoutRefreshToken(previous);
  const message = { key: context.key, name: context.name, reason, attempt };
  publishStart(message);
  const started = Date.now();
  trace.requested = true;
  let token: Token;
  try {
    token = await withTimeout(context, (signal) => context.fetchToken({ previous, reason, signal, attempt }));
    checkToken(token);
  } finally {
    trace.durationMs = Date.now() - started;
  }
  if (token.refreshToken === undefined && previous?.refreshToken !== undefined) token = { ...token, refreshToken: previous.refreshToken };
  const rotated = previous?.refreshToken !== undefined && token.refreshToken !== previous.refreshToken;
  // The replaced refresh token is never sent again, even if storing the new one fails below.
  if (rotated && previous?.refreshToken !== undefined) remember(state.retired, previous.refreshToken, 256);
  publishEnd({ ...message, expiresAt: token.expiresAt, rotated, durationMs: Date.now() - started });
  const uncommitted: Uncommitted = { token, baseVersion: stored?.version ?? 0, reason, rotated, hooked: false, lease, retry: undefined, retries: 0 };
  state.uncommitted = uncommitted;
  return commit(context, uncommitted);
}

function report(context: RefreshContext, error: AuthError, asked: TokenRefreshReason, attempt: number, willRetry: boolean, trace: Trace): void {
  const reason = trace.reason ?? asked;
  const status = error.details.status;
  const oauthError = error.details.error;
  publishError({
    key: context.key, name: context.name, reason, attempt, code: error.code, willRetry,
    durationMs: trace.durationMs ?? 0,
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof oauthError === 'string' ? { error: oauthError } : {}),
  });
  try {
    context.onError?.({ key: context.key, error, reason, attempt, willRetry });
  } catch {
    // onError must not break the refresh.
  }
}
