import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { invalidConfig } from '../errors.js';
import type { StoredToken, TokenStore, TokenStoreLock, TokenStoreSetOptions } from './token-store.js';

interface Lease {
  readonly owner: string;
  readonly expiresAt: number;
}

/**
 * The default {@link TokenStore}: tokens in a `Map` of this process. `set` honours `ifVersion`
 * (compare-and-set), and `lock` gives a lease with an owner token, so the token manager runs
 * the same cross-process protocol here as with a shared store. Records are copied in and out:
 * a caller cannot change what is stored.
 *
 * @example
 * ```ts
 * const store = new MemoryTokenStore();
 * const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId, clientSecret, store });
 * ```
 */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, StoredToken>();
  readonly #leases = new Map<string, Lease>();

  /** The stored token, or `undefined`. */
  async get(key: string): Promise<StoredToken | undefined> {
    const token = this.#tokens.get(key);
    return token === undefined ? undefined : structuredClone(token);
  }

  /** Writes `token`; with `ifVersion`, only when the stored version (0 for none) equals it. */
  async set(key: string, token: StoredToken, options: TokenStoreSetOptions = {}): Promise<boolean> {
    if (options.ifVersion !== undefined && (this.#tokens.get(key)?.version ?? 0) !== options.ifVersion) return false;
    this.#tokens.set(key, structuredClone(token));
    return true;
  }

  /** Removes the token. */
  async delete(key: string): Promise<void> {
    this.#tokens.delete(key);
  }

  /**
   * Takes the lease on `key` for `ttlMs` if nobody holds it (or the holder's lease ran out).
   * Releasing after the lease ran out never frees another holder's lease; `held()` is true while
   * this lease is the key's and has not run out.
   */
  async lock(key: string, ttlMs: number): Promise<TokenStoreLock | undefined> {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw invalidConfig('lock.ttlMs', 'a positive number of milliseconds');
    const now = Date.now();
    const held = this.#leases.get(key);
    if (held !== undefined && held.expiresAt > now) return undefined;
    const owner = randomUUID();
    this.#leases.set(key, { owner, expiresAt: now + ttlMs });
    const leases = this.#leases;
    return {
      async release() {
        if (leases.get(key)?.owner === owner) leases.delete(key);
      },
      async held() {
        const lease = leases.get(key);
        return lease?.owner === owner && lease.expiresAt > Date.now();
      },
    };
  }

  /** The number of stored tokens. */
  get size(): number {
    return this.#tokens.size;
  }

  /** Keeps tokens out of `console.log` and `util.inspect`. */
  [inspect.custom](): string {
    return `MemoryTokenStore { size: ${this.#tokens.size} }`;
  }
}
