import { AuthError, invalidConfig } from '../errors.js';
import type { TokenStore } from '../stores/token-store.js';
import { headerSafe, type Token } from '../token.js';
import { CloseWaits } from './close-waits.js';
import { resolveManagerOptions } from './manager-options.js';
import { throwCopy } from './failure.js';
import { effectiveWindows, phaseOf } from './phase.js';
import { storeChangedSinceReauth } from './reauth.js';
import { runRefresh } from './refresh.js';
import { adopt, type RefreshContext } from './refresh-context.js';
import { acquireKeyState, isIn, releaseKeyState, remember, type Entry, type KeyState } from './state.js';
import { hasUnusedSeed, seedToken } from './initial-token.js';
import { replaceStoredToken } from './store-io.js';
import { forgetToken } from './forget.js';
import { abortedError, unrefTimer, waitFor } from './timers.js';
import { retryUnstored } from './unstored.js';
import type { GetTokenOptions, InitialToken, TokenManagerOptions, TokenRefreshReason } from './types.js';

export { DEFAULT_FORCED_REFRESH_WINDOW_MS, DEFAULT_REFRESH_WINDOW_MS } from './defaults.js';

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
  /** Callers waiting for a token or a store read, stopped when the manager is closed. */
  readonly #waits = new CloseWaits(this.#closer.signal);
  #initial: InitialToken | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerEntry: Entry | undefined;
  #usedSinceTimer = false;
  #closed = false;

  /** @param options - the token source, key, store, windows and events */
  constructor(options: TokenManagerOptions) {
    const settings = resolveManagerOptions(options);
    this.key = settings.key;
    this.refreshWindowMs = settings.windows.refreshWindowMs;
    this.forcedRefreshWindowMs = settings.windows.forcedRefreshWindowMs;
    this.store = settings.store;
    this.#waitTimeoutMs = settings.waitTimeoutMs;
    this.#refreshAhead = settings.refreshAhead;
    this.#initial = options.initialToken;
    this.#state = acquireKeyState(this.store, this.key);
    const { defaultExpiresInMs } = settings;
    this.#context = {
      ...settings.refresh,
      key: this.key, store: this.store,
      state: this.#state,
      signal: this.#closer.signal,
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
        if (!(await storeChangedSinceReauth(this.#context, this.#waits, options.signal, timeoutMs))) {
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
        fresh = await waitFor(this.#waits.whileOpen(this.#refresh(reason), 'waiting for a token'), [options.signal], timeoutMs, 'waiting for a token');
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
    const entry = await replaceStoredToken(this.store, this.key, token, this.#context.defaultExpiresInMs);
    const state = this.#state;
    state.reauth = undefined;
    state.cooldownUntil = 0;
    state.lastError = undefined;
    state.rejected.clear();
    adopt(this.#context, entry);
  }

  /** The current token if it is usable now, without any request; `undefined` otherwise. */
  peek(): Token | undefined {
    return this.#stillValid(this.#state.cached);
  }

  /**
   * Forgets the token (sign-out, revocation): deletes the store record, so every process sharing the store finds none, drops
   * it, a new token not yet stored and the options' initial token here; `retire` values are never sent again. The next {@link getToken} asks the grant.
   */
  async clearToken(options: { readonly retire?: readonly string[] } = {}): Promise<void> {
    this.#assertOpen();
    this.#initial = undefined;
    clearTimeout(this.#timer);
    this.#timer = this.#timerEntry = undefined;
    await forgetToken(this.store, this.key, this.#state, options.retire ?? []);
  }

  /**
   * Clears this manager's timers and stops its waits and retries. A token request in flight
   * completes and is stored: `close()` resolves once that refresh has settled (token written,
   * lease released), so the store's client may be closed right after.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
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
      retryUnstored(state, () => this.#refresh('background'), () => this.#closed);
    });
    pending.catch(() => undefined);
    return (state.pending = pending);
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
    return hasUnusedSeed(this.#initial, this.#state);
  }

  /** The initial token to write (once per manager: it is given up whatever the answer). */
  #takeSeed(stored: Entry | undefined, defaultExpiresInMs: number): Token | undefined {
    const initial = this.#initial;
    if (initial === undefined) return undefined;
    this.#initial = undefined;
    return seedToken(initial, this.#state, stored, defaultExpiresInMs);
  }

  #assertOpen(): void {
    if (this.#closed) throw abortedError(this.#closer.signal, 'the token manager');
  }
}

