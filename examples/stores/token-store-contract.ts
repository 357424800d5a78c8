// The code of docs/stores.md, type-checked by `npm test` (examples/tsconfig.json).
import type { StoredToken, TokenStore as RealTokenStore } from 'authwire';

// #region interface
interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, token: StoredToken, options?: { ifVersion?: number }): Promise<boolean>;
  delete(key: string): Promise<void>;
  lock?(key: string, ttlMs: number): Promise<{ release(): Promise<void> } | undefined>;
}
// #endregion interface

// The interface shown is the real one: each is assignable to the other.
export const shown = (store: RealTokenStore): TokenStore => store;
export const real = (store: TokenStore): RealTokenStore => store;
