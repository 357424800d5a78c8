import { oauth2Auth } from '../oauth2/oauth2-auth.js';
import { requiredString } from '../validate/values.js';
import { bearerAuth } from '../strategies/bearer.js';
import { asProvider, checkUrl, oauthPassThrough, refreshStart } from './internal/preset-auth.js';
import { baseFetch, errorsInSuccessBody } from './internal/token-fetch.js';
import type {
  ProviderAuthenticator, ProviderCommonOptions, ProviderOAuthOptions, ProviderPreset, ProviderRefreshTokenOptions, ProviderTokenAuthenticator,
} from './types.js';
import { checkProviderOptions } from './option-names.js';

const apiUrl = 'https://slack.com/api';
const tokenEndpoint = 'https://slack.com/api/oauth.v2.access';

/**
 * Slack's endpoints (OAuth v2). Bot scopes go in `scope` and user scopes in `user_scope`, both
 * comma-separated; the code exchange returns the bot token at the top and the user token under
 * `authed_user`. Errors come back as HTTP 200 with `ok: false`.
 *
 * @see https://docs.slack.dev/authentication/installing-with-oauth
 * @example
 * ```ts
 * slackPreset.authorization!.scopeSeparator; // ','
 * ```
 */
export const slackPreset: ProviderPreset = Object.freeze({
  name: 'slack',
  title: 'Slack',
  baseUrl: apiUrl,
  tokenUrl: tokenEndpoint,
  authorization: Object.freeze({
    url: 'https://slack.com/oauth/v2/authorize',
    tokenUrl: tokenEndpoint,
    responseType: 'code',
    params: Object.freeze({}),
    defaultScopes: Object.freeze([]),
    scopeSeparator: ',',
    clientAuth: 'client_secret_basic',
    userScopeParam: 'user_scope',
    userTokenResponse: Object.freeze({
      accessToken: 'authed_user.access_token',
      tokenType: 'authed_user.token_type',
      refreshToken: 'authed_user.refresh_token',
      expiresIn: 'authed_user.expires_in',
      scope: 'authed_user.scope',
    }),
  }),
  docs: 'https://docs.slack.dev/authentication/using-token-rotation',
} as const);

/**
 * {@link slackAuth} with a token that does not expire (an app without token rotation).
 *
 * @example
 * ```ts
 * const options: SlackTokenAuthOptions = { token: process.env.SLACK_BOT_TOKEN ?? '' };
 * ```
 */
export interface SlackTokenAuthOptions extends ProviderCommonOptions {
  /** A bot (`xoxb-`) or user (`xoxp-`) token. */
  readonly token: string;
  /** Only with the rotating form. */
  readonly refreshToken?: never;
}

/**
 * {@link slackAuth} with token rotation: a 12-hour token refreshed with a single-use refresh
 * token (`xoxe-1-…`) at `oauth.v2.access`.
 *
 * @example
 * ```ts
 * const options: SlackRotatingAuthOptions = { clientId, clientSecret, refreshToken: saved.refreshToken };
 * ```
 */
export interface SlackRotatingAuthOptions extends ProviderOAuthOptions, ProviderRefreshTokenOptions {
  /** The app's client id. */
  readonly clientId: string;
  /** The app's client secret (sent with HTTP Basic, as Slack prefers). */
  readonly clientSecret: string;
  /** Only with the static form. */
  readonly token?: never;
}

/**
 * Options of {@link slackAuth}.
 *
 * @example
 * ```ts
 * const options: SlackAuthOptions = { token: process.env.SLACK_BOT_TOKEN ?? '' };
 * ```
 */
export type SlackAuthOptions = SlackTokenAuthOptions | SlackRotatingAuthOptions;

/**
 * Slack with a bot or user token that does not expire: `Authorization: Bearer <token>`.
 *
 * @example
 * ```ts
 * const auth = slackAuth({ token: process.env.SLACK_BOT_TOKEN ?? '' });
 * ```
 */
export function slackAuth(options: SlackTokenAuthOptions): ProviderAuthenticator;
/**
 * Slack with token rotation: refreshed at `https://slack.com/api/oauth.v2.access` with HTTP Basic
 * client authentication; the rotated refresh token is stored before use; `ok: false` answers are
 * errors (`invalid_refresh_token` is `ERR_AUTH_REAUTH_REQUIRED`). Bot and user tokens alike are
 * sent as `Bearer`, whatever `token_type` says.
 *
 * @see https://docs.slack.dev/authentication/using-token-rotation
 * @example
 * ```ts
 * const auth = slackAuth({ clientId, clientSecret, refreshToken, store });
 * const api = authFetch(auth, { origins: ['https://slack.com'] });
 * await api('https://slack.com/api/auth.test', { method: 'POST' });
 * ```
 */
export function slackAuth(options: SlackRotatingAuthOptions): ProviderTokenAuthenticator;
/**
 * Slack, either form (see the other signatures).
 *
 * @example
 * ```ts
 * const auth = slackAuth(settings as SlackAuthOptions);
 * ```
 */
export function slackAuth(options: SlackAuthOptions): ProviderAuthenticator;
export function slackAuth(options: SlackAuthOptions): ProviderAuthenticator {
  checkProviderOptions('slack', options);
  const baseUrl = checkUrl(options.baseUrl, apiUrl, 'slack.baseUrl');
  if (options.token !== undefined) return asProvider(bearerAuth({ token: requiredString(options.token, 'slack.token') }), 'slack', baseUrl);
  return asProvider(
    oauth2Auth({
      ...oauthPassThrough(options),
      grant: 'refresh_token',
      tokenUrl: options.tokenUrl ?? tokenEndpoint,
      clientId: requiredString(options.clientId, 'slack.clientId'),
      clientSecret: options.clientSecret,
      clientAuth: 'client_secret_basic',
      ...refreshStart(options),
      fetch: errorsInSuccessBody(baseFetch(options.fetch), {
        detect: (body) => (body.ok === false ? (typeof body.error === 'string' ? body.error : 'unknown_error') : undefined),
        reauth: ['invalid_refresh_token', 'token_revoked'],
        retry: ['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited'],
      }),
    }),
    'slack',
    baseUrl,
  );
}
