// The typed config of OAuth2, and the token lifecycle every token-based member shares.
import type { JwtJsonValue } from '../strategies/jwt-claims.js';
import type { JwtBearerAssertionOptions, JwtBearerGrantOptions, OAuth2CommonOptions, OAuth2Grant, PasswordGrantOptions, TokenExchangeGrantOptions } from '../oauth2/types.js';
import type { InteractiveAuthOptions } from '../oauth2/discovery/interactive-types.js';
import type { ExpiresAtFormat } from '../token-expiry.js';
import type { TokenResponseMapping } from '../token.js';
import type { TokenManagerOptions } from '../token-manager/types.js';
import type { PemSource, SecretValue } from './secret.js';
import type { AuthConfigCommon } from './config-common.js';
import type { DpopConfig } from './dpop-config.js';

/**
 * The JSON-able token-lifecycle options every token config takes (see {@link TokenManagerOptions}).
 *
 * @example
 * ```ts
 * const lifecycle: TokenLifecycleConfig = { refreshWindowMs: 120_000, forcedRefreshWindowMs: 10_000, backoff: { maxAttempts: 5 } };
 * ```
 */
export type TokenLifecycleConfig = Pick<
  TokenManagerOptions,
  'refreshWindowMs' | 'forcedRefreshWindowMs' | 'requestTimeoutMs' | 'refreshReuseGraceMs' | 'waitTimeoutMs' | 'backoff' | 'lock' | 'defaultExpiresInMs' | 'refreshAhead'
>;

/**
 * A token-response mapping as data: {@link TokenResponseMapping} without a function `expiresAtFormat`.
 *
 * @example
 * ```ts
 * const response: TokenResponseMappingConfig = { accessToken: 'data.token', expiresIn: 'data.ttl' };
 * ```
 */
export interface TokenResponseMappingConfig extends Omit<TokenResponseMapping, 'expiresAtFormat'> {
  /** How `expires_at` is written. */
  readonly expiresAtFormat?: Exclude<ExpiresAtFormat, (value: string | number) => unknown>;
}

/**
 * `{ type: 'oauth2' }`: see {@link oauth2Auth}. Grant-specific fields are checked by the factory
 * (`refreshToken` for `refresh_token`, `username`/`password` for `password`, `serviceAccount` or
 * `assertion.privateKey` for `jwt_bearer`). The store comes from {@link CreateAuthOptions.store}.
 *
 * @example
 * ```ts
 * const config: OAuth2AuthConfig = {
 *   type: 'oauth2',
 *   grant: 'client_credentials',
 *   tokenUrl: 'https://auth.example.com/oauth/token',
 *   clientId: 'reporting-service',
 *   clientSecret: { env: 'REPORTING_CLIENT_SECRET' },
 *   scope: ['reports:read'],
 * };
 * ```
 */
export interface OAuth2AuthConfig
  extends TokenLifecycleConfig,
    AuthConfigCommon,
    Pick<
      OAuth2CommonOptions,
      'clientId' | 'clientAuth' | 'basicEncoding' | 'issuer' | 'scope' | 'scopeSeparator' | 'scopeOnRefresh' | 'audience' | 'resource' | 'extraParams' | 'extraHeaders' | 'requestFormat' | 'paramNames' | 'placement' | 'cacheKey' | 'allowInsecureHttp'
    >,
    Partial<Pick<PasswordGrantOptions, 'username'>>,
    Pick<JwtBearerGrantOptions, 'tokenUrlAllowList' | 'scopeIn'>,
    Pick<TokenExchangeGrantOptions, 'subjectTokenType' | 'actorTokenType' | 'requestedTokenType'> {
  /** Discriminant. */
  readonly type: 'oauth2';
  /** Which grant. */
  readonly grant: OAuth2Grant;
  /** Token endpoint: https, or http only to loopback unless `allowInsecureHttp`. Optional for `jwt_bearer` with a service account. */
  readonly tokenUrl?: string;
  /** Client secret. */
  readonly clientSecret?: SecretValue;
  /** For `private_key_jwt` / `client_secret_jwt`. */
  readonly clientAssertion?: {
    /** PEM private key (`private_key_jwt`): the text, `{ "env" }` or `{ "file" }`. */
    readonly privateKey?: PemSource;
    /** Signing algorithm. */
    readonly algorithm?: string;
    /** `kid` header. */
    readonly keyId?: string;
    /** `aud` claim (default: the issuer or token URL). */
    readonly audience?: string;
    /** Assertion lifetime. */
    readonly expiresInSeconds?: number;
  };
  /** Where the token response keeps its values. */
  readonly response?: TokenResponseMappingConfig;
  /** `refresh_token`: the refresh token. */
  readonly refreshToken?: SecretValue;
  /** `refresh_token`: an access token to start with. */
  readonly accessToken?: SecretValue;
  /** `refresh_token`: when `accessToken` expires (epoch ms or ISO date). */
  readonly expiresAt?: number | string;
  /** `refresh_token`, `token_exchange`: whose token this is (part of the cache key). */
  readonly subject?: string;
  /** `password`: the resource owner's password. */
  readonly password?: SecretValue;
  /** `jwt_bearer`: a Google-style service-account JSON: the text, `{ "env" }` or `{ "file" }` (the key file as downloaded). */
  readonly serviceAccount?: PemSource;
  /** `jwt_bearer`: the assertion, when not from a service account. */
  readonly assertion?: Omit<JwtBearerAssertionOptions, 'privateKey' | 'claims'> & {
    /** PEM private key: the text, `{ "env" }` or `{ "file" }`. */
    readonly privateKey?: PemSource;
    /** More claims. */
    readonly claims?: Readonly<Record<string, JwtJsonValue>>;
  };
  /** The revocation endpoint (RFC 7009) of `revoke()`; default from the issuer's metadata. */
  readonly revocationUrl?: string;
  /** `token_exchange`: the token to exchange (in code also a function or an authenticator). */
  readonly subjectToken?: SecretValue;
  /** `token_exchange`: the acting party's token. */
  readonly actorToken?: SecretValue;
  /**
   * DPoP (RFC 9449): tokens bound to a key pair, `Authorization: DPoP` with a proof on every
   * request. `{}` for a generated key, or `{ key }` with a private JWK as JSON text. Not with `placement`.
   */
  readonly dpop?: DpopConfig;
}

/**
 * `{ type: 'oauth2Interactive' }`: see {@link interactiveAuth}. The resource and its
 * authorization server are discovered (RFC 9728); without `clientId` the client registers itself
 * (RFC 7591). The consent URL is printed to stderr (the `open` and `login` functions are for code).
 *
 * @example
 * ```ts
 * const config: OAuth2InteractiveAuthConfig = {
 *   type: 'oauth2Interactive',
 *   clientId: 'my-cli',
 *   scope: ['files:read'],
 *   authorizationServers: ['https://auth.example.com'],
 * };
 * ```
 */
export interface OAuth2InteractiveAuthConfig
  extends TokenLifecycleConfig,
    AuthConfigCommon,
    Pick<InteractiveAuthOptions, 'clientId' | 'scope' | 'authorizationServers' | 'loginTimeoutMs' | 'pushedAuthorizationRequests' | 'allowInsecureHttp'> {
  /** Discriminant. */
  readonly type: 'oauth2Interactive';
  /** The secret of a confidential client. */
  readonly clientSecret?: SecretValue;
  /** The client metadata to register (RFC 7591 member names). */
  readonly registration?: Readonly<Record<string, unknown>>;
  /** The https URL of the client's metadata document, used as client id where the server supports it. */
  readonly clientIdMetadataDocument?: string;
  /** The resource URL, discovered before the first request. */
  readonly resource?: string;
  /**
   * DPoP (RFC 9449), used when the server supports it: `{}` for a generated key (in an algorithm
   * the server lists), or `{ key }` with a private JWK as JSON text.
   */
  readonly dpop?: DpopConfig;
}
