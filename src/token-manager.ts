import { setMaxListeners } from 'node:events';
import { AuthError, invalidConfig } from './errors.js';
import { MemoryTokenStore } from './stores/memory.js';
import type { TokenStore } from './stores/token-store.js';
import { headerSafe, normalizeTokenType, toStoredToken, type Token } from './token.js';
import { resolveBackoff } from './token-manager/backoff.js';
import { tokenCacheKey } from './token-manager/key.js';
import { sharedTokenRequestLimiter } from './token-manager/limiter.js';
import { effectiveWindows, phaseOf, type RefreshWindows } from './token-manager/phase.js';
import { adopt, runRefresh, type RefreshContext } from './token-manager/refresh.js';
import { acquireKeyState, entryFingerprint, isIn, releaseKeyState, remember, type Entry, type KeyState } from './token-manager/state.js';
import { readEntry } from './token-manager/store-io.js';
import { abortedError, unrefTimer, waitFor } from './token-manager/timers.js';
import { checkInitialToken, checkStore, milliseconds } from './token-manager/options.js';
import type { GetTokenOptions, InitialToken, TokenManagerOptions, TokenRefreshReason } from './token-manager/types.js';

/** The store used when none is given: one per process, so equal credentials share one token. */
const defaultStore = new MemoryTokenStore();

/**
 * Default of {@link TokenManagerOptions.refreshWindowMs}: 2 minutes.
 *
 * @example
 * ```ts
 * new TokenManager({ key, fetchToken, refreshWindowMs: DEFAULT_REFRESH_WINDOW_MS * 2 });
 * ```
 */
export const DEFAULT_REFRESH_WINDOW_MS = 120_000;
/**
 * Default of {@link TokenManagerOptions.forcedRefreshWindowMs}: 10 seconds.
 *
 * @example
 * ```ts
 * new TokenManager({ key, fetchToken, forcedRefreshWindowMs: DEFAULT_FORCED_REFRESH_WINDOW_MS * 3 });
 * ```
 */
export const DEFAULT_FORCED_REFRESH_WINDOW_MS = 10_000;

/**
 * Decides when a token is fetched; a {@link FetchToken} function knows how. One token per key,
 * shared by every manager in the process with the same store and key; across processes through
 * the store's lock and compare-and-set writes.
 *
 * - fresh: used as it is;
 * - inside `refreshWindowMs`: used, and one background refresh starts (nobody waits);
 * - inside `forcedRefreshWindowMs` or expired: callers wait for the one refresh (each within its
 *   own signal and timeout); if it fails and the old token has not expired, the old one is used;
 * - refresh tokens that come back rotated are stored before the new access token is used; a
 *   replaced refresh token is never sent again; `ERR_AUTH_REAUTH_REQUIRED` stops token requests
 *   until the stored token changes (or {@link TokenManager.setToken} is called);
 * - failures are retried with exponential backoff and jitter, then a cooldown.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 * @example
 * ```ts
 * const manager = new TokenManager({
 *   key: { tokenUrl: 'https://api.example.com/login', subject: 'alice' },
 *   fetchToken: async ({ signal }) => {
 *     const response = await fetch('https://api.example.com/login', { method: 'POST', body: credentials, signal });
 *     return tokenFromResponse(await response.json(), Date.now(), { accessToken: 'token' });
 *   },
 * });
 * const token = await manager.getToken();
 * ```
 */
export class TokenManager {
  /** The hashed store key of this token. */
  readonly key: string;
  /** Milliseconds before expiry at which a background refresh starts (cut to half the token's life). */
  readonly refreshWindowMs: number;
  /** Milliseconds before expiry from which callers wait for a refresh (cut to a quarter of the token's life). */
  readonly forcedRefreshWindowMs: number;
  /** The store tokens are kept in. */
  readonly store: TokenStore;

  readonly #state: KeyState;
  readonly #context: RefreshContext;
  readonly #waitTimeoutMs: number;
  readonly #refreshAhead: boolean;
  readonly #closer = new AbortController();
  /**
   * Callers waiting for a token, told when the manager is closed. One listener on the closer's
   * signal serves them all: Node scans a signal's listeners on every add, so a listener per
   * waiter would block the event loop for about a second with 10,000 waiters at one expiry.
   */
  readonly #waiters = new Set<() => void>();
  #initial: InitialToken | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerEntry: Entry | undefined;
  #usedSinceTimer = false;
  #closed = false;

  /** @param options - the token source, key, store, windows and events */
  constructor(options: TokenManagerOptions) {
    if (typeof options !== 'object' || options === null) throw invalidConfig('tokenManager', 'an options object');
    if (typeof options.fetchToken !== 'function') throw invalidConfig('fetchToken', 'a function returning a Promise<Token>');
    if (typeof options.key !== 'string' && (typeof options.key !== 'object' || options.key === null || typeof options.key.tokenUrl !== 'string')) {
      throw invalidConfig('key', 'a string or { tokenUrl, clientId?, subject?, scope?, audience?, resource? }');
    }
    const windows: RefreshWindows = {
      refreshWindowMs: milliseconds(options.refreshWindowMs, DEFAULT_REFRESH_WINDOW_MS, 'refreshWindowMs'),
      forcedRefreshWindowMs: milliseconds(options.forcedRefreshWindowMs, DEFAULT_FORCED_REFRESH_WINDOW_MS, 'forcedRefreshWindowMs'),
    };
    if (windows.forcedRefreshWindowMs > windows.refreshWindowMs) {
      throw invalidConfig('forcedRefreshWindowMs', `at most refreshWindowMs (${windows.refreshWindowMs} ms)`);
    }
    const requestTimeoutMs = milliseconds(options.requestTimeoutMs, 30_000, 'requestTimeoutMs', 1);
    const lock = options.lock ?? {};
    checkStore(options.store);
    checkInitialToken(options.initialToken);
    this.key = tokenCacheKey(options.key);
    this.refreshWindowMs = windows.refreshWindowMs;
    this.forcedRefreshWindowMs = windows.forcedRefreshWindowMs;
    this.store = options.store ?? defaultStore;
    this.#waitTimeoutMs = milliseconds(options.waitTimeoutMs, 60_000, 'waitTimeoutMs', 1);
    this.#refreshAhead = options.refreshAhead ?? true;
    this.#initial = options.initialToken;
    setMaxListeners(0, this.#closer.signal);
    this.#closer.signal.addEventListener('abort', () => {
      for (const onClose of this.#waiters) onClose();
      this.#waiters.clear();
    }, { once: true });
    this.#state = acquireKeyState(this.store, this.key);
    const defaultExpiresInMs = milliseconds(options.defaultExpiresInMs, 3_600_000, 'defaultExpiresInMs', 1);
    this.#context = {
      key: this.key,
      name: options.name ?? 'token',
      store: this.store,
      state: this.#state,
      fetchToken: options.fetchToken,
      limiter: options.limiter ?? sharedTokenRequestLimiter,
      backoff: resolveBackoff(options.backoff),
      windows,
      requestTimeoutMs,
      leaseMs: milliseconds(lock.leaseMs, requestTimeoutMs * 2 + 5_000, 'lock.leaseMs', 1),
      lockWaitMs: milliseconds(lock.waitMs, 10_000, 'lock.waitMs'),
      defaultExpiresInMs,
      signal: this.#closer.signal,
      onToken: options.onToken,
      onError: options.onError,
      takeSeed: (stored) => this.#takeSeed(stored, defaultExpiresInMs),
    };
  }

  /**
   * The token to use now: at once when fresh or inside the refresh window (a background
   * refresh starts), otherwise after the one refresh. Rejects with `ERR_AUTH_ABORTED` or
   * `ERR_AUTH_TIMEOUT` when the caller's own signal or timeout comes first (the refresh goes on).
   */
  async getToken(options: GetTokenOptions = {}): Promise<Token> {
    this.#assertOpen();
    const state = this.#state;
    const timeoutMs = options.timeoutMs ?? this.#waitTimeoutMs;
    for (let round = 0; round < 3; round += 1) {
      const entry = state.cached;
      const usable = entry === undefined ? undefined : this.#usable(entry);
      if (usable !== undefined) return usable;
      if (state.reauth !== undefined && !this.#hasUnusedSeed()) {
        if (!(await this.#storeChangedSinceReauth(options.signal, timeoutMs))) {
          const reauth = state.reauth;
          if (reauth !== undefined) return this.#stillValid(entry) ?? throwCopy(reauth.error, '');
        }
        continue;
      }
      if (Date.now() < state.cooldownUntil && state.pending === undefined && state.uncommitted === undefined) {
        const left = state.cooldownUntil - Date.now();
        return this.#stillValid(entry) ?? throwCopy(state.lastError, ` (no new token request for another ${Math.ceil(left)} ms)`);
      }
      const reason: TokenRefreshReason = entry === undefined ? 'initial' : isIn(state.rejected, entry.token.accessToken) ? 'rejected' : 'expiring';
      let fresh: Entry;
      // This caller awaits the refresh: its backoff and lock waits keep the process alive meanwhile.
      const release = state.keepAlive.hold();
      try {
        fresh = await waitFor(this.#whileOpen(this.#refresh(reason), 'waiting for a token'), [options.signal], timeoutMs, 'waiting for a token');
      } catch (error) {
        const callerLeft = options.signal?.aborted === true || this.#closer.signal.aborted;
        // Another manager sharing this key was closed while running the refresh: run our own.
        if (error instanceof AuthError && error.code === 'ERR_AUTH_ABORTED' && !callerLeft) continue;
        const waiterGaveUp = error instanceof AuthError && (error.code === 'ERR_AUTH_ABORTED' || (error.code === 'ERR_AUTH_TIMEOUT' && error.details.retryable !== true));
        const fallback = waiterGaveUp ? undefined : this.#stillValid(state.cached ?? entry);
        if (fallback !== undefined) return fallback;
        throw error;
      } finally {
        release();
      }
      if (!isIn(state.rejected, fresh.token.accessToken) && fresh.token.expiresAt > Date.now() && fresh.token.accessToken !== '') return this.#use(fresh);
    }
    throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'no usable token after refreshing: the token source keeps returning expired or refused tokens', {
      details: { retryable: false },
    });
  }

  /**
   * The token {@link getToken} would return at once, without waiting: fresh, or inside the
   * refresh window (a background refresh starts, as with getToken). `undefined` when getToken
   * would wait for a token request or fail; call that then. Unlike {@link peek} (any token not
   * yet expired, and nothing started), it follows getToken's windows. Throws `ERR_AUTH_ABORTED`
   * after {@link close}.
   *
   * @example
   * ```ts
   * const token = manager.currentToken() ?? (await manager.getToken());
   * ```
   */
  currentToken(): Token | undefined {
    this.#assertOpen();
    const entry = this.#state.cached;
    return entry === undefined ? undefined : this.#usable(entry);
  }

  /**
   * A server refused `accessToken` (a 401). If it is still the current token, it is never
   * handed out again and the one refresh runs; if a newer token is already current (a late 401
   * for an old token), that one is returned and nothing is refreshed.
   *
   * @returns the token to retry with
   */
  async rejectToken(accessToken: string, options: GetTokenOptions = {}): Promise<Token> {
    this.#assertOpen();
    const current = this.#state.cached?.token;
    const stale = current !== undefined && current.accessToken !== accessToken && current.accessToken !== '';
    if (!stale && accessToken !== '') remember(this.#state.rejected, accessToken);
    return this.getToken(options);
  }

  /**
   * Makes `token` current and stores it (e.g. after a new sign-in). Clears a reauthentication stop,
   * a cooldown and the refusal of that token. Throws `ERR_AUTH_INVALID_CONFIG` for a token (or
   * token type) holding characters a header cannot carry.
   */
  async setToken(token: Token): Promise<void> {
    this.#assertOpen();
    if (typeof token?.accessToken !== 'string' || !headerSafe(token.accessToken)) throw invalidConfig('token.accessToken', 'a string without control characters or characters above U+00FF');
    if (typeof token.tokenType === 'string' && !headerSafe(token.tokenType)) throw invalidConfig('token.tokenType', 'a string without control characters or characters above U+00FF');
    for (let round = 0; round < 5; round += 1) {
      const stored = await readEntry(this.store, this.key, this.#context.defaultExpiresInMs);
      const version = (stored?.version ?? 0) + 1;
      let written: boolean;
      try {
        written = await this.store.set(this.key, toStoredToken(token, version), { ifVersion: stored?.version ?? 0 });
      } catch (error) {
        throw new AuthError('ERR_AUTH_STORE', 'token store: writing the new token failed', { cause: error });
      }
      if (written) {
        const state = this.#state;
        state.reauth = undefined;
        state.cooldownUntil = 0;
        state.lastError = undefined;
        state.rejected.clear();
        adopt(this.#context, { token, version });
        return;
      }
    }
    throw new AuthError('ERR_AUTH_STORE', 'token store: the record kept changing while writing the new token');
  }

  /** The current token if it is usable now, without any request; `undefined` otherwise. */
  peek(): Token | undefined {
    return this.#stillValid(this.#state.cached);
  }

  /** `promise`, or an `ERR_AUTH_ABORTED` rejection as soon as the manager is closed. */
  #whileOpen<T>(promise: Promise<T>, what: string): Promise<T> {
    if (this.#closer.signal.aborted) return Promise.reject(abortedError(this.#closer.signal, what));
    const open = new Promise<T>((resolve, reject) => {
      const onClose = (): void => reject(abortedError(this.#closer.signal, what));
      this.#waiters.add(onClose);
      promise.then(
        (value) => {
          this.#waiters.delete(onClose);
          resolve(value);
        },
        (error: unknown) => {
          this.#waiters.delete(onClose);
          reject(error);
        },
      );
    });
    // A caller that stopped waiting (its own signal or timeout) leaves this promise unobserved.
    open.catch(() => undefined);
    return open;
  }

  /**
   * Clears this manager's timers and stops its waits and retries. A token request in flight
   * completes and is stored: `close()` resolves once that refresh has settled (token written,
   * lease released), so the store's client may be closed right after.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#closer.abort(new AuthError('ERR_AUTH_ABORTED', 'the token manager was closed'));
    const pending = this.#state.pending;
    if (pending !== undefined) await pending.catch(() => undefined);
    releaseKeyState(this.store, this.key, this.#state);
  }

  #refresh(reason: TokenRefreshReason): Promise<Entry> {
    const state = this.#state;
    if (state.pending !== undefined) return state.pending;
    const pending: Promise<Entry> = runRefresh(this.#context, reason).finally(() => {
      if (state.pending === pending) state.pending = undefined;
    });
    state.pending = pending;
    pending.catch(() => undefined);
    return pending;
  }

  #background(): void {
    const state = this.#state;
    if (state.pending !== undefined || state.reauth !== undefined || Date.now() < state.cooldownUntil || this.#closed) return;
    this.#refresh('background').catch(() => undefined);
  }

  /** The token of `entry` if it may be handed out now, starting a background refresh inside the refresh window. */
  #usable(entry: Entry): Token | undefined {
    if (isIn(this.#state.rejected, entry.token.accessToken)) return undefined;
    const phase = phaseOf(entry.token, Date.now(), this.#context.windows);
    if (phase === 'refresh') this.#background();
    else if (phase !== 'fresh') return undefined;
    return this.#use(entry);
  }

  #use(entry: Entry): Token {
    if (this.#timerEntry === entry) this.#usedSinceTimer = true;
    else this.#schedule(entry);
    return entry.token;
  }

  /**
   * Refreshes a token at the start of its refresh window if it was used more than once (an
   * active client), so callers do not even see the window; an idle token is left to expire.
   */
  #schedule(entry: Entry): void {
    if (!this.#refreshAhead || this.#closed) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerEntry = entry;
    this.#usedSinceTimer = false;
    const due = entry.token.expiresAt - effectiveWindows(entry.token, this.#context.windows).refreshWindowMs;
    this.#timer = unrefTimer(() => {
      this.#timer = undefined;
      if (this.#closed || this.#state.cached !== entry) return;
      if (Date.now() < due) {
        const used = this.#usedSinceTimer;
        this.#schedule(entry); // a delay beyond 2^31-1 ms was clamped: wait again.
        this.#usedSinceTimer = used;
        return;
      }
      if (this.#usedSinceTimer) this.#background();
    }, due - Date.now());
  }

  #stillValid(entry: Entry | undefined): Token | undefined {
    if (entry === undefined || entry.token.accessToken === '' || isIn(this.#state.rejected, entry.token.accessToken)) return undefined;
    return entry.token.expiresAt > Date.now() ? entry.token : undefined;
  }

  #hasUnusedSeed(): boolean {
    const initial = this.#initial;
    return initial?.refreshToken !== undefined && !isIn(this.#state.retired, initial.refreshToken);
  }

  #takeSeed(stored: Entry | undefined, defaultExpiresInMs: number): Token | undefined {
    const initial = this.#initial;
    if (initial === undefined) return undefined;
    const deadGrant = this.#state.reauth !== undefined && initial.refreshToken !== undefined && initial.refreshToken !== stored?.token.refreshToken;
    if (stored !== undefined && !deadGrant) {
      this.#initial = undefined;
      return undefined;
    }
    if (initial.refreshToken !== undefined && isIn(this.#state.retired, initial.refreshToken)) {
      this.#initial = undefined;
      return undefined;
    }
    this.#initial = undefined;
    const now = Date.now();
    return {
      accessToken: initial.accessToken ?? '',
      tokenType: normalizeTokenType(initial.tokenType),
      issuedAt: now,
      expiresAt: initial.accessToken === undefined ? now : (initial.expiresAt ?? now + defaultExpiresInMs),
      ...(initial.refreshToken === undefined ? {} : { refreshToken: initial.refreshToken }),
      ...(initial.scope === undefined ? {} : { scope: initial.scope }),
    };
  }

  /** While stopped for reauthentication: whether the stored record changed (then the stop is lifted). */
  async #storeChangedSinceReauth(signal: AbortSignal | undefined, timeoutMs: number): Promise<boolean> {
    const state = this.#state;
    state.reauthCheck ??= (async () => {
      try {
        const stored = await readEntry(this.store, this.key, this.#context.defaultExpiresInMs);
        if (state.reauth !== undefined && entryFingerprint(stored) !== state.reauth.fingerprint) {
          state.reauth = undefined;
          state.cooldownUntil = 0;
          if (stored !== undefined) adopt(this.#context, stored);
        }
      } finally {
        state.reauthCheck = undefined;
      }
    })();
    await waitFor(this.#whileOpen(state.reauthCheck, 'reading the token store'), [signal], timeoutMs, 'reading the token store');
    return state.reauth === undefined;
  }

  #assertOpen(): void {
    if (this.#closed) throw abortedError(this.#closer.signal, 'the token manager');
  }
}

function throwCopy(error: AuthError | undefined, suffix: string): never {
  if (error === undefined) throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `token request failed${suffix}`);
  throw new AuthError(error.code, `${error.message}${suffix}`, { cause: error, details: error.details });
}
