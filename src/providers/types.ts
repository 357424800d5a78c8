// The shapes every provider preset shares: its data (endpoints, authorization parameters) and
// the options and authenticators its factory takes and returns.
import type { Authenticator, ClientTls } from '../authenticator.js';
import type { OAuth2ClientAuthMethod, OAuth2CommonOptions, TokenLifecycleOptions } from '../oauth2/types.js';
import type { TokenResponseMapping } from '../token.js';
import type { TokenAuthenticator } from '../token-authenticator.js';

/**
 * The providers authwire has presets for (Metabase's preset is added separately).
 *
 * @example
 * ```ts
 * const provider: ProviderName = 'github';
 * ```
 */
export type ProviderName =
  | 'github'
  | 'salesforce'
  | 'spotify'
  | 'stripe'
  | 'box'
  | 'contentful'
  | 'google'
  | 'microsoft'
  | 'slack'
  | 'square'
  | 'smartsheet'
  | 'baserow';

/**
 * How a user grants an application access at a provider (the interactive authorization request),
 * as data for an authorization-code login to consume. URLs are the providers' public defaults.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 * @example
 * ```ts
 * const url = new URL(googlePreset.authorization!.url);
 * for (const [name, value] of Object.entries(googlePreset.authorization!.params)) url.searchParams.set(name, value);
 * ```
 */
export interface ProviderAuthorization {
  /** The authorization endpoint the user's browser is sent to. */
  readonly url: string;
  /** Where the authorization code is exchanged; absent for an implicit-only provider (Contentful). */
  readonly tokenUrl?: string;
  /** `code` (authorization code) or `token` (implicit: the token comes back in the URL fragment). */
  readonly responseType: 'code' | 'token';
  /** Provider-specific parameters of the authorization request, e.g. Google's `access_type=offline`. */
  readonly params: Readonly<Record<string, string>>;
  /** Scopes a typical integration asks for; may be empty. */
  readonly defaultScopes: readonly string[];
  /** Joins scopes in the `scope` parameter (`' '` per RFC 6749; Slack wants `','`). */
  readonly scopeSeparator: string;
  /** How the client authenticates when it exchanges the code. */
  readonly clientAuth: OAuth2ClientAuthMethod;
  /** The parameter for user scopes when it differs from bot scopes (Slack: `user_scope`). */
  readonly userScopeParam?: string;
  /** Where the user token is in the code-exchange response when not at the top (Slack: `authed_user.*`). */
  readonly userTokenResponse?: TokenResponseMapping;
}

/**
 * What a preset knows about a provider, as data.
 *
 * @example
 * ```ts
 * console.log(githubPreset.baseUrl); // https://api.github.com
 * ```
 */
export interface ProviderPreset {
  /** The provider's name. */
  readonly name: ProviderName;
  /** How people write it, e.g. `Microsoft Entra ID`. */
  readonly title: string;
  /** The API's base URL; absent where each account has its own host (Salesforce's `instance_url`). */
  readonly baseUrl?: string;
  /** The token endpoint used for refreshing or machine grants, when the provider has one. */
  readonly tokenUrl?: string;
  /** The interactive authorization request, for providers where a user consents. */
  readonly authorization?: ProviderAuthorization;
  /** The provider's own authentication documentation. */
  readonly docs: string;
}

/**
 * Options every preset takes.
 *
 * @example
 * ```ts
 * const common: ProviderCommonOptions = { baseUrl: 'https://github.example.com/api/v3' };
 * ```
 */
export interface ProviderCommonOptions {
  /** Replaces the API base URL reported as `auth.baseUrl` (GitHub Enterprise, EU hosts, tests). */
  readonly baseUrl?: string;
}

/**
 * Options every OAuth-based preset passes to {@link authwire!oauth2Auth}: the token lifecycle
 * (store, windows, backoff, events) and the transport of token requests.
 *
 * @example
 * ```ts
 * const oauth: ProviderOAuthOptions = { tokenUrl: 'http://127.0.0.1:8080/token', store: new MemoryTokenStore() };
 * ```
 */
export interface ProviderOAuthOptions extends ProviderCommonOptions, TokenLifecycleOptions {
  /** Replaces the provider's token endpoint. */
  readonly tokenUrl?: string | URL;
  /** Allow a plain `http:` token URL to a host other than loopback. Off by default. */
  readonly allowInsecureHttp?: boolean;
  /** The fetch used for token requests. Default `globalThis.fetch`. */
  readonly fetch?: OAuth2CommonOptions['fetch'];
  /** Client certificate and CAs for the API requests (passed to adapters). */
  readonly tls?: ClientTls;
  /** Replaces the computed cache key. */
  readonly cacheKey?: string;
}

/**
 * Options of presets that start from a stored refresh token (obtained by a user's consent).
 *
 * @example
 * ```ts
 * const start: ProviderRefreshTokenOptions = { refreshToken: saved.refreshToken, accessToken: saved.accessToken, expiresAt: saved.expiresAt };
 * ```
 */
export interface ProviderRefreshTokenOptions {
  /** The refresh token to start from; once the store holds a newer (rotated) one, this one is never sent. */
  readonly refreshToken: string;
  /** An access token to use until it expires. */
  readonly accessToken?: string;
  /** When `accessToken` expires (a `Date` or epoch milliseconds). */
  readonly expiresAt?: Date | number;
  /** Whose grant this is (part of the cache key). Default: a fingerprint of `refreshToken`. */
  readonly subject?: string;
}

/**
 * What a preset's authenticator tells about itself.
 *
 * @example
 * ```ts
 * const info: ProviderInfo = { provider: 'stripe', baseUrl: 'https://api.stripe.com' };
 * ```
 */
export interface ProviderInfo {
  /** The provider. */
  readonly provider: ProviderName;
  /** The API base URL as configured; absent where it comes with the token (Salesforce). */
  readonly baseUrl?: string;
}

/**
 * The authenticator a preset returns: an {@link Authenticator} that says which provider it is for
 * and where the provider's API lives (handy for an adapter's `origins`).
 *
 * @example
 * ```ts
 * const auth = stripeAuth({ secretKey });
 * const api = authFetch(auth, { origins: [auth.baseUrl ?? ''] });
 * ```
 */
export interface ProviderAuthenticator extends Authenticator, ProviderInfo {}

/**
 * A preset's authenticator backed by OAuth tokens: {@link TokenAuthenticator} plus provider facts.
 *
 * @example
 * ```ts
 * const auth: ProviderTokenAuthenticator = googleAuth({ serviceAccount, scope });
 * const { accessToken } = await auth.getToken();
 * ```
 */
export interface ProviderTokenAuthenticator extends TokenAuthenticator, ProviderInfo {}
