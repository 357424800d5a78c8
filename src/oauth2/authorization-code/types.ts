import type { ProfileOptions } from '../login-types.js';
import type { OAuth2CommonOptions, OAuth2ParamName } from '../common-options.js';
import type { StateShape } from './state-shape.js';

/**
 * What {@link authorizationUrl} needs to build the consent URL.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
 * @example
 * ```ts
 * const request: AuthorizationRequestOptions = {
 *   authorizationEndpoint: 'https://auth.example.com/authorize',
 *   clientId: 'my-cli',
 *   redirectUri: 'https://app.example.com/oauth/callback',
 *   scope: ['openid', 'offline_access'],
 *   prompt: 'consent',
 * };
 * ```
 */
export interface AuthorizationRequestOptions {
  /** The authorization endpoint. `https:` (plain `http:` only to loopback, or with `allowInsecureHttp`). */
  readonly authorizationEndpoint?: string | URL;
  /**
   * The consent URL as a template instead of `authorizationEndpoint`, with `{{client_id}}`,
   * `{{redirect_uri}}`, `{{scope}}`, `{{state}}`, `{{code_challenge}}` (and
   * `{{code_challenge_method}}`, `{{nonce}}`) placeholders, or Airbyte's declarative OAuth names
   * `{{client_id_value}}`, `{{redirect_uri_value}}`, `{{scope_value}}`, `{{state_value}}`; values are URL-encoded. `state`,
   * `code_challenge` and `code_challenge_method=S256` are appended when the template lacks them.
   */
  readonly authorizationUrlTemplate?: string;
  /** The client id. */
  readonly clientId?: string;
  /** Where the server sends the browser back. {@link loopbackLogin} sets it itself. */
  readonly redirectUri?: string | URL;
  /** The scopes to request. */
  readonly scope?: readonly string[];
  /** Joins `scope`. Default `' '`. */
  readonly scopeSeparator?: string;
  /** An `audience` parameter (Auth0 and others); also sent with the code exchange. */
  readonly audience?: string;
  /** Resource indicators (RFC 8707); also sent with the code exchange. */
  readonly resource?: string | readonly string[];
  /** `prompt` (`consent`, `login`, `select_account`, `none`). Some servers issue a refresh token only with `consent`. */
  readonly prompt?: string;
  /** Google's `access_type`; `offline` asks for a refresh token. */
  readonly accessType?: 'online' | 'offline';
  /** Dropbox's `token_access_type`; `offline` asks for a refresh token. */
  readonly tokenAccessType?: 'online' | 'offline' | 'legacy';
  /** More authorization-request parameters. They may not replace the ones authwire sets. */
  readonly authorizationParams?: Readonly<Record<string, string>>;
  /** Other names for `client_id`, `redirect_uri`, `scope`, `state` and `code` (callback and exchange). */
  readonly paramNames?: Readonly<Partial<Record<OAuth2ParamName, string>>>;
  /**
   * The length and characters of the `state` authwire generates, for servers that limit it
   * (Airbyte's `state: { min, max }`). Default: 43 base64url characters.
   */
  readonly state?: StateShape;
  /** Send and check an OpenID Connect `nonce`. Default: when `scope` holds `openid`. */
  readonly nonce?: boolean;
  /** How long the pending authorization stays valid. Default 600 000 (10 minutes). */
  readonly pendingTtlMs?: number;
  /** The authorization server's issuer identifier, compared with the callback's `iss` (RFC 9207). */
  readonly issuer?: string;
  /** Allow plain `http:` endpoints on hosts other than loopback. Off by default. */
  readonly allowInsecureHttp?: boolean;
  /**
   * The pushed authorization request endpoint (RFC 9126), `pushed_authorization_request_endpoint`
   * of the server's metadata ({@link discoverAuthorizationServer} gives it).
   */
  readonly pushedAuthorizationRequestEndpoint?: string | URL;
  /** `require_pushed_authorization_requests` of the server's metadata: the server takes no other authorization request. */
  readonly requirePushedAuthorizationRequests?: boolean;
  /**
   * Push the authorization parameters to `pushedAuthorizationRequestEndpoint` (RFC 9126) and send
   * only `client_id` and `request_uri` in the browser URL. `true`: always (the endpoint is
   * required); `false`: never (refused when the server requires it). Default: {@link loopbackLogin}
   * and {@link interactiveAuth} push whenever the endpoint is known; {@link authorizationUrl}, whose
   * plain form is synchronous, pushes only with `true` (and then returns a promise).
   */
  readonly pushedAuthorizationRequests?: boolean;
}

/**
 * Everything the authorization code flow needs: the authorization request, the code exchange
 * (token URL, client authentication), and the token lifecycle afterwards.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1
 * @example
 * ```ts
 * const options: AuthorizationCodeOptions = {
 *   authorizationEndpoint: 'https://auth.example.com/authorize',
 *   tokenUrl: 'https://auth.example.com/token',
 *   issuer: 'https://auth.example.com',
 *   clientId: 'my-cli',
 *   scope: ['openid', 'offline_access'],
 *   store: new FileTokenStore({ path: '.tokens.json' }),
 * };
 * ```
 */
export interface AuthorizationCodeOptions extends OAuth2CommonOptions, AuthorizationRequestOptions {
  /** `authorization_code` (optional here). */
  readonly grant?: 'authorization_code';
  /**
   * Refuse a callback without `iss`. Set it when the server's metadata has
   * `authorization_response_iss_parameter_supported: true` ({@link discoverAuthorizationServer} does).
   * Default `false`: `iss` is checked when present.
   */
  readonly requireIssuerInResponse?: boolean;
  /**
   * The issuer's JSON Web Key Set: ID tokens must be signed by one of its keys
   * ({@link discoverAuthorizationServer} gives it as `jwksUrl`). Default: the `jwks_uri` of the
   * `issuer`'s metadata, read on the first ID token; without either only the claims are checked.
   */
  readonly jwksUrl?: string | URL;
  /** Whose token this is (part of the cache key), e.g. a user id in a backend acting for many users. Default: none. */
  readonly subject?: string;
  /** Fetch the user's profile after login and keep it in the token's `extra.profile`. */
  readonly profile?: ProfileOptions;
  /**
   * More parameters for the code exchange; when given, the exchange is sent as one JSON object
   * (`application/json`) holding the standard fields and these (Airbyte's `access_token_params`).
   * Values may hold `{{client_id_value}}` and `{{redirect_uri_value}}`. `client_id`,
   * `redirect_uri`, `code` and `client_secret`, which authwire sends itself, may be listed only
   * with their own placeholder (`client_secret` with `clientAuth: 'client_secret_post'`).
   */
  readonly accessTokenParams?: Readonly<Record<string, string>>;
}

/**
 * The `authorization_code` grant of {@link oauth2Auth}: an authenticator that uses and refreshes
 * the token a login ({@link handleCallback}, {@link loopbackLogin}) stored. Before any login it
 * fails with `ERR_AUTH_REAUTH_REQUIRED`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 * @example
 * ```ts
 * const auth = oauth2Auth({ grant: 'authorization_code', tokenUrl, clientId: 'my-cli', scope: ['offline_access'], store });
 * ```
 */
export interface AuthorizationCodeGrantOptions extends AuthorizationCodeOptions {
  /** Selects the `authorization_code` grant. */
  readonly grant: 'authorization_code';
}

/**
 * Options of {@link handleCallback}: the flow's options and a signal for the code exchange.
 *
 * @example
 * ```ts
 * await handleCallback(request.url, pending, { ...options, signal: AbortSignal.timeout(30_000) });
 * ```
 */
export interface HandleCallbackOptions extends AuthorizationCodeOptions {
  /** Stops the code exchange and profile fetch. */
  readonly signal?: AbortSignal;
}
