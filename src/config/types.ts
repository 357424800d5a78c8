import type { Placement } from '../placement.js';
import type { JwtAlgorithm } from '../strategies/jwt-key.js';
import type { JwtAuthCommonOptions } from '../strategies/jwt.js';
import type { JwtJsonValue } from '../strategies/jwt-claims.js';
import type { JwtBearerAssertionOptions, OAuth2CommonOptions, OAuth2Grant } from '../oauth2/types.js';
import type { ExpiresAtFormat } from '../token-expiry.js';
import type { TokenResponseMapping } from '../token.js';
import type { TokenManagerOptions } from '../token-manager/types.js';
import type { SessionExpiresIn, SessionTokenPlacement } from '../strategies/session-token-types.js';
import type { ProviderOptionsMap } from '../providers/index.js';
import type { MetabaseAuthOptions } from '../providers/metabase.js';
import type { ProviderName } from '../providers/types.js';
import type { EnvReference, FileReference, PemSource, SecretValue } from './secret.js';

/**
 * Client certificate and CAs in config (see {@link withTls}). PEM values may come from text,
 * `{ "env": "NAME" }` or `{ "file": "path" }`; `pfx` (binary) from a file or a base64 variable.
 *
 * @example
 * ```ts
 * const tls: TlsConfig = { cert: { file: 'certs/client.crt' }, key: { env: 'CLIENT_KEY_PEM' }, ca: [{ file: 'certs/internal-ca.pem' }] };
 * ```
 */
export interface TlsConfig {
  /** Client certificate chain (PEM). */
  readonly cert?: PemSource;
  /** Private key (PEM). */
  readonly key?: PemSource;
  /** Passphrase of `key` or `pfx`. */
  readonly passphrase?: SecretValue;
  /** PKCS#12 bundle: a file, or an environment variable holding it in base64. */
  readonly pfx?: FileReference | EnvReference;
  /** CAs to trust besides the system ones. */
  readonly ca?: PemSource | readonly PemSource[];
}

/**
 * What every config member may have.
 *
 * @example
 * ```ts
 * const common: AuthConfigCommon = { tls: { ca: { file: 'certs/internal-ca.pem' } } };
 * ```
 */
export interface AuthConfigCommon {
  /** Client certificate and CAs for this authenticator's origins. */
  readonly tls?: TlsConfig;
}

/**
 * `{ type: 'none' }`: see {@link noAuth}.
 *
 * @example
 * ```ts
 * const config: NoAuthConfig = { type: 'none' };
 * ```
 */
export interface NoAuthConfig extends AuthConfigCommon {
  /** Discriminant. */
  readonly type: 'none';
}

/**
 * `{ type: 'basic' }`: see {@link basicAuth}.
 *
 * @example
 * ```ts
 * const config: BasicAuthConfig = { type: 'basic', username: 'api', password: { env: 'API_PASSWORD' } };
 * ```
 */
export interface BasicAuthConfig extends AuthConfigCommon {
  /** Discriminant. */
  readonly type: 'basic';
  /** The user name. */
  readonly username: SecretValue;
  /** The password (may be empty). */
  readonly password: SecretValue;
}

/**
 * `{ type: 'bearer' }`: see {@link bearerAuth}.
 *
 * @example
 * ```ts
 * const config: BearerAuthConfig = { type: 'bearer', token: { env: 'API_TOKEN' }, prefix: 'Token' };
 * ```
 */
export interface BearerAuthConfig extends AuthConfigCommon {
  /** Discriminant. */
  readonly type: 'bearer';
  /** The token. */
  readonly token: SecretValue;
  /** Written before the token; `Bearer` by default, `''` for none. */
  readonly prefix?: string;
  /** Where the token goes (not together with `prefix`). */
  readonly placement?: Placement;
}

/**
 * `{ type: 'apiKey' }`: see {@link apiKeyAuth}.
 *
 * @example
 * ```ts
 * const config: ApiKeyAuthConfig = { type: 'apiKey', key: { env: 'API_KEY' }, in: 'query', name: 'api_key' };
 * ```
 */
export interface ApiKeyAuthConfig extends AuthConfigCommon {
  /** Discriminant. */
  readonly type: 'apiKey';
  /** The key. */
  readonly key: SecretValue;
  /** Where it goes. */
  readonly in: Placement['in'];
  /** Header, parameter or property name (dotted path for `json`). */
  readonly name: string;
  /** Header prefix, only with `in: 'header'`. */
  readonly prefix?: string;
}

/**
 * `{ type: 'jwt' }`: see {@link jwtAuth}; the common options are the factory's. Give exactly one of `secret` and `privateKey`.
 *
 * @example
 * ```ts
 * const config: JwtAuthConfig = { type: 'jwt', secret: { env: 'JWT_SECRET' }, iss: 'reports-service', aud: 'https://api.example.com', lifetimeSeconds: 300 };
 * ```
 */
export interface JwtAuthConfig extends JwtAuthCommonOptions, AuthConfigCommon {
  /** Discriminant. */
  readonly type: 'jwt';
  /** HMAC secret. */
  readonly secret?: SecretValue;
  /** How `secret` is written: plain UTF-8 (default) or base64. */
  readonly secretEncoding?: 'utf8' | 'base64';
  /** PEM private key. */
  readonly privateKey?: SecretValue;
  /** Passphrase of an encrypted PEM key. */
  readonly passphrase?: SecretValue;
  /** Signing algorithm; inferred from the key when absent. */
  readonly algorithm?: JwtAlgorithm;
}

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
  'refreshWindowMs' | 'forcedRefreshWindowMs' | 'requestTimeoutMs' | 'waitTimeoutMs' | 'backoff' | 'lock' | 'defaultExpiresInMs' | 'refreshAhead'
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
    > {
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
    /** PEM private key (`private_key_jwt`). */
    readonly privateKey?: SecretValue;
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
  /** `refresh_token`: whose token this is (part of the cache key). */
  readonly subject?: string;
  /** `password`: the resource owner's name. */
  readonly username?: string;
  /** `password`: the resource owner's password. */
  readonly password?: SecretValue;
  /** `jwt_bearer`: a Google-style service-account JSON (the text, or `{ env }`). */
  readonly serviceAccount?: SecretValue;
  /** `jwt_bearer`: the assertion, when not from a service account. */
  readonly assertion?: Omit<JwtBearerAssertionOptions, 'privateKey' | 'claims'> & {
    /** PEM private key. */
    readonly privateKey?: SecretValue;
    /** More claims. */
    readonly claims?: Readonly<Record<string, JwtJsonValue>>;
  };
  /** `jwt_bearer`: token endpoints a service account may name. */
  readonly tokenUrlAllowList?: readonly string[];
  /** `jwt_bearer`: send the scope in the assertion (default) or the body. */
  readonly scopeIn?: 'assertion' | 'body';
}

/**
 * The login request of a {@link SessionAuthConfig}. Secrets in query, headers and form may be `{ env }`; so may any JSON leaf.
 *
 * @example
 * ```ts
 * const login: SessionLoginConfig = { url: 'https://api.example.com/v1/sessions', json: { username: 'robot', password: { env: 'ROBOT_PASSWORD' } } };
 * ```
 */
export interface SessionLoginConfig {
  /** The login URL (https, or http to loopback unless `allowInsecureHttp`). */
  readonly url: string;
  /** HTTP method, `POST` by default. */
  readonly method?: string;
  /** Query parameters. */
  readonly query?: Readonly<Record<string, SecretValue>>;
  /** Request headers. */
  readonly headers?: Readonly<Record<string, SecretValue>>;
  /** A JSON body (not with `form`); a leaf `{ "env": "NAME" }` is read from the environment. */
  readonly json?: Readonly<Record<string, unknown>>;
  /** A form body (not with `json`). */
  readonly form?: Readonly<Record<string, SecretValue>>;
  /** How the login call itself is authenticated (e.g. `basic`). */
  readonly auth?: AuthConfig;
}

/**
 * `{ type: 'session' }`: see {@link sessionTokenAuth}. Give exactly one of `tokenPath`, `tokenHeader`, `tokenCookie`.
 *
 * @example
 * ```ts
 * const config: SessionAuthConfig = {
 *   type: 'session',
 *   login: { url: 'https://api.example.com/v1/sessions', json: { username: 'robot', password: { env: 'ROBOT_PASSWORD' } } },
 *   tokenPath: 'data.token',
 *   expiresIn: 'P14D',
 *   inject: { in: 'header', name: 'X-Session-Token' },
 * };
 * ```
 */
export interface SessionAuthConfig extends TokenLifecycleConfig, AuthConfigCommon {
  /** Discriminant. */
  readonly type: 'session';
  /** The login or custom token request. */
  readonly login: SessionLoginConfig;
  /** JSON path of the token in the response body (`data.tokens[0].value`). */
  readonly tokenPath?: string;
  /** Response header holding the token. */
  readonly tokenHeader?: string;
  /** `Set-Cookie` name holding the token. */
  readonly tokenCookie?: string;
  /** A leading word to strip from the token (e.g. `Bearer`). */
  readonly tokenPrefix?: string;
  /** ISO 8601 duration (`P14D`), milliseconds, or `none` (log in for every request: slow). */
  readonly expiresIn: SessionExpiresIn;
  /** Response path of a lifetime (seconds or ISO duration) that overrides `expiresIn`. */
  readonly expiresInPath?: string;
  /** Response path of an absolute expiry. */
  readonly expiresAtPath?: string;
  /** How `expiresAtPath` is written. */
  readonly expiresAtFormat?: Exclude<ExpiresAtFormat, (value: string | number) => unknown>;
  /** Where the token goes: any placement, or `{ in: 'cookie', name }`. */
  readonly inject?: SessionTokenPlacement;
  /** Overrides the computed cache key. */
  readonly cacheKey?: string;
  /** Allow a plain-http login URL that is not loopback. */
  readonly allowInsecureHttp?: boolean;
  /** A name for logs. */
  readonly name?: string;
}

/**
 * Options of a preset as data: code-only options left out; any string option may be `{ "env": "NAME" }`.
 *
 * @example
 * ```ts
 * const options: ProviderConfigOptions<StripeAuthOptions> = { secretKey: { env: 'STRIPE_SECRET_KEY' }, apiVersion: '2024-06-20' };
 * ```
 */
export type ProviderConfigOptions<O> = O extends unknown
  ? { readonly [K in keyof Omit<O, 'fetch' | 'store' | 'limiter' | 'onToken' | 'onError' | 'tls'>]: O[K] extends string | undefined ? O[K] | EnvReference : O[K] }
  : never;

/**
 * `{ type: 'provider', provider: 'github', ... }`: a provider preset (see {@link "authwire/providers"!createProviderAuth}
 * and {@link "authwire/providers"!metabaseAuth}) with that preset's options. The preset checks its own options.
 *
 * @example
 * ```ts
 * const config: ProviderAuthConfig = { type: 'provider', provider: 'github', token: { env: 'GITHUB_TOKEN' } };
 * ```
 */
export type ProviderAuthConfig =
  | {
      [P in ProviderName]: ProviderConfigHead<P> & ProviderConfigOptions<ProviderOptionsMap[P]>;
    }[ProviderName]
  | (ProviderConfigHead<'metabase'> & ProviderConfigOptions<MetabaseAuthOptions>);

/**
 * The fields every {@link ProviderAuthConfig} starts with.
 *
 * @example
 * ```ts
 * const head: ProviderConfigHead<'stripe'> = { type: 'provider', provider: 'stripe' };
 * ```
 */
export interface ProviderConfigHead<P extends string> extends AuthConfigCommon {
  /** Discriminant. */
  readonly type: 'provider';
  /** Which preset. */
  readonly provider: P;
}

/**
 * `{ type: 'selective' }`: see {@link selectiveAuth}.
 *
 * @example
 * ```ts
 * const config: SelectiveAuthConfig = {
 *   type: 'selective',
 *   path: 'credentials.auth_type',
 *   options: { api_key: { type: 'apiKey', key: { env: 'SHOP_API_KEY' }, in: 'header', name: 'X-Shop-Key' }, none: { type: 'none' } },
 * };
 * const auth = createAuth(config, { values: { credentials: { auth_type: 'api_key' } } });
 * ```
 */
export interface SelectiveAuthConfig extends AuthConfigCommon {
  /** Discriminant. */
  readonly type: 'selective';
  /**
   * Where in the `values` given to {@link createAuth} the option's name is: a dotted path, or its
   * segments as an array (Airbyte's `authenticator_selection_path`, e.g. `["credentials", "auth_type"]`).
   */
  readonly path: string | readonly string[];
  /** The named choices. */
  readonly options: Readonly<Record<string, AuthConfig>>;
}

/**
 * `{ type: 'combine' }`: see {@link combineAuth}.
 *
 * @example
 * ```ts
 * const config: CombineAuthConfig = {
 *   type: 'combine',
 *   all: [{ type: 'bearer', token: { env: 'API_TOKEN' } }, { type: 'jwt', secret: { env: 'SIGNING_SECRET' }, placement: { in: 'header', name: 'X-Signature' } }],
 * };
 * ```
 */
export interface CombineAuthConfig extends AuthConfigCommon {
  /** Discriminant. */
  readonly type: 'combine';
  /** Applied in order. */
  readonly all: readonly AuthConfig[];
}

/**
 * The typed, validated configuration of any authenticator: a union discriminated by `type`,
 * with the same option names as the factories. Secrets may be `{ "env": "NAME" }` references.
 *
 * @example
 * ```ts
 * const config: AuthConfig = { type: 'apiKey', key: { env: 'API_KEY' }, in: 'header', name: 'X-API-Key' };
 * ```
 */
export type AuthConfig =
  | NoAuthConfig
  | BasicAuthConfig
  | BearerAuthConfig
  | ApiKeyAuthConfig
  | JwtAuthConfig
  | OAuth2AuthConfig
  | SessionAuthConfig
  | ProviderAuthConfig
  | SelectiveAuthConfig
  | CombineAuthConfig;
