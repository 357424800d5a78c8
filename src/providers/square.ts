import { invalidConfig } from '../errors.js';
import { oauth2Auth } from '../oauth2/oauth2-auth.js';
import { optionalString, requiredString } from '../validate/values.js';
import { bearerAuth } from '../strategies/bearer.js';
import { asProvider, checkUrl, oauthPassThrough, refreshStart, withRequestHeaders } from './internal/preset-auth.js';
import type {
  ProviderAuthenticator, ProviderCommonOptions, ProviderOAuthOptions, ProviderPreset, ProviderRefreshTokenOptions, ProviderTokenAuthenticator,
} from './types.js';
import { checkProviderOptions } from './option-names.js';

/** Square's hosts: production and sandbox. */
const hosts = { production: 'https://connect.squareup.com', sandbox: 'https://connect.squareupsandbox.com' } as const;

/**
 * Square's endpoints (production; the sandbox is `https://connect.squareupsandbox.com`). The
 * token endpoint takes JSON and answers with `expires_at`, an ISO 8601 date (30 days ahead),
 * instead of `expires_in`. `session=false` makes sellers sign in on the consent page.
 *
 * @see https://developer.squareup.com/reference/square/o-auth-api/obtain-token
 * @example
 * ```ts
 * squarePreset.authorization!.params; // { session: 'false' }
 * ```
 */
export const squarePreset: ProviderPreset = Object.freeze({
  name: 'square',
  title: 'Square',
  baseUrl: hosts.production,
  tokenUrl: `${hosts.production}/oauth2/token`,
  authorization: Object.freeze({
    url: `${hosts.production}/oauth2/authorize`,
    tokenUrl: `${hosts.production}/oauth2/token`,
    responseType: 'code',
    params: Object.freeze({ session: 'false' }),
    defaultScopes: Object.freeze([]),
    scopeSeparator: ' ',
    clientAuth: 'client_secret_post',
  }),
  docs: 'https://developer.squareup.com/docs/oauth-api/overview',
} as const);

/**
 * Options both forms of {@link squareAuth} take.
 *
 * @example
 * ```ts
 * const common: SquareCommonOptions = { environment: 'sandbox', squareVersion: '2024-10-17' };
 * ```
 */
export interface SquareCommonOptions {
  /** `production` (default) or `sandbox`: gives the default hosts. */
  readonly environment?: 'production' | 'sandbox';
  /** Pins the API version with `Square-Version` (on token requests too) unless a request sets it. */
  readonly squareVersion?: string;
}

/**
 * {@link squareAuth} with a personal access token (your own account).
 *
 * @example
 * ```ts
 * const options: SquareTokenAuthOptions = { accessToken: process.env.SQUARE_ACCESS_TOKEN ?? '', environment: 'sandbox' };
 * ```
 */
export interface SquareTokenAuthOptions extends SquareCommonOptions, ProviderCommonOptions {
  /** The personal access token. */
  readonly accessToken: string;
  /** Only with the OAuth form. */
  readonly refreshToken?: never;
}

/**
 * {@link squareAuth} for a seller who authorized the app, from the refresh token (code flow with
 * the application secret; PKCE flow without, which rotates the refresh token).
 *
 * @example
 * ```ts
 * const options: SquareOAuthOptions = { clientId, clientSecret, refreshToken, squareVersion: '2024-10-17' };
 * ```
 */
export interface SquareOAuthOptions extends SquareCommonOptions, ProviderOAuthOptions, ProviderRefreshTokenOptions {
  /** The application id. */
  readonly clientId: string;
  /** The application secret; leave out for PKCE tokens. */
  readonly clientSecret?: string;
}

/**
 * Options of {@link squareAuth}.
 *
 * @example
 * ```ts
 * const options: SquareAuthOptions = { accessToken: process.env.SQUARE_ACCESS_TOKEN ?? '' };
 * ```
 */
export type SquareAuthOptions = SquareTokenAuthOptions | SquareOAuthOptions;

/**
 * Square with a personal access token: `Authorization: Bearer <token>`.
 *
 * @example
 * ```ts
 * const auth = squareAuth({ accessToken: process.env.SQUARE_ACCESS_TOKEN ?? '', squareVersion: '2024-10-17' });
 * ```
 */
export function squareAuth(options: SquareTokenAuthOptions): ProviderAuthenticator;
/**
 * Square OAuth: refreshed at `/oauth2/token` with a JSON body (`client_id`, `client_secret`,
 * `grant_type`, `refresh_token`); the `expires_at` date of the answer is the token's expiry.
 *
 * @see https://developer.squareup.com/docs/oauth-api/refresh-revoke-limit-scope
 * @example
 * ```ts
 * const auth = squareAuth({ clientId, clientSecret, refreshToken, store });
 * const api = authFetch(auth, { origins: ['https://connect.squareup.com'] });
 * await api('https://connect.squareup.com/v2/locations');
 * ```
 */
export function squareAuth(options: SquareOAuthOptions): ProviderTokenAuthenticator;
/**
 * Square, either form (see the other signatures).
 *
 * @example
 * ```ts
 * const auth = squareAuth(settings as SquareAuthOptions);
 * ```
 */
export function squareAuth(options: SquareAuthOptions): ProviderAuthenticator;
export function squareAuth(options: SquareAuthOptions): ProviderAuthenticator {
  checkProviderOptions('square', options);
  const environment = options.environment ?? 'production';
  if (environment !== 'production' && environment !== 'sandbox') throw invalidConfig('square.environment', "'production' or 'sandbox'");
  const host = hosts[environment];
  const baseUrl = checkUrl(options.baseUrl, host, 'square.baseUrl');
  const squareVersion = optionalString(options.squareVersion, 'square.squareVersion');
  const headers = { 'Square-Version': squareVersion };
  if (options.refreshToken === undefined) {
    return asProvider(withRequestHeaders(bearerAuth({ token: requiredString(options.accessToken, 'square.accessToken') }), headers), 'square', baseUrl);
  }
  const oauth = options;
  const auth = oauth2Auth({
    ...oauthPassThrough(oauth),
    grant: 'refresh_token',
    tokenUrl: oauth.tokenUrl ?? `${host}/oauth2/token`,
    clientId: requiredString(oauth.clientId, 'square.clientId'),
    ...(oauth.clientSecret === undefined ? { clientAuth: 'none' as const } : { clientSecret: oauth.clientSecret, clientAuth: 'client_secret_post' as const }),
    ...refreshStart(oauth),
    ...(squareVersion === undefined ? {} : { extraHeaders: { 'Square-Version': squareVersion } }),
    response: { expiresAtFormat: 'iso', extra: { merchantId: 'merchant_id' } },
    requestFormat: 'json',
  });
  return asProvider(withRequestHeaders(auth, headers), 'square', baseUrl);
}
