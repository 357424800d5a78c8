import { invalidConfig } from '../errors.js';
import { oauth2Auth } from '../oauth2/oauth2-auth.js';
import { requiredString } from '../validate/values.js';
import { bearerAuth } from '../strategies/bearer.js';
import { asProvider, checkUrl, oauthPassThrough, refreshStart } from './internal/preset-auth.js';
import type {
  ProviderAuthenticator, ProviderCommonOptions, ProviderOAuthOptions, ProviderPreset, ProviderRefreshTokenOptions, ProviderTokenAuthenticator,
} from './types.js';
import { checkProviderOptions } from './option-names.js';

/** Smartsheet's regions: API host and web (sign-in) host. Each region has its own tokens. */
const regions = {
  us: { api: 'https://api.smartsheet.com/2.0', app: 'https://app.smartsheet.com' },
  eu: { api: 'https://api.smartsheet.eu/2.0', app: 'https://app.smartsheet.eu' },
  gov: { api: 'https://api.smartsheetgov.com/2.0', app: 'https://app.smartsheetgov.com' },
} as const;

/**
 * Smartsheet's endpoints (US region). Access tokens live 7 days; each refresh returns a new
 * refresh token and makes the old one unusable (single-use refresh tokens).
 *
 * @see https://developers.smartsheet.com/api/smartsheet/guides/advanced-topics/oauth
 * @example
 * ```ts
 * smartsheetPreset.tokenUrl; // https://api.smartsheet.com/2.0/token
 * ```
 */
export const smartsheetPreset: ProviderPreset = Object.freeze({
  name: 'smartsheet',
  title: 'Smartsheet',
  baseUrl: regions.us.api,
  tokenUrl: `${regions.us.api}/token`,
  authorization: Object.freeze({
    url: `${regions.us.app}/b/authorize`,
    tokenUrl: `${regions.us.api}/token`,
    responseType: 'code',
    params: Object.freeze({}),
    defaultScopes: Object.freeze(['READ_SHEETS']),
    scopeSeparator: ' ',
    clientAuth: 'client_secret_post',
  }),
  docs: 'https://developers.smartsheet.com/api/smartsheet/guides/advanced-topics/oauth',
} as const);

/**
 * Options both forms of {@link smartsheetAuth} take.
 *
 * @example
 * ```ts
 * const common: SmartsheetCommonOptions = { region: 'eu' };
 * ```
 */
export interface SmartsheetCommonOptions {
  /** `us` (default), `eu` or `gov`: gives the default hosts. */
  readonly region?: 'us' | 'eu' | 'gov';
}

/**
 * {@link smartsheetAuth} with an API access token generated in Smartsheet.
 *
 * @example
 * ```ts
 * const options: SmartsheetTokenAuthOptions = { token: process.env.SMARTSHEET_TOKEN ?? '' };
 * ```
 */
export interface SmartsheetTokenAuthOptions extends SmartsheetCommonOptions, ProviderCommonOptions {
  /** The API access token. */
  readonly token: string;
  /** Only with the OAuth form. */
  readonly refreshToken?: never;
}

/**
 * {@link smartsheetAuth} for a user who authorized the app, from the (single-use) refresh token.
 * Give a store that outlives the process: the refresh token in the options works only once.
 *
 * @example
 * ```ts
 * const options: SmartsheetOAuthOptions = { clientId, clientSecret, refreshToken, store: new FileTokenStore({ path: '.tokens.json' }) };
 * ```
 */
export interface SmartsheetOAuthOptions extends SmartsheetCommonOptions, ProviderOAuthOptions, ProviderRefreshTokenOptions {
  /** The app's client id. */
  readonly clientId: string;
  /** The app's secret (sent as `client_secret` in the body). */
  readonly clientSecret: string;
  /** Only with the static form. */
  readonly token?: never;
}

/**
 * Options of {@link smartsheetAuth}.
 *
 * @example
 * ```ts
 * const options: SmartsheetAuthOptions = { token: process.env.SMARTSHEET_TOKEN ?? '' };
 * ```
 */
export type SmartsheetAuthOptions = SmartsheetTokenAuthOptions | SmartsheetOAuthOptions;

/**
 * Smartsheet with an API access token: `Authorization: Bearer <token>`.
 *
 * @example
 * ```ts
 * const auth = smartsheetAuth({ token: process.env.SMARTSHEET_TOKEN ?? '' });
 * ```
 */
export function smartsheetAuth(options: SmartsheetTokenAuthOptions): ProviderAuthenticator;
/**
 * Smartsheet OAuth: refreshed at `/2.0/token` with `client_secret` in the body. Every refresh
 * rotates the refresh token: the new one is stored before the new access token is used and the
 * old one is never sent again.
 *
 * @example
 * ```ts
 * const auth = smartsheetAuth({ clientId, clientSecret, refreshToken, store });
 * const api = authFetch(auth, { origins: ['https://api.smartsheet.com'] });
 * await api('https://api.smartsheet.com/2.0/sheets');
 * ```
 */
export function smartsheetAuth(options: SmartsheetOAuthOptions): ProviderTokenAuthenticator;
/**
 * Smartsheet, either form (see the other signatures).
 *
 * @example
 * ```ts
 * const auth = smartsheetAuth(settings as SmartsheetAuthOptions);
 * ```
 */
export function smartsheetAuth(options: SmartsheetAuthOptions): ProviderAuthenticator;
export function smartsheetAuth(options: SmartsheetAuthOptions): ProviderAuthenticator {
  checkProviderOptions('smartsheet', options);
  const region = options.region ?? 'us';
  if (!Object.hasOwn(regions, region)) throw invalidConfig('smartsheet.region', "'us', 'eu' or 'gov'");
  const hosts = regions[region];
  const baseUrl = checkUrl(options.baseUrl, hosts.api, 'smartsheet.baseUrl');
  if (options.token !== undefined) return asProvider(bearerAuth({ token: requiredString(options.token, 'smartsheet.token') }), 'smartsheet', baseUrl);
  return asProvider(
    oauth2Auth({
      ...oauthPassThrough(options),
      grant: 'refresh_token',
      tokenUrl: options.tokenUrl ?? `${hosts.api}/token`,
      clientId: requiredString(options.clientId, 'smartsheet.clientId'),
      clientSecret: options.clientSecret,
      clientAuth: 'client_secret_post',
      ...refreshStart(options),
    }),
    'smartsheet',
    baseUrl,
  );
}
