/**
 * A token as a {@link TokenStore} keeps it. Plain JSON: stores may serialize it as they like.
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
  /**
   * Write counter for compare-and-set: each write stores `version` one above the record it
   * replaces (1 for the first write). An absent record counts as version 0.
   */
  readonly version: number;
  /** When this record was written, in epoch milliseconds. */
  readonly updatedAt?: number;
  /** Other non-secret values to keep (e.g. a user id from a profile fetch). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Options of {@link TokenStore.set}. */
export interface TokenStoreSetOptions {
  /**
   * Write only if the record now stored has this version (0: only if there is none). Without
   * it the write is unconditional.
   */
  readonly ifVersion?: number;
}

/** A held lock; release it when done. Releasing a lock whose lease ran out does not touch another holder's lock. */
export interface TokenStoreLock {
  /** Releases the lock if this holder still has it. */
  release(): Promise<void>;
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
