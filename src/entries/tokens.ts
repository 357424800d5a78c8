/**
 * `authwire/tokens`: the token plumbing under the lifecycle, for a grant or a token store of your
 * own — parsing expiries and token responses, the stored form of a token, the cache key — and
 * the process-wide queue of token requests.
 *
 * @example
 * ```ts
 * import { computeExpiresAt, toStoredToken } from 'authwire/tokens';
 * const expiresAt = computeExpiresAt({ expiresIn: 3600 }, Date.now()); // epoch ms, an hour from now
 * ```
 *
 * @module authwire/tokens
 */
export { computeExpiresAt, DEFAULT_EXPIRES_IN_SECONDS, MAX_EXPIRES_IN_SECONDS, parseExpiresAt } from '../token-expiry.js';
export { fromStoredToken, normalizeTokenType, parseTokenResponse, toStoredToken, tokenFromResponse } from '../token.js';
export type { ExpiresAtFormat, ExpiryOptions } from '../token-expiry.js';
export type { Token, TokenResponseMapping } from '../token.js';
export { tokenCacheKey } from '../token-manager/key.js';
export { DEFAULT_TOKEN_REQUEST_CONCURRENCY, setTokenRequestConcurrency, tokenRequestQueueStats } from '../token-manager/limiter.js';
export type { TokenCacheKeyParts } from '../token-manager/key.js';
export type { StoredToken, TokenStore, TokenStoreLock, TokenStoreSetOptions } from '../stores/token-store.js';
