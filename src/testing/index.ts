/**
 * `authwire/testing`: contract suites to check your own code with vitest: a {@link TokenStore}
 * with {@link testTokenStore}, an adapter for another HTTP client with {@link testAdapter}.
 *
 * @example
 * ```ts
 * import { testAdapter, testTokenStore } from 'authwire/testing';
 * testTokenStore('MyStore', () => new MyStore());
 * testAdapter('my-client', myClientDriver);
 * ```
 *
 * @module authwire/testing
 */
export { fullToken, testTokenStore } from './store-contract.js';
export type { CreateTokenStore, TokenStoreContractOptions } from './store-contract-types.js';
export { testAdapter } from './adapter-contract.js';
export type { AdapterContractOptions, AdapterContractRequest, AdapterContractResponse, AdapterContractSettings, AdapterDriver } from './adapter-contract.js';
export type { StoredToken, TokenStore, TokenStoreLock, TokenStoreSetOptions } from '../stores/token-store.js';
export type { Authenticator } from '../authenticator.js';
