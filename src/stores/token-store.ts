/**
 * A token as a {@link TokenStore} keeps it. Plain JSON: stores may serialize it as they like.
 *
 * @example
 * ```ts
 * const record: StoredToken = { accessToken: 'eyJ…', tokenType: 'Bearer', expiresAt: Date.now() + 3_600_000, refreshToken: 'r-1', version: 1 };
 * await store.set('my-key', record, { ifVersion: 0 });
 * ```
 */
export interface StoredToken {
  /** The access token. */
  readonly accessToken: string;
  /** The token type the server sent (`Bearer`, `DPoP`, ...), if any. */
  readonly tokenType?: string;
  /** When the access token expires, in epoch milliseconds. */
  readonly expiresAt?: number;
  /** The refresh token, if the server issued one. */
  readonly refreshToken?: string;
  /** The granted scope, space-separated, if the server said. */
  readonly scope?: string;
  /** An OpenID Connect ID token, if the server sent one. */
  readonly idToken?: string;
  /** The private key (a JWK as JSON text) the token is bound to with DPoP (RFC 9449), if it is. Secret. */
  readonly dpopKey?: string;
  /**
   * Write counter for compare-and-set: each write stores `version` one above the record it
   * replaces (1 for the first write). An absent record counts as version 0.
   */
  readonly version: number;
  /** When this record was written, in epoch milliseconds. */
  readonly updatedAt?: number;
  /**
   * Set only with the `refreshReuseGraceMs` option: when this record's `refreshToken` was sent
   * to the authorization server in a refresh whose answer is not stored yet, in epoch
   * milliseconds. The token manager writes it immediately before the token request and the
   * next write (the new token) drops it.
   */
  readonly refreshSentAt?: number;
  /** With `refreshSentAt`: when that sender stops waiting for the answer (its request timeout), in epoch milliseconds. */
  readonly refreshTimeoutAt?: number;
  /** Other non-secret values to keep (e.g. a user id from a profile fetch). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/**
 * Options of {@link TokenStore.set}.
 *
 * @example
 * ```ts
 * const options: TokenStoreSetOptions = { ifVersion: record.version }; // only if nobody wrote since we read
 * const won = await store.set('my-key', { ...record, accessToken: 'new', version: record.version + 1 }, options);
 * ```
 */
export interface TokenStoreSetOptions {
  /**
   * Write only if the record now stored has this version (0: only if there is none). Without
   * it the write is unconditional.
   */
  readonly ifVersion?: number;
}

/**
 * A held lock; release it when done. Releasing a lock whose lease ran out does not touch another
 * holder's lock. A release that rejected (store unreachable) may be called again; the token
 * manager does so until it works or the lease has run out. `held()` tells whether the lease is
 * still this holder's; the token manager asks it immediately before a token request.
 *
 * @example
 * ```ts
 * async function withLock(store: TokenStore, key: string, work: () => Promise<void>): Promise<boolean> {
 *   const lock: TokenStoreLock | undefined = await store.lock?.(key, 30_000);
 *   if (lock === undefined) return false; // someone else holds it: re-read the store instead
 *   try {
 *     await work();
 *   } finally {
 *     await lock.release();
 *   }
 *   return true;
 * }
 * ```
 */
export interface TokenStoreLock {
  /** Releases the lock if this holder still has it. */
  release(): Promise<void>;
  /**
   * Resolves `true` only while this holder's lease has not run out, has not been released, and
   * no other holder has taken the key's lock — as the store sees it now, in one round trip.
   * The token manager checks it (and re-reads the record's version) right before it sends a
   * token request under the lease, so a holder paused past its lease never sends a refresh
   * token another holder has rotated meanwhile. Without it the manager can only go by its own
   * clock. Stores shared between processes should implement it; `testTokenStore` checks it.
   *
   * @example
   * ```ts
   * const lock = await store.lock?.('my-key', 30_000);
   * if (lock !== undefined && (await lock.held?.()) === false) {
   *   // the lease ran out or was taken over: re-read the store instead of sending what we read
   * }
   * ```
   */
  held?(): Promise<boolean>;
}

/**
 * Where tokens live between requests and across processes.
 *
 * @example
 * ```ts
 * const store: TokenStore = new MemoryTokenStore();
 * await store.set('key', { accessToken: 'a', version: 1 }, { ifVersion: 0 }); // true
 * await store.set('key', { accessToken: 'b', version: 1 }, { ifVersion: 0 }); // false: version moved
 * ```
 */
export interface TokenStore {
  /** The stored token, or `undefined`. */
  get(key: string): Promise<StoredToken | undefined>;
  /** Writes `token`; resolves `false` when `ifVersion` was given and the stored version differs (CAS lost). */
  set(key: string, token: StoredToken, options?: TokenStoreSetOptions): Promise<boolean>;
  /** Removes the token. */
  delete(key: string): Promise<void>;
  /**
   * Tries once to take an exclusive lease on `key` for `ttlMs`; resolves `undefined` when
   * another holder has it. Stores shared between processes implement it.
   */
  lock?(key: string, ttlMs: number): Promise<TokenStoreLock | undefined>;
}
