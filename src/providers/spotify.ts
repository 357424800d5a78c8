import { invalidConfig } from '../errors.js';
import { oauth2Auth } from '../oauth2/oauth2-auth.js';
import { requiredString } from '../validate/values.js';
import { asProvider, checkUrl, oauthPassThrough, refreshStart } from './internal/preset-auth.js';
import type { ProviderOAuthOptions, ProviderPreset, ProviderRefreshTokenOptions, ProviderTokenAuthenticator } from './types.js';
import { checkProviderOptions } from './option-names.js';

const accountsUrl = 'https://accounts.spotify.com';
const apiUrl = 'https://api.spotify.com/v1';

/**
 * Spotify's endpoints. Confidential clients authenticate with HTTP Basic; PKCE clients send only
 * `client_id` and get a new (single-use) refresh token with each refresh.
 *
 * @see https://developer.spotify.com/documentation/web-api/tutorials/refreshing-tokens
 * @example
 * ```ts
 * const tokenUrl = spotifyPreset.tokenUrl; // https://accounts.spotify.com/api/token
 * ```
 */
export const spotifyPreset: ProviderPreset = Object.freeze({
  name: 'spotify',
  title: 'Spotify',
  baseUrl: apiUrl,
  tokenUrl: `${accountsUrl}/api/token`,
  authorization: Object.freeze({
    url: `${accountsUrl}/authorize`,
    tokenUrl: `${accountsUrl}/api/token`,
    responseType: 'code',
    params: Object.freeze({}),
    defaultScopes: Object.freeze([]),
    scopeSeparator: ' ',
    clientAuth: 'client_secret_basic',
  }),
  docs: 'https://developer.spotify.com/documentation/web-api/concepts/authorization',
} as const);

/**
 * {@link spotifyAuth} for a user, from the refresh token of the authorization code flow (with a
 * client secret) or of the PKCE flow (without one).
 *
 * @example
 * ```ts
 * const options: SpotifyUserAuthOptions = { clientId, clientSecret, refreshToken };
 * ```
 */
export interface SpotifyUserAuthOptions extends ProviderOAuthOptions, ProviderRefreshTokenOptions {
  /** Selects the user form (the default). */
  readonly grant?: 'refresh_token';
  /** The app's client id. */
  readonly clientId: string;
  /** The app's client secret (HTTP Basic); leave out for PKCE tokens. */
  readonly clientSecret?: string;
}

/**
 * {@link spotifyAuth} for the app itself (client credentials: catalogue data, no user data).
 *
 * @example
 * ```ts
 * const options: SpotifyAppAuthOptions = { grant: 'client_credentials', clientId, clientSecret };
 * ```
 */
export interface SpotifyAppAuthOptions extends ProviderOAuthOptions {
  /** Selects the client credentials flow. */
  readonly grant: 'client_credentials';
  /** The app's client id. */
  readonly clientId: string;
  /** The app's client secret. */
  readonly clientSecret: string;
}

/**
 * Options of {@link spotifyAuth}.
 *
 * @example
 * ```ts
 * const options: SpotifyAuthOptions = { grant: 'client_credentials', clientId, clientSecret };
 * ```
 */
export type SpotifyAuthOptions = SpotifyUserAuthOptions | SpotifyAppAuthOptions;

/**
 * Spotify's Web API: a user's token refreshed at `https://accounts.spotify.com/api/token`
 * (HTTP Basic with a secret, `client_id` alone for PKCE, rotated refresh tokens kept), or an app
 * token from client credentials.
 *
 * @example
 * ```ts
 * const auth = spotifyAuth({ clientId, refreshToken, store }); // PKCE: no secret
 * const api = authFetch(auth, { origins: ['https://api.spotify.com'] });
 * const me = await api('https://api.spotify.com/v1/me');
 * ```
 */
export function spotifyAuth(options: SpotifyAuthOptions): ProviderTokenAuthenticator {
  checkProviderOptions('spotify', options);
  const clientId = requiredString(options.clientId, 'spotify.clientId');
  const baseUrl = checkUrl(options.baseUrl, apiUrl, 'spotify.baseUrl');
  const common = { ...oauthPassThrough(options), tokenUrl: options.tokenUrl ?? `${accountsUrl}/api/token`, clientId };
  switch (options.grant) {
    case undefined:
    case 'refresh_token':
      return asProvider(
        oauth2Auth({
          ...common,
          grant: 'refresh_token',
          ...(options.clientSecret === undefined ? { clientAuth: 'none' as const } : { clientSecret: options.clientSecret, clientAuth: 'client_secret_basic' as const }),
          ...refreshStart(options),
        }),
        'spotify',
        baseUrl,
      );
    case 'client_credentials':
      return asProvider(oauth2Auth({ ...common, grant: 'client_credentials', clientSecret: options.clientSecret, clientAuth: 'client_secret_basic' }), 'spotify', baseUrl);
    default:
      throw invalidConfig('spotify.grant', `'refresh_token' or 'client_credentials' (got ${String((options as { grant: unknown }).grant)})`);
  }
}
