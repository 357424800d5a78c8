// One refresh of one key: read the store, take the lock, re-read, fetch only if still needed,
// write with compare-and-set, release, announce — with backoff around the token request. Runs
// single-flight (the manager keeps one promise of it per key). A token that could not be written
// keeps the lease until a later call writes it.
import { AuthError } from '../errors.js';
import type { TokenStore } from '../stores/token-store.js';
import { headerSafe, withoutRefreshToken, type Token } from '../token.js';
import { backoffDelay, type ResolvedBackoff } from './backoff.js';
import { publishEnd, publishError, publishStart } from './diagnostics.js';
import { whileQueued, type TokenRequestLimiter } from './limiter.js';
import { acquireLock, releaseLease, type HeldLease } from './lock.js';
import { phaseOf, type RefreshWindows } from './phase.js';
import { entryFingerprint, isIn, remember, type Entry, type KeyState, type Uncommitted } from './state.js';
import { readEntry, writeEntry } from './store-io.js';
import { abortedError, sleep } from './timers.js';
import type { FetchToken, TokenErrorEvent, TokenEvent, TokenRefreshReason } from './types.js';

/** Everything a refresh needs from its manager. */
export interface RefreshContext {
  readonly key: string;
  readonly name: string;
  readonly store: TokenStore;
  readonly state: KeyState;
  readonly fetchToken: FetchToken;
  readonly limiter: TokenRequestLimiter;
  readonly backoff: ResolvedBackoff;
  readonly windows: RefreshWindows;
  readonly requestTimeoutMs: number;
  readonly leaseMs: number;
  readonly lockWaitMs: number;
  readonly defaultExpiresInMs: number;
  /** Fires when the manager is closed: stops waits and further tries (not a request in flight). */
  readonly signal: AbortSignal;
  readonly onToken: ((event: TokenEvent) => void | Promise<void>) | undefined;
  readonly onError: ((event: TokenErrorEvent) => void) | undefined;
  /** The initial token to write when the store holds none (returned once per manager). */
  readonly takeSeed: (stored: Entry | undefined) => Token | undefined;
}

/** What one try used, for the `invalid_grant` re-read and for diagnostics. */
interface Trace {
  used?: Entry | undefined;
  durationMs?: number;
  /** Whether this try sent a token request (backoff and cooldown are about those only). */
  requested?: boolean;
  /** The reason as the store showed it: `initial` only when no access token was there either. */
  reason?: TokenRefreshReason;
}

/**
 * Whether `entry` must be replaced: none, no access token, refused by a server, expired or in
 * the forced window — or in the refresh window and still the very token this refresh set out
 * to replace (a newer token in its refresh window is used as it is, so short-lived tokens never loop).
 */
export function needsFetch(context: RefreshContext, entry: Entry | undefined, replacing: string | undefined): boolean {
  if (entry === undefined || isIn(context.state.rejected, entry.token.accessToken)) return true;
  const phase = phaseOf(entry.token, Date.now(), context.windows);
  if (phase === 'expired' || phase === 'forced') return true;
  return phase === 'refresh' && entry.token.accessToken === replacing;
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
      const lockable = store.lock === undefined ? undefined : (store as TokenStore & Required<Pick<TokenStore, 'lock'>>);
      let lease: HeldLease | undefined;
      if (lockable !== undefined) {
        const endsAt = Date.now() + context.leaseMs;
        const got = await acquireLock({
          store: lockable, key, leaseMs: context.leaseMs, waitMs: context.lockWaitMs, signal: context.signal, keepAlive: state.keepAlive,
          usableFromStore: async () => {
            const entry = await readEntry(store, key, context.defaultExpiresInMs);
            return needsFetch(context, entry, replacing) ? undefined : entry;
          },
        });
        if ('entry' in got) return adopt(context, got.entry);
        lease = { lock: got.lock, endsAt, released: false };
      }
      try {
        if (lease !== undefined) {
          stored = await readEntry(store, key, context.defaultExpiresInMs);
          if (!needsFetch(context, stored, replacing)) return adopt(context, stored as Entry);
        }
        return await fetchAndCommit(context, reason, attempt, stored, trace, lease);
      } finally {
        // A token obtained but not yet stored keeps the lease; commit() releases it once written.
        if (lease !== undefined && state.uncommitted?.lease !== lease) await releaseLease(lease);
      }
    },
    { signal: queued.signal },
  );
}

/** Writes the initial token when the store holds none (or holds a dead grant and the initial one is new). */
async function seed(context: RefreshContext, stored: Entry | undefined): Promise<Entry | undefined> {
  const token = context.takeSeed(stored);
  if (token === undefined) return stored;
  const written = await writeEntry(context.store, context.key, token, stored?.version ?? 0);
  if (written === undefined) return readEntry(context.store, context.key, context.defaultExpiresInMs);
  context.state.reauth = undefined;
  return written;
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
  const uncommitted: Uncommitted = { token, baseVersion: stored?.version ?? 0, reason, rotated, hooked: false, lease };
  state.uncommitted = uncommitted;
  return commit(context, uncommitted);
}

/** Stores the new token (compare-and-set), awaits `onToken`, then makes it current. Resumable after a failure. */
async function commit(context: RefreshContext, uncommitted: Uncommitted): Promise<Entry> {
  const { state, store, key } = context;
  if (uncommitted.entry === undefined) {
    const written = await writeEntry(store, key, uncommitted.token, uncommitted.baseVersion);
    if (written === undefined) {
      // Lost the compare-and-set: a newer record is there (another process, or our lease ran out).
      const now = await readEntry(store, key, context.defaultExpiresInMs);
      if (now !== undefined && !needsFetch(context, now, undefined)) {
        if (state.uncommitted === uncommitted) state.uncommitted = undefined;
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
  if (state.uncommitted === uncommitted) state.uncommitted = undefined;
  return adopt(context, uncommitted.entry);
}

/** Releases the lease an uncommitted token kept, once the store holds the token (or a newer one). */
async function releaseHeldLease(uncommitted: Uncommitted): Promise<void> {
  const lease = uncommitted.lease;
  if (lease === undefined) return;
  uncommitted.lease = undefined;
  await releaseLease(lease);
}

/** Makes `entry` the current token of the key. */
export function adopt(context: RefreshContext, entry: Entry): Entry {
  const { state } = context;
  state.cached = entry;
  if (state.reauth !== undefined && entryFingerprint(entry) !== state.reauth.fingerprint) state.reauth = undefined;
  return entry;
}

async function withTimeout<T>(context: RefreshContext, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timeoutMs = context.requestTimeoutMs;
  const timeoutError = (): AuthError =>
    new AuthError('ERR_AUTH_TIMEOUT', `token request took longer than ${timeoutMs} ms`, { details: { retryable: true, timeoutMs, reason: 'timeout' } });
  const { keepAlive } = context.state;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = keepAlive.setTimeout(() => {
      const error = timeoutError();
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } catch (error) {
    if (controller.signal.aborted) throw controller.signal.reason instanceof AuthError ? controller.signal.reason : timeoutError();
    throw error;
  } finally {
    keepAlive.clearTimeout(timer);
  }
}

function checkToken(token: Token): void {
  if (
    typeof token !== 'object' || token === null || typeof token.accessToken !== 'string' || token.accessToken === '' ||
    !Number.isFinite(token.expiresAt) || !Number.isFinite(token.issuedAt)
  ) {
    throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'the token source returned no usable token (expected accessToken, issuedAt and a finite expiresAt)', {
      details: { retryable: true },
    });
  }
  if (!headerSafe(token.accessToken) || (typeof token.tokenType === 'string' && !headerSafe(token.tokenType))) {
    throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'the token source returned a token (or token type) holding characters a header cannot carry (controls or above U+00FF)', {
      details: { retryable: true },
    });
  }
}

/** Any failure as an {@link AuthError}; foreign errors count as retryable request failures. */
export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'token request failed', { cause: error, details: { retryable: true } });
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
