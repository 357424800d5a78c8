// Options every OAuth2 grant shares: client authentication, parameters, the token lifecycle.
import type { KeyObject, webcrypto } from 'node:crypto';
import type { ClientTls } from '../authenticator.js';
import type { Placement } from '../placement.js';
import type { DpopOptions } from './dpop/dpop.js';
import type { TokenResponseMapping } from '../token.js';
import type { TokenManagerOptions } from '../token-manager/types.js';

/**
 * How the client authenticates to the token endpoint.
 *
 * - `client_secret_basic`: HTTP Basic with the form-encoded id and secret (RFC 6749 §2.3.1), or
 *   the plain ones with {@link OAuth2CommonOptions.basicEncoding} `plain`.
 * - `client_secret_post`: `client_id` and `client_secret` in the body.
 * - `client_secret_jwt`: a JWT signed with the secret (HS256) as `client_assertion`.
 * - `private_key_jwt`: a JWT signed with a private key as `client_assertion`.
 * - `none`: a public client; only `client_id` is sent.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 * @example
 * ```ts
 * const method: OAuth2ClientAuthMethod = 'private_key_jwt';
 * ```
 */
export type OAuth2ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'private_key_jwt' | 'tls_client_auth' | 'none';

/**
 * How `client_secret_basic` turns the client id and secret into `Authorization: Basic`:
 *
 * - `form` (default, RFC 6749 §2.3.1): each is form-urlencoded first, so `a b+c%` goes as
 *   `a+b%2Bc%25` — what RFC 6749 servers decode (oidc-provider, Keycloak, Spring Authorization Server);
 * - `plain`: `base64(id + ':' + secret)` as RFC 7617 Basic has it, for servers that do not decode
 *   (Appsmith, Airbyte's connector builder, and many others): with `form` their secrets holding
 *   `+ % : space` or non-ASCII fail. A client id holding `:` cannot be sent this way.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://www.rfc-editor.org/rfc/rfc7617#section-2
 * @example
 * ```ts
 * const encoding: BasicCredentialsEncoding = 'plain';
 * ```
 */
export type BasicCredentialsEncoding = 'form' | 'plain';

/**
 * A private key for signing: a PEM string (PKCS#8, PKCS#1 or SEC1), a Node `KeyObject`, a
 * WebCrypto `CryptoKey`, or a private JWK.
 *
 * @example
 * ```ts
 * const key: SigningKeyInput = readFileSync('client.key.pem', 'utf8');
 * ```
 */
export type SigningKeyInput = string | KeyObject | webcrypto.CryptoKey | webcrypto.JsonWebKey;

/**
 * The JWT a client authenticates with under `client_secret_jwt` or `private_key_jwt`.
 * `iss` and `sub` are the client id, `aud` the authorization server's issuer (one string),
 * `jti` unique, `exp` short.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 * @example
 * ```ts
 * const clientAssertion: ClientAssertionOptions = { privateKey: pem, keyId: 'k1', algorithm: 'ES256' };
 * ```
 */
export interface ClientAssertionOptions {
  /** The private key (`private_key_jwt`). */
  readonly privateKey?: SigningKeyInput;
  /** The JWS algorithm. Default: from the key (RS256, PS256, ES256/384/512, EdDSA), or HS256 for `client_secret_jwt`. */
  readonly algorithm?: string;
  /** The `kid` header. */
  readonly keyId?: string;
  /** The `aud` claim. Default: the `issuer` option, else the token URL. */
  readonly audience?: string;
  /** Lifetime of each assertion in seconds. Default 60, at most 600. */
  readonly expiresInSeconds?: number;
}

/**
 * Parameter names {@link OAuth2CommonOptions.paramNames} can rename.
 *
 * @example
 * ```ts
 * const name: OAuth2ParamName = 'client_id';
 * ```
 */
export type OAuth2ParamName =
  | 'grant_type'
  | 'client_id'
  | 'client_secret'
  | 'scope'
  | 'audience'
  | 'resource'
  | 'refresh_token'
  | 'username'
  | 'password'
  | 'assertion'
  | 'client_assertion'
  | 'client_assertion_type'
  | 'redirect_uri'
  | 'state'
  | 'code'
  | 'code_verifier'
  | 'device_code' | 'token_exchange';

/**
 * The token-lifecycle options every token strategy takes (see {@link TokenManagerOptions}).
 *
 * @example
 * ```ts
 * const lifecycle: TokenLifecycleOptions = { store: new MemoryTokenStore(), refreshWindowMs: 300_000 };
 * ```
 */
export type TokenLifecycleOptions = Omit<TokenManagerOptions, 'key' | 'fetchToken' | 'initialToken' | 'name'>;

/**
 * How a token request body is encoded: `form` (RFC 6749) or `json`.
 *
 * @example
 * ```ts
 * const format: TokenRequestFormat = 'json';
 * ```
 */
export type TokenRequestFormat = 'form' | 'json';

/**
 * Options every grant of {@link oauth2Auth} takes.
 *
 * @example
 * ```ts
 * const common: OAuth2CommonOptions = {
 *   tokenUrl: 'https://auth.example.com/oauth/token',
 *   clientId: 'my-app',
 *   clientSecret: process.env.CLIENT_SECRET ?? '',
 *   scope: ['read', 'write'],
 * };
 * ```
 */
export interface OAuth2CommonOptions extends TokenLifecycleOptions {
  /** The token endpoint. `https:` (plain `http:` only to loopback, or with `allowInsecureHttp`). */
  readonly tokenUrl: string | URL;
  /**
   * The client id. Needed by every client authentication method except `none`; with `none` the
   * `password`, `refresh_token` and `jwt_bearer` grants may go without it (RFC 6749 §4.3.2 and §6
   * ask for no `client_id` from a client that does not authenticate — Bubble's *OAuth2 Password
   * Flow* has none), and then neither `client_id` nor an `Authorization` header is sent.
   * `client_credentials` and the interactive grants always need it.
   */
  readonly clientId?: string;
  /** The client secret (`client_secret_basic`, `client_secret_post`, `client_secret_jwt`). */
  readonly clientSecret?: string;
  /** Default: `client_secret_basic` with a secret, `private_key_jwt` with `clientAssertion.privateKey`, else `none`. */
  readonly clientAuth?: OAuth2ClientAuthMethod;
  /**
   * How `client_secret_basic` encodes id and secret (see {@link BasicCredentialsEncoding}):
   * `form` (default, RFC 6749) or `plain` for servers that expect `base64(id:secret)` as it is.
   * Only with `client_secret_basic`.
   */
  readonly basicEncoding?: BasicCredentialsEncoding;
  /** The JWT for `client_secret_jwt` / `private_key_jwt`. */
  readonly clientAssertion?: ClientAssertionOptions;
  /** The authorization server's issuer identifier: the `aud` of client assertions. */
  readonly issuer?: string;
  /**
   * The revocation endpoint (RFC 7009) `revoke()` sends to. Default: the `revocation_endpoint`
   * of the `issuer`'s metadata, read on the first `revoke()`.
   */
  readonly revocationUrl?: string | URL;
  /** The scopes to request. */
  readonly scope?: readonly string[];
  /** Joins `scope`. Default `' '` (RFC 6749); some servers want `','`. */
  readonly scopeSeparator?: string;
  /** Send `scope` when refreshing too. Default `false` (the server keeps the original scope). */
  readonly scopeOnRefresh?: boolean;
  /** An `audience` parameter (Auth0, Okta and others). */
  readonly audience?: string;
  /** Resource indicators (RFC 8707). */
  readonly resource?: string | readonly string[];
  /** More body parameters for every token request. They may not replace the ones authwire sets. */
  readonly extraParams?: Readonly<Record<string, string>>;
  /** More headers for every token request (not `Authorization` with `client_secret_basic`, not `Content-Type`). */
  readonly extraHeaders?: Readonly<Record<string, string>>;
  /**
   * How token request bodies are encoded. Default `form` (`application/x-www-form-urlencoded`,
   * RFC 6749); `json` sends the same fields as one JSON object (`application/json`), a
   * parameter given more than once (`resource`) as an array, for servers that want JSON.
   */
  readonly requestFormat?: TokenRequestFormat;
  /** Other names for standard parameters, e.g. `{ client_id: 'app_id' }`. */
  readonly paramNames?: Readonly<Partial<Record<OAuth2ParamName, string>>>;
  /** Where the token response's fields are, and how its expiry is read. */
  readonly response?: TokenResponseMapping;
  /** Where the access token goes. Default `Authorization: Bearer <token>`; a query placement is opt-in. Not with `dpop`. */
  readonly placement?: Placement;
  /**
   * DPoP (RFC 9449): tokens bound to a key pair; every token request and resource request carries
   * a proof, the token goes as `Authorization: DPoP`. `{}` for a generated ES256 key. Default: off.
   */
  readonly dpop?: DpopOptions;
  /** Replaces the computed cache key (token URL + client id + subject + scope + audience/resource). */
  readonly cacheKey?: string;
  /** Allow a plain `http:` token URL to a host other than loopback. Off by default. */
  readonly allowInsecureHttp?: boolean;
  /** The fetch used for token requests. Default `globalThis.fetch`. */
  readonly fetch?: (input: URL, init: RequestInit) => Promise<Response>;
  /**
   * Client certificate and CAs for the API requests (passed to adapters); with
   * `clientAuth: 'tls_client_auth'` (RFC 8705 §2) also presented on the token request.
   */
  readonly tls?: ClientTls;
}

/**
 * The grants {@link oauth2Auth} supports. `authorization_code` and `device_code` use and refresh
 * the token an interactive login ({@link loopbackLogin}, {@link handleCallback}, {@link deviceLogin}) stored.
 *
 * @example
 * ```ts
 * const grant: OAuth2Grant = 'refresh_token';
 * ```
 */
export type OAuth2Grant = 'client_credentials' | 'refresh_token' | 'password' | 'jwt_bearer' | 'authorization_code' | 'device_code' | 'token_exchange';
