/**
 * `authwire/testing`: the {@link TokenStore} contract suite, to check your own store with vitest.
 *
 * @example
 * ```ts
 * import { testTokenStore } from 'authwire/testing';
 * testTokenStore('MyStore', () => new MyStore());
 * ```
 *
 * @module authwire/testing
 */
export { fullToken, testTokenStore } from './store-contract.js';
export type { CreateTokenStore, TokenStoreContractOptions } from './store-contract.js';
export type { StoredToken, TokenStore, TokenStoreLock, TokenStoreSetOptions } from '../stores/token-store.js';
