/**
 * authwire: pluggable authentication strategies for Node HTTP clients.
 *
 * @packageDocumentation
 */
export type { AuthBody, AuthContext, Authenticator, AuthRequest, AuthResponse, BytesBody, ClientTls, FormBody, JsonBody, NoBody, StreamBody } from './authenticator.js';
export { AuthError, isAuthError, invalidConfig } from './errors.js';
export type { AuthErrorCode, AuthErrorJSON, AuthErrorOptions } from './errors.js';
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
export { jwtAuth } from './strategies/jwt.js';
export type { JwtAuthCommonOptions, JwtAuthOptions, JwtPrivateKeyOptions, JwtSecretOptions } from './strategies/jwt.js';
export { jwtAlgorithms } from './strategies/jwt-key.js';
export type { JwtAlgorithm, JwtAsymmetricAlgorithm, JwtHmacAlgorithm, JwtPrivateKey } from './strategies/jwt-key.js';
export type { JwtJsonValue } from './strategies/jwt-claims.js';
export { selectiveAuth } from './strategies/selective.js';
export type { SelectiveAuthConfigSelector, SelectiveAuthOptions, SelectiveAuthSelectFunction } from './strategies/selective.js';

export type { StoredToken, TokenStore, TokenStoreLock, TokenStoreSetOptions } from './stores/token-store.js';
export { FileTokenStore } from './stores/file.js';
export type { FileTokenStoreOptions } from './stores/file.js';
export { EncryptedTokenStore } from './stores/encrypted.js';
export type { EncryptedTokenStoreOptions } from './stores/encrypted.js';

export { authenticateOutgoing } from './adapter-kit/authenticate-outgoing.js';
export type { AuthenticatedRequest, OutgoingRequest } from './adapter-kit/authenticate-outgoing.js';
export { cloneBody, parseBody, serializeBody } from './adapter-kit/body.js';
export type { SerializedBody } from './adapter-kit/body.js';
export { createOriginPolicy, isCrossOrigin, isLoopback } from './adapter-kit/origin-policy.js';
export type { AdapterOptions, OriginPolicy } from './adapter-kit/origin-policy.js';
export { REDACTED, redactSecrets } from './adapter-kit/redact.js';
export type { RedactOptions } from './adapter-kit/redact.js';
export { redactError, redactText, redactUrl, secretVariants } from './adapter-kit/redact-error.js';
export { nextAttempt, redirectKeepsBody, shouldChallenge } from './adapter-kit/retry.js';
export { crossOriginStrippedHeaders, stripCredentials } from './adapter-kit/strip-credentials.js';

export { createAuth, parseAuthConfig } from './config/create-auth.js';
export type { CreateAuthOptions } from './config/create-auth.js';
export { authConfigJsonSchema } from './config/json-schema.js';
export { resolveSecret } from './config/secret.js';
export type { EnvReference, SecretEnvironment, SecretValue } from './config/secret.js';
export type {
  ApiKeyAuthConfig, AuthConfig, BasicAuthConfig, BearerAuthConfig, CombineAuthConfig, JwtAuthConfig, NoAuthConfig, SelectiveAuthConfig,
} from './config/types.js';

// Token lifecycle and OAuth2 machine grants (issue 3).
export { computeExpiresAt, DEFAULT_EXPIRES_IN_SECONDS, MAX_EXPIRES_IN_SECONDS, parseExpiresAt } from './token-expiry.js';
export type { ExpiresAtFormat, ExpiryOptions } from './token-expiry.js';
export { fromStoredToken, normalizeTokenType, parseTokenResponse, toStoredToken, tokenFromResponse } from './token.js';
export type { Token, TokenResponseMapping } from './token.js';
export { DEFAULT_FORCED_REFRESH_WINDOW_MS, DEFAULT_REFRESH_WINDOW_MS, TokenManager } from './token-manager.js';
export type {
  FetchToken, FetchTokenState, GetTokenOptions, InitialToken, TokenErrorEvent, TokenEvent, TokenLockOptions, TokenManagerOptions, TokenRefreshReason,
} from './token-manager/types.js';
export type { BackoffOptions } from './token-manager/backoff.js';
export { tokenCacheKey } from './token-manager/key.js';
export type { TokenCacheKeyParts } from './token-manager/key.js';
export { DEFAULT_TOKEN_REQUEST_CONCURRENCY, setTokenRequestConcurrency, tokenRequestQueueStats } from './token-manager/limiter.js';
export type { TokenRequestLimiter, TokenRequestQueueStats } from './token-manager/limiter.js';
export { tokenChannelNames } from './token-manager/diagnostics.js';
export type { TokenRequestEndMessage, TokenRequestErrorMessage, TokenRequestStartMessage } from './token-manager/diagnostics.js';
export { createTokenAuthenticator } from './token-authenticator.js';
export type { TokenAuthenticator, TokenAuthenticatorOptions } from './token-authenticator.js';
export { MemoryTokenStore } from './stores/memory.js';
export { oauth2Auth } from './oauth2/oauth2-auth.js';
export { DEFAULT_TOKEN_URL_ALLOW_LIST } from './oauth2/service-account.js';
export type {
  ClientAssertionOptions, ClientCredentialsGrantOptions, JwtBearerAssertionOptions, JwtBearerGrantOptions, OAuth2AuthOptions, OAuth2ClientAuthMethod,
  OAuth2CommonOptions, OAuth2Grant, OAuth2ParamName, PasswordGrantOptions, RefreshTokenGrantOptions, ServiceAccountKey, SigningKeyInput,
  TokenLifecycleOptions,
} from './oauth2/types.js';
