// The types of the store contract suite, shared by its parts.
import type { TokenStore } from '../stores/token-store.js';

/**
 * Makes a fresh store for one test. Several stores may share one backend: every test uses its own random keys.
 *
 * @example
 * ```ts
 * const create: CreateTokenStore = async () => new PgTokenStore(pool);
 * testTokenStore('PgTokenStore', create);
 * ```
 */
export type CreateTokenStore = () => TokenStore | Promise<TokenStore>;

/**
 * Options of {@link testTokenStore}.
 *
 * @example
 * ```ts
 * const options: TokenStoreContractOptions = { lock: false, concurrency: 4, cleanup: (store) => (store as PgTokenStore).close() };
 * testTokenStore('PgTokenStore', () => new PgTokenStore(pool), options);
 * ```
 */
export interface TokenStoreContractOptions {
  /**
   * Check the `lock` semantics (default `true`: a store without `lock` then fails). Pass
   * `false` for a store meant for one process only; the lock tests are then listed as skipped.
   */
  readonly lock?: boolean;
  /**
   * Check the lock's `held()` (default `true` when `lock` is checked: a lock without it then
   * fails). Pass `false` only for a store that cannot tell; the token manager then goes by its
   * own clock alone before a token request under a lease.
   */
  readonly held?: boolean;
  /** Called after each test with its store: close connections, remove files. */
  readonly cleanup?: (store: TokenStore) => void | Promise<void>;
  /** Parallel writers in the concurrency tests. Default 8. */
  readonly concurrency?: number;
  /** The short lease (ms) used to check that an expired lease can be taken over. Default 100. */
  readonly shortLeaseMs?: number;
  /** How long (ms) to keep polling for a short lease to run out before failing. Default 10 000. */
  readonly leaseExpiryWaitMs?: number;
  /** Timeout of each test, ms. Default 30 000. */
  readonly testTimeoutMs?: number;
}

/** What the lock tests need from the suite. @internal */
export interface ContractContext {
  readonly withStore: (test: (store: TokenStore) => Promise<void>) => Promise<void>;
  readonly key: (label: string) => string;
  readonly options: Required<Omit<TokenStoreContractOptions, 'cleanup'>>;
}
