/**
 * authwire: pluggable authentication strategies for Node HTTP clients.
 *
 * @module authwire
 */
export type { AuthBody, AuthContext, Authenticator, AuthRequest, AuthResponse, BytesBody, ClientTls, FormBody, JsonBody, NoBody, StreamBody } from './authenticator.js';
export { AuthError, isAuthError } from './errors.js';
export type { AuthErrorCode, AuthErrorJSON, AuthErrorOptions, NetworkErrorReason } from './errors.js';
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
export { clientCertificateAuth, withTls } from './strategies/client-certificate.js';
export { awsSigV4Auth } from './strategies/aws-sigv4/aws-sigv4.js';
export type { AwsCredentialProvider, AwsCredentials, AwsSigV4AuthOptions, TemporaryAwsCredentials } from './strategies/aws-sigv4/types.js';
export { httpSignatureAuth } from './strategies/http-signature/http-signature.js';
export type { ContentDigestAlgorithm, HttpSignatureAlgorithm, HttpSignatureAuthOptions, HttpSignatureKey } from './strategies/http-signature/types.js';
export type { TlsAuthenticator } from './strategies/client-certificate.js';
export { oauth1Auth } from './strategies/oauth1/oauth1-auth.js';
export type { OAuth1AuthOptions, OAuth1CommonOptions, OAuth1RsaOptions, OAuth1SecretOptions } from './strategies/oauth1/oauth1-auth.js';
export type { OAuth1ParameterPlacement } from './strategies/oauth1/sign-request.js';
export type { OAuth1SignatureMethod } from './strategies/oauth1/signature-method.js';
export { digestAuth } from './strategies/digest/digest-auth.js';
export type { DigestAuthOptions } from './strategies/digest/digest-auth.js';
export type { DigestAlgorithm, DigestQop } from './strategies/digest/digest-challenge.js';

export type { StoredToken, TokenStore, TokenStoreLock, TokenStoreSetOptions } from './stores/token-store.js';
export { FileTokenStore } from './stores/file.js';
export type { FileTokenStoreOptions } from './stores/file.js';
export { EncryptedTokenStore } from './stores/encrypted.js';
export type { EncryptedTokenStoreOptions } from './stores/encrypted.js';

export type { AdapterOptions } from './adapter-kit/origin-policy.js';
export { REDACTED } from './adapter-kit/redact.js';

export { createAuth, parseAuthConfig } from './config/create-auth.js';
export type { CreateAuthOptions } from './config/create-auth.js';
export { authConfigJsonSchema } from './config/json-schema.js';
export { resolveSecret } from './config/secret.js';
export type { ExchangeTokenInput, TokenExchangeGrantOptions, TokenHolder } from './oauth2/token-exchange-types.js';
export type { DpopOptions } from './oauth2/dpop/dpop.js';
export type { DpopKeyInput } from './oauth2/dpop/key.js';
export type { EnvReference, FileReference, PemSource, SecretEnvironment, SecretValue } from './config/secret.js';
export type {
  ApiKeyAuthConfig, AuthConfig, BasicAuthConfig, BearerAuthConfig, CombineAuthConfig, JwtAuthConfig, NoAuthConfig, OAuth2AuthConfig, OAuth2InteractiveAuthConfig, SelectiveAuthConfig, SessionAuthConfig, SessionLoginConfig, ProviderAuthConfig, ProviderConfigHead, ProviderConfigOptions,
  TokenLifecycleConfig, TokenResponseMappingConfig, TlsConfig, AuthConfigCommon, OAuth1AuthConfig, DigestAuthConfig, AwsSigV4AuthConfig, HttpSignatureAuthConfig, DpopConfig,
} from './config/types.js';

// Token lifecycle and OAuth2 machine grants.
export type { ExpiresAtFormat, ExpiryOptions } from './token-expiry.js';
export { parseTokenResponse, tokenFromResponse } from './token.js';
export type { Token, TokenResponseMapping } from './token.js';
export { DEFAULT_FORCED_REFRESH_WINDOW_MS, DEFAULT_REFRESH_WINDOW_MS, TokenManager } from './token-manager/token-manager.js';
export type {
  FetchToken, FetchTokenState, GetTokenOptions, InitialToken, TokenErrorEvent, TokenEvent, TokenLockOptions, TokenManagerOptions, TokenRefreshReason,
} from './token-manager/types.js';
export type { BackoffOptions } from './token-manager/backoff.js';
export type { TokenCacheKeyParts } from './token-manager/key.js';
export type { TokenRequestLimiter, TokenRequestQueueStats } from './token-manager/limiter.js';
export { tokenChannelNames } from './token-manager/diagnostics.js';
export type { TokenRequestEndMessage, TokenRequestErrorMessage, TokenRequestStartMessage } from './token-manager/diagnostics.js';
export { createTokenAuthenticator } from './token-authenticator.js';
export type { TokenAuthenticator, TokenAuthenticatorOptions } from './token-authenticator.js';
export { parseWwwAuthenticate } from './http/www-authenticate.js';
export type { WwwAuthenticateChallenge } from './http/www-authenticate.js';
export { MemoryTokenStore } from './stores/memory.js';
export { oauth2Auth } from './oauth2/oauth2-auth.js';
export type { OAuth2Authenticator, RevokeOptions } from './oauth2/revocation.js';
export { DEFAULT_TOKEN_URL_ALLOW_LIST } from './oauth2/service-account.js';
export type {
  BasicCredentialsEncoding, ClientAssertionOptions, ClientCredentialsGrantOptions, JwtBearerAssertionOptions, JwtBearerGrantOptions, OAuth2AuthOptions, OAuth2ClientAuthMethod,
  OAuth2CommonOptions, OAuth2Grant, OAuth2ParamName, PasswordGrantOptions, RefreshTokenGrantOptions, ServiceAccountKey, SigningKeyInput,
  TokenLifecycleOptions, TokenRequestFormat,
} from './oauth2/types.js';

// Interactive OAuth2: authorization code with PKCE, loopback login, device flow.
export { authorizationUrl } from './oauth2/authorization-code/authorization-url.js';
export type { AuthorizationUrlResult } from './oauth2/authorization-code/authorization-url.js';
export { handleCallback } from './oauth2/authorization-code/handle-callback.js';
export { PendingAuthorization } from './oauth2/authorization-code/pending.js';
export type { PendingAuthorizationRecord } from './oauth2/authorization-code/pending.js';
export { createPkce, pkceChallenge } from './oauth2/authorization-code/pkce.js';
export type { Pkce } from './oauth2/authorization-code/pkce.js';
export type { StateShape } from './oauth2/authorization-code/state-shape.js';
export type {
  AuthorizationCodeGrantOptions, AuthorizationCodeOptions, AuthorizationRequestOptions, HandleCallbackOptions,
} from './oauth2/authorization-code/types.js';
export { loopbackLogin } from './oauth2/loopback-login.js';
export type { LoopbackLoginOptions } from './oauth2/loopback-options.js';
export { deviceLogin } from './oauth2/device/device-login.js';
export type { DeviceCodeGrantOptions, DeviceCodeOptions, DeviceLoginOptions, DeviceUserCode } from './oauth2/device/types.js';
export type { LoginProfile, LoginResult, ProfileOptions } from './oauth2/login-types.js';
export { discoverAuthorizationServer } from './oauth2/server-metadata.js';
export { discoverProtectedResource, protectedResourceMetadataUrl } from './oauth2/discovery/protected-resource.js';
export type { ProtectedResourceDiscovery, ProtectedResourceDiscoveryOptions, ProtectedResourceMetadata } from './oauth2/discovery/protected-resource.js';
export { registerClient } from './oauth2/registration/register-client.js';
export type { ClientMetadata, RegisterClientOptions, RegisteredClient } from './oauth2/registration/types.js';
export { interactiveAuth } from './oauth2/discovery/interactive-auth.js';
export type { InteractiveAuthenticator, InteractiveAuthOptions, InteractiveState } from './oauth2/discovery/interactive-types.js';
export { readStepUpChallenge } from './oauth2/step-up.js';
export type { StepUpChallenge } from './oauth2/step-up.js';
export type { AuthorizationServerMetadata, DiscoveryOptions } from './oauth2/server-metadata.js';

// Session tokens and the token vault.
export { sessionTokenAuth } from './strategies/session-token.js';
export type {
  CookiePlacement, SessionExpiresIn, SessionJsonValue, SessionLoginOptions, SessionTokenAuthenticator, SessionTokenAuthOptions, SessionTokenCommonOptions,
  SessionTokenFromBodyOptions, SessionTokenFromCookieOptions, SessionTokenFromHeaderOptions, SessionTokenPlacement,
} from './strategies/session-token-types.js';
export { createVault } from './vault.js';
export type { Vault, VaultOptions, VaultSecrets, VaultSecretsOptions } from './vault.js';
export type { VaultSecret } from './vault-secret.js';
