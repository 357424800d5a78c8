import { invalidConfig } from '../errors.js';
import { oauth2Auth } from '../oauth2/oauth2-auth.js';
import { requiredString } from '../validate/values.js';
import { tokenCacheKey } from '../token-manager/key.js';
import { asProvider, checkUrl, oauthPassThrough, refreshStart } from './internal/preset-auth.js';
import type { ProviderOAuthOptions, ProviderPreset, ProviderRefreshTokenOptions, ProviderTokenAuthenticator } from './types.js';
import { checkProviderOptions } from './option-names.js';

const apiUrl = 'https://api.box.com/2.0';
const tokenEndpoint = 'https://api.box.com/oauth2/token';

/**
 * Box's endpoints. Client credentials and refreshes send `client_id` and `client_secret` in the
 * body; refresh tokens are single-use (60 days), access tokens live about an hour.
 *
 * @see https://developer.box.com/guides/authentication/client-credentials/
 * @example
 * ```ts
 * const authorizeUrl = boxPreset.authorization!.url; // https://account.box.com/api/oauth2/authorize
 * ```
 */
export const boxPreset: ProviderPreset = Object.freeze({
  name: 'box',
  title: 'Box',
  baseUrl: apiUrl,
  tokenUrl: tokenEndpoint,
  authorization: Object.freeze({
    url: 'https://account.box.com/api/oauth2/authorize',
    tokenUrl: tokenEndpoint,
    responseType: 'code',
    params: Object.freeze({}),
    defaultScopes: Object.freeze([]),
    scopeSeparator: ' ',
    clientAuth: 'client_secret_post',
  }),
  docs: 'https://developer.box.com/guides/authentication/',
} as const);

/**
 * {@link boxAuth} with the Client Credentials Grant (server authentication): a token for the
 * enterprise's service account or for one user.
 *
 * @example
 * ```ts
 * const options: BoxClientCredentialsOptions = { clientId, clientSecret, subjectType: 'enterprise', subjectId: '123456' };
 * ```
 */
export interface BoxClientCredentialsOptions extends ProviderOAuthOptions {
  /** The app's client id. */
  readonly clientId: string;
  /** The app's client secret. */
  readonly clientSecret: string;
  /** `enterprise` (the app's service account) or `user` (a managed or app user). Sent as `box_subject_type`. */
  readonly subjectType: 'enterprise' | 'user';
  /** The enterprise id or user id. Sent as `box_subject_id`. */
  readonly subjectId: string;
  /** Only with the refresh-token form. */
  readonly refreshToken?: never;
}

/**
 * {@link boxAuth} for a user who authorized the app (standard OAuth 2.0), from the refresh token.
 *
 * @example
 * ```ts
 * const options: BoxUserAuthOptions = { clientId, clientSecret, refreshToken };
 * ```
 */
export interface BoxUserAuthOptions extends ProviderOAuthOptions, ProviderRefreshTokenOptions {
  /** The app's client id. */
  readonly clientId: string;
  /** The app's client secret. */
  readonly clientSecret: string;
  /** Only with the client credentials form. */
  readonly subjectType?: never;
}

/**
 * Options of {@link boxAuth}.
 *
 * @example
 * ```ts
 * const options: BoxAuthOptions = { clientId, clientSecret, subjectType: 'user', subjectId: '987' };
 * ```
 */
export type BoxAuthOptions = BoxClientCredentialsOptions | BoxUserAuthOptions;

/**
 * Box: the Client Credentials Grant with `box_subject_type` / `box_subject_id` (one cached token
 * per subject), or a user's single-use refresh token (rotated at each refresh). Client
 * credentials go in the body.
 *
 * @see https://developer.box.com/reference/post-oauth2-token/
 * @example
 * ```ts
 * const auth = boxAuth({ clientId, clientSecret, subjectType: 'enterprise', subjectId: process.env.BOX_ENTERPRISE_ID ?? '' });
 * const api = authFetch(auth, { origins: ['https://api.box.com'] });
 * await api('https://api.box.com/2.0/folders/0/items');
 * ```
 */
export function boxAuth(options: BoxAuthOptions): ProviderTokenAuthenticator {
  checkProviderOptions('box', options);
  const clientId = requiredString(options.clientId, 'box.clientId');
  const baseUrl = checkUrl(options.baseUrl, apiUrl, 'box.baseUrl');
  const tokenUrl = options.tokenUrl ?? tokenEndpoint;
  const common = { ...oauthPassThrough(options), tokenUrl, clientId, clientSecret: options.clientSecret, clientAuth: 'client_secret_post' as const };
  if (options.refreshToken !== undefined) {
    return asProvider(oauth2Auth({ ...common, grant: 'refresh_token', ...refreshStart(options) }), 'box', baseUrl);
  }
  const subjectType: unknown = options.subjectType;
  if (subjectType !== 'enterprise' && subjectType !== 'user') throw invalidConfig('box.subjectType', "'enterprise' or 'user'");
  const subjectId = requiredString(options.subjectId, 'box.subjectId');
  return asProvider(
    oauth2Auth({
      ...common,
      grant: 'client_credentials',
      extraParams: { box_subject_type: subjectType, box_subject_id: subjectId },
      // One token per subject: the computed key would not tell two subjects of one app apart.
      cacheKey: options.cacheKey ?? tokenCacheKey({ grant: 'client_credentials', tokenUrl: String(tokenUrl), clientId, subject: `${subjectType}:${subjectId}` }),
    }),
    'box',
    baseUrl,
  );
}
