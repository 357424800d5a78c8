import type { AuthError } from '../errors.js';
import type { TokenStore } from '../stores/token-store.js';
import type { Token } from '../token.js';
import type { BackoffOptions } from './backoff.js';
import type { TokenCacheKeyParts } from './key.js';
import type { TokenRequestLimiter } from './limiter.js';

/**
 * Why a token is requested:
 * `initial` (no access token anywhere yet: none cached, none in the store),
 * `background` (inside the refresh window, nobody waits),
 * `expiring` (inside the forced window or expired, callers wait — also a token found expired in
 * the store when a process starts), `rejected` (the server refused the current token).
 *
 * @example
 * ```ts
 * const reason: TokenRefreshReason = 'background';
 * ```
 */
export type TokenRefreshReason = 'initial' | 'background' | 'expiring' | 'rejected';

/**
 * What a {@link FetchToken} function is given: one state object, so fields can be added later.
 *
 * @example
 * ```ts
 * const fetchToken: FetchToken = async ({ previous, signal }) =>
 *   previous?.refreshToken ? refresh(previous.refreshToken, signal) : login(signal);
 * ```
 */
export interface FetchTokenState {
  /**
   * The latest token known (from the store), possibly expired. Its `refreshToken` is the one to
   * send; a refresh token that has been replaced is never given here.
   */
  readonly previous: Token | undefined;
  /** Why the token is requested. */
  readonly reason: TokenRefreshReason;
  /** Fires on the request timeout or when the manager is closed. Pass it to `fetch`. */
  readonly signal: AbortSignal;
  /** 0 for the first try of this refresh, then 1, 2, ... */
  readonly attempt: number;
}

/**
 * Gets a new token from wherever tokens come from (an OAuth2 grant, a login call). The manager
 * decides when; this function only knows how. Throw an `AuthError` with
 * `details.retryable: true` for failures worth retrying (5xx, network, timeout, garbage), and
 * `ERR_AUTH_REAUTH_REQUIRED` when the credentials are no longer valid.
 *
 * @example
 * ```ts
 * const fetchToken: FetchToken = async ({ signal }) => {
 *   const response = await fetch('https://api.example.com/login', { method: 'POST', signal });
 *   return tokenFromResponse(await response.json(), Date.now(), { accessToken: 'session.token' });
 * };
 * ```
 */
export type FetchToken = (state: FetchTokenState) => Promise<Token>;

/**
 * Given to `onToken` when this process obtained a new token; awaited before the token is used.
 *
 * @example
 * ```ts
 * const onToken = async ({ token, rotated }: TokenEvent) => { if (rotated) await saveRefreshToken(token.refreshToken); };
 * ```
 */
export interface TokenEvent {
  /** The hashed cache key. */
  readonly key: string;
  /** The new token (it holds secrets: do not log it). */
  readonly token: Token;
  /** Why it was requested. */
  readonly reason: TokenRefreshReason;
  /** Whether the server replaced the refresh token. */
  readonly rotated: boolean;
}

/**
 * Given to `onError` whenever a token request (or storing its result) fails, retried or not.
 *
 * @example
 * ```ts
 * const onError = ({ error, willRetry }: TokenErrorEvent) => log.warn({ code: error.code, willRetry });
 * ```
 */
export interface TokenErrorEvent {
  /** The hashed cache key. */
  readonly key: string;
  /** The failure; its message and details hold no secret. */
  readonly error: AuthError;
  /** Why the token was requested. */
  readonly reason: TokenRefreshReason;
  /** 0 for the first try. */
  readonly attempt: number;
  /** Whether another try follows. */
  readonly willRetry: boolean;
}

/**
 * How the token manager coordinates with other processes through a store that has `lock`.
 *
 * @example
 * ```ts
 * const lock: TokenLockOptions = { leaseMs: 30_000, waitMs: 15_000 };
 * ```
 */
export interface TokenLockOptions {
  /** How long a lease lasts; longer than a token request may take. Default: twice the request timeout plus 5 s. */
  readonly leaseMs?: number;
  /** How long to wait for another holder before giving up (a fresh token that appears meanwhile is used). Default 10 s. */
  readonly waitMs?: number;
}

/**
 * A token to start from, e.g. a refresh token obtained elsewhere and the access token that came with it.
 * Written to the store only when the store holds no token for the key.
 *
 * @example
 * ```ts
 * const initial: InitialToken = { refreshToken: process.env.REFRESH_TOKEN ?? '' };
 * ```
 */
export interface InitialToken {
  /** An access token to use until it expires. */
  readonly accessToken?: string;
  /** When `accessToken` expires, in epoch milliseconds (default: one hour from now). */
  readonly expiresAt?: number;
  /** The refresh token. */
  readonly refreshToken?: string;
  /** The token type. Default `Bearer`. */
  readonly tokenType?: string;
  /** The granted scope. */
  readonly scope?: string;
}

/**
 * Options of {@link TokenManager}.
 *
 * @example
 * ```ts
 * const options: TokenManagerOptions = {
 *   key: { tokenUrl: 'https://api.example.com/login', subject: 'alice' },
 *   fetchToken: async ({ signal }) => login(signal),
 *   refreshWindowMs: 120_000,
 * };
 * ```
 */
export interface TokenManagerOptions {
  /** What identifies the token (hashed into the store key); see {@link "authwire/tokens"!tokenCacheKey}. */
  readonly key: TokenCacheKeyParts | string;
  /** Gets a new token. */
  readonly fetchToken: FetchToken;
  /** Where tokens are kept. Default: a process-wide {@link authwire!MemoryTokenStore}. */
  readonly store?: TokenStore;
  /** A token to start from, written to the store when it holds none for the key. */
  readonly initialToken?: InitialToken;
  /**
   * Inside this many milliseconds before expiry the token is still used and one background
   * refresh starts. Default 120 s; never more than half the token's lifetime.
   */
  readonly refreshWindowMs?: number;
  /**
   * Inside this many milliseconds before expiry (or after it) callers wait for the one refresh.
   * Default 10 s; never more than a quarter of the token's lifetime, nor more than `refreshWindowMs`.
   */
  readonly forcedRefreshWindowMs?: number;
  /** How long one token request may take. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /**
   * The authorization server's refresh-token reuse grace period, in milliseconds, if it has one
   * (a rotated refresh token stays accepted this long): set it a little below the server's.
   * The manager then marks the stored record "refresh sent at T" immediately before each
   * refresh; when the sender dies after the server rotated the refresh token and before the new
   * one was stored, another process that finds the mark (its sender's `requestTimeoutMs` plus
   * 1 s past, younger than this) takes it over by compare-and-set and sends the refresh token
   * again while the server still accepts it, instead of waiting for the lease and losing the
   * grant. Must exceed `requestTimeoutMs` + 1 s. Default: none (no mark).
   */
  readonly refreshReuseGraceMs?: number;
  /** How long a caller waits for a token (unless its own signal fires first). Default 60 s. */
  readonly waitTimeoutMs?: number;
  /** Retries and cooldown of failed token requests. */
  readonly backoff?: BackoffOptions;
  /** Cross-process lock timing, for stores that have `lock`. */
  readonly lock?: TokenLockOptions;
  /** Lifetime assumed for a stored token without an expiry. Default 3600 s. */
  readonly defaultExpiresInMs?: number;
  /** Refresh a token that was used, at the start of its refresh window, by a timer (unref'd). Default `true`. */
  readonly refreshAhead?: boolean;
  /** Where token requests queue. Default: the process-wide queue (see {@link authwire/tokens!setTokenRequestConcurrency}). */
  readonly limiter?: TokenRequestLimiter;
  /** A name for diagnostics and errors, e.g. `oauth2:client_credentials`. */
  readonly name?: string;
  /** Called with every token this process obtains, after it is stored and before it is used; awaited. */
  readonly onToken?: (event: TokenEvent) => void | Promise<void>;
  /** Called on every failed token request; must not throw. */
  readonly onError?: (event: TokenErrorEvent) => void;
}

/**
 * Options of {@link TokenManager.getToken}.
 *
 * @example
 * ```ts
 * await manager.getToken({ signal: AbortSignal.timeout(5_000) });
 * ```
 */
export interface GetTokenOptions {
  /** Stop waiting when this fires (the shared refresh goes on for others). */
  readonly signal?: AbortSignal;
  /** Stop waiting after this many milliseconds. Default: the manager's `waitTimeoutMs`. */
  readonly timeoutMs?: number;
}
