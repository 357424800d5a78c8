/**
 * authwire: pluggable authentication strategies for Node HTTP clients.
 *
 * @packageDocumentation
 */
export type { AuthBody, AuthContext, Authenticator, AuthRequest, AuthResponse, ClientTls } from './authenticator.js';
export { AuthError, isAuthError, invalidConfig } from './errors.js';
export type { AuthErrorCode, AuthErrorOptions } from './errors.js';
export { applyPlacement, placementKinds, validatePlacement } from './placement.js';
export type { FormPlacement, HeaderPlacement, JsonPlacement, Placement, QueryPlacement } from './placement.js';

export { noAuth } from './strategies/no-auth.js';
export { basicAuth } from './strategies/basic.js';
export type { BasicAuthOptions } from './strategies/basic.js';
export { bearerAuth } from './strategies/bearer.js';
export type { BearerAuthOptions, DynamicBearerAuthOptions, StaticBearerAuthOptions } from './strategies/bearer.js';
export { apiKeyAuth } from './strategies/api-key.js';
export type { ApiKeyAuthOptions, BodyOrQueryApiKeyOptions, HeaderApiKeyOptions } from './strategies/api-key.js';
export { combineAuth } from './strategies/combine.js';

export type { StoredToken, TokenStore, TokenStoreLock, TokenStoreSetOptions } from './stores/token-store.js';

export { authenticateOutgoing } from './adapter-kit/authenticate-outgoing.js';
export type { AuthenticatedRequest, OutgoingRequest } from './adapter-kit/authenticate-outgoing.js';
export { cloneBody, parseBody, serializeBody } from './adapter-kit/body.js';
export type { SerializedBody } from './adapter-kit/body.js';
export { createOriginPolicy, isCrossOrigin, isLoopback } from './adapter-kit/origin-policy.js';
export type { AdapterOptions, OriginPolicy } from './adapter-kit/origin-policy.js';
export { REDACTED, redactSecrets } from './adapter-kit/redact.js';
export type { RedactOptions } from './adapter-kit/redact.js';
export { nextAttempt, redirectKeepsBody, shouldChallenge } from './adapter-kit/retry.js';
