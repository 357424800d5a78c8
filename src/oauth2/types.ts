// The options of each OAuth2 grant, and their union.
import type { AuthorizationCodeGrantOptions } from './authorization-code/types.js';
import type { OAuth2CommonOptions, OAuth2Grant, SigningKeyInput } from './common-options.js';
import type { DeviceCodeGrantOptions } from './device/types.js';
import type { TokenExchangeGrantOptions } from './token-exchange-types.js';

export type * from './common-options.js';
export type * from './token-exchange-types.js';

/**
 * The `client_credentials` grant: the client acts on its own behalf.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 * @example
 * ```ts
 * const options: ClientCredentialsGrantOptions = { grant: 'client_credentials', tokenUrl, clientId, clientSecret };
 * ```
 */
export interface ClientCredentialsGrantOptions extends OAuth2CommonOptions {
  /** Selects the `client_credentials` grant. */
  readonly grant: 'client_credentials';
}

/**
 * The `refresh_token` grant: start from a refresh token (long-lived or single-use rotating) and,
 * optionally, the access token that came with it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 * @example
 * ```ts
 * const options: RefreshTokenGrantOptions = { grant: 'refresh_token', tokenUrl, clientId, refreshToken: saved.refreshToken };
 * ```
 */
export interface RefreshTokenGrantOptions extends OAuth2CommonOptions {
  /** Selects the `refresh_token` grant. */
  readonly grant: 'refresh_token';
  /** The refresh token to start from. Once the store holds a newer one, this one is never sent. */
  readonly refreshToken: string;
  /** An access token to use until it expires. */
  readonly accessToken?: string;
  /** When `accessToken` expires (a `Date` or epoch milliseconds). */
  readonly expiresAt?: Date | number;
  /** Whose grant this is (part of the cache key). Default: a fingerprint of `refreshToken`. */
  readonly subject?: string;
}

/**
 * The resource owner password grant. Legacy: RFC 9700 (OAuth 2.0 Security Best Current Practice)
 * says it MUST NOT be used; prefer `authorization_code` with PKCE or `client_credentials`.
 * Once the server issues a refresh token, authwire drops its copy of the password. A public
 * client without a client id (`clientAuth` `none`, no `clientId`) is allowed, as RFC 6749 §4.3.2 has it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.4
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
 * @example
 * ```ts
 * const options: PasswordGrantOptions = { grant: 'password', tokenUrl, clientId, username: 'alice', password: secret };
 * ```
 */
export interface PasswordGrantOptions extends OAuth2CommonOptions {
  /** Selects the `password` grant. */
  readonly grant: 'password';
  /** The resource owner's user name. */
  readonly username: string;
  /** The resource owner's password; dropped once a refresh token is issued. */
  readonly password: string;
}

/**
 * A Google service-account key file (the JSON downloaded from the console).
 *
 * @example
 * ```ts
 * const key = JSON.parse(readFileSync('service-account.json', 'utf8')) as ServiceAccountKey;
 * ```
 */
export interface ServiceAccountKey {
  /** `service_account`. */
  readonly type?: string;
  /** The service account's e-mail: the assertion's `iss`. */
  readonly client_email: string;
  /** The PKCS#8 private key in PEM. */
  readonly private_key: string;
  /** The key id: the assertion's `kid`. */
  readonly private_key_id?: string;
  /** The token endpoint; must be https and on the allow-list. */
  readonly token_uri?: string;
  /** Other fields are ignored. */
  readonly [field: string]: unknown;
}

/**
 * The JWT assertion of the `jwt_bearer` grant.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 * @example
 * ```ts
 * const assertion: JwtBearerAssertionOptions = { privateKey: pem, issuer: 'svc@example.iam.gserviceaccount.com', subject: 'user@example.com' };
 * ```
 */
export interface JwtBearerAssertionOptions {
  /** The signing key (not needed with `serviceAccount`). */
  readonly privateKey?: SigningKeyInput;
  /** The JWS algorithm. Default: from the key. */
  readonly algorithm?: string;
  /** The `kid` header. Default: the service account's `private_key_id`. */
  readonly keyId?: string;
  /** `iss`. Default: the service account's `client_email`, else `clientId`. */
  readonly issuer?: string;
  /** `sub`: the user to act for (domain-wide delegation). Default: none. */
  readonly subject?: string;
  /** `aud`. Default: the token URL. */
  readonly audience?: string;
  /** Lifetime of each assertion in seconds. Default 3600 (Google's maximum). */
  readonly expiresInSeconds?: number;
  /** More claims. `iss`, `sub`, `aud`, `iat`, `exp`, `jti` cannot be replaced here. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/**
 * The JWT bearer assertion grant (RFC 7523), e.g. Google service accounts. `tokenUrl` may come
 * from the service-account file, where it must be https and on `tokenUrlAllowList`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.1
 * @example
 * ```ts
 * const options: JwtBearerGrantOptions = {
 *   grant: 'jwt_bearer',
 *   serviceAccount: readFileSync('service-account.json', 'utf8'),
 *   scope: ['https://www.googleapis.com/auth/cloud-platform'],
 * };
 * ```
 */
export interface JwtBearerGrantOptions extends Omit<OAuth2CommonOptions, 'tokenUrl'> {
  /** Selects the `jwt_bearer` grant. */
  readonly grant: 'jwt_bearer';
  /** The token endpoint. Default: the service account's `token_uri`. */
  readonly tokenUrl?: string | URL;
  /** A service-account key: the parsed JSON or its text. */
  readonly serviceAccount?: ServiceAccountKey | string;
  /** The assertion's key and claims. */
  readonly assertion?: JwtBearerAssertionOptions;
  /**
   * Origins a `token_uri` from a service-account file may point to.
   * Default `['https://oauth2.googleapis.com', 'https://accounts.google.com', 'https://www.googleapis.com']`.
   */
  readonly tokenUrlAllowList?: readonly string[];
  /** Where the scope goes: the `scope` claim of the assertion (Google; default with `serviceAccount`) or the body (default otherwise). */
  readonly scopeIn?: 'assertion' | 'body';
}

/**
 * Options of {@link oauth2Auth}, chosen by `grant`.
 *
 * @example
 * ```ts
 * const options: OAuth2AuthOptions = { grant: 'client_credentials', tokenUrl, clientId, clientSecret };
 * ```
 */
export type OAuth2AuthOptions =
  | ClientCredentialsGrantOptions
  | RefreshTokenGrantOptions
  | PasswordGrantOptions
  | JwtBearerGrantOptions
  | AuthorizationCodeGrantOptions
  | DeviceCodeGrantOptions
  | TokenExchangeGrantOptions;

type Assert<T extends true> = T;
/** Compile-time check: {@link OAuth2Grant} names every member's grant, no more and no fewer. */
export type GrantsListed = Assert<[OAuth2Grant] extends [OAuth2AuthOptions['grant']] ? ([OAuth2AuthOptions['grant']] extends [OAuth2Grant] ? true : false) : false>;
