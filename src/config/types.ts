import type { ApiKeyAuthOptions, HeaderApiKeyOptions } from '../strategies/api-key.js';
import type { StaticBearerAuthOptions } from '../strategies/bearer.js';
import type { JwtAlgorithm } from '../strategies/jwt-key.js';
import type { JwtAuthCommonOptions } from '../strategies/jwt.js';
import type { ExpiresAtFormat } from '../token-expiry.js';
import type { SessionTokenCommonOptions } from '../strategies/session-token-types.js';
import type { PemSource, SecretValue } from './secret.js';
import type { AuthConfigCommon } from './config-common.js';
import type { TokenLifecycleConfig, OAuth2AuthConfig, OAuth2InteractiveAuthConfig } from './token-configs.js';
import type { ProviderAuthConfig } from './provider-config.js';
import type { OAuth1AuthConfig } from '../strategies/oauth1/oauth1-config.js';
import type { DigestAuthConfig } from '../strategies/digest/digest-config.js';
import type { AwsSigV4AuthConfig } from '../strategies/aws-sigv4/aws-sigv4-config.js';
import type { HttpSignatureAuthConfig } from '../strategies/http-signature/http-signature-config.js';

export type { OAuth1AuthConfig } from '../strategies/oauth1/oauth1-config.js';
export type { DigestAuthConfig } from '../strategies/digest/digest-config.js';
export type { AwsSigV4AuthConfig } from '../strategies/aws-sigv4/aws-sigv4-config.js';
export type { HttpSignatureAuthConfig } from '../strategies/http-signature/http-signature-config.js';
export type { DpopConfig } from './dpop-config.js';

export type * from './config-common.js';
export type * from './token-configs.js';
export type * from './provider-config.js';

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
export interface BearerAuthConfig extends AuthConfigCommon, Pick<StaticBearerAuthOptions, 'prefix' | 'placement'> {
  /** Discriminant. */
  readonly type: 'bearer';
  /** The token. */
  readonly token: SecretValue;
}

/**
 * `{ type: 'apiKey' }`: see {@link apiKeyAuth}.
 *
 * @example
 * ```ts
 * const config: ApiKeyAuthConfig = { type: 'apiKey', key: { env: 'API_KEY' }, in: 'query', name: 'api_key' };
 * ```
 */
export interface ApiKeyAuthConfig extends AuthConfigCommon, Pick<HeaderApiKeyOptions, 'name' | 'prefix'> {
  /** Discriminant. */
  readonly type: 'apiKey';
  /** The key. */
  readonly key: SecretValue;
  /** Where it goes: a header, the query string, a form body or a JSON body (`prefix` only with `header`). */
  readonly in: ApiKeyAuthOptions['in'];
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
  /** PEM private key: the text, `{ "env" }` or `{ "file" }`. */
  readonly privateKey?: PemSource;
  /** Passphrase of an encrypted PEM key. */
  readonly passphrase?: SecretValue;
  /** Signing algorithm; inferred from the key when absent. */
  readonly algorithm?: JwtAlgorithm;
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
export interface SessionAuthConfig
  extends TokenLifecycleConfig,
    AuthConfigCommon,
    Pick<SessionTokenCommonOptions, 'tokenPrefix' | 'expiresIn' | 'expiresInPath' | 'expiresAtPath' | 'inject' | 'cacheKey' | 'allowInsecureHttp' | 'name'> {
  /** Discriminant. */
  readonly type: 'session';
  /** The login or custom token request. */
  readonly login: SessionLoginConfig;
  /** Dotted path of the token in the JSON body (`data.tokens[0].value`). */
  readonly tokenPath?: string;
  /** The response header holding the token. */
  readonly tokenHeader?: string;
  /** The `Set-Cookie` name holding the token. */
  readonly tokenCookie?: string;
  /** How `expiresAtPath` is written. */
  readonly expiresAtFormat?: Exclude<ExpiresAtFormat, (value: string | number) => unknown>;
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
 * with the same option names as the factories. Secrets may be `{ "env": "NAME" }` references, and
 * key material also `{ "file": "path" }`.
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
  | OAuth2InteractiveAuthConfig
  | SessionAuthConfig
  | ProviderAuthConfig
  | SelectiveAuthConfig
  | CombineAuthConfig
  | OAuth1AuthConfig
  | DigestAuthConfig
  | AwsSigV4AuthConfig
  | HttpSignatureAuthConfig;
