import { oauth2Auth } from '../oauth2/oauth2-auth.js';
import { optionalString, requiredString } from '../validate/values.js';
import { bearerAuth } from '../strategies/bearer.js';
import { asProvider, checkUrl, oauthPassThrough, refreshStart, withRequestHeaders } from './internal/preset-auth.js';
import { baseFetch, errorsInSuccessBody } from './internal/token-fetch.js';
import type {
  ProviderAuthenticator, ProviderCommonOptions, ProviderOAuthOptions, ProviderPreset, ProviderRefreshTokenOptions, ProviderTokenAuthenticator,
} from './types.js';
import { checkProviderOptions } from './option-names.js';

const apiUrl = 'https://api.github.com';
const webUrl = 'https://github.com';

/**
 * GitHub's endpoints and authorization parameters. The token endpoint answers errors with HTTP
 * 200 and an `error` field; user access tokens of GitHub Apps expire after 8 hours and their
 * refresh tokens are single-use.
 *
 * @see https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens
 * @example
 * ```ts
 * const url = new URL(githubPreset.authorization!.url);
 * ```
 */
export const githubPreset: ProviderPreset = Object.freeze({
  name: 'github',
  title: 'GitHub',
  baseUrl: apiUrl,
  tokenUrl: `${webUrl}/login/oauth/access_token`,
  authorization: Object.freeze({
    url: `${webUrl}/login/oauth/authorize`,
    tokenUrl: `${webUrl}/login/oauth/access_token`,
    responseType: 'code',
    params: Object.freeze({}),
    defaultScopes: Object.freeze([]),
    scopeSeparator: ' ',
    clientAuth: 'client_secret_post',
  }),
  docs: 'https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api',
} as const);

/**
 * {@link githubAuth} with a token that does not expire by itself: a personal access token
 * (classic or fine-grained), an OAuth app token or an installation token.
 *
 * @example
 * ```ts
 * const options: GitHubTokenAuthOptions = { token: process.env.GITHUB_TOKEN ?? '' };
 * ```
 */
export interface GitHubTokenAuthOptions extends ProviderCommonOptions {
  /** The token, sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** Pins the REST API version with `X-GitHub-Api-Version` (e.g. `2022-11-28`) unless a request sets it. */
  readonly apiVersion?: string;
  /** Only with the refreshing form. */
  readonly refreshToken?: never;
}

/**
 * {@link githubAuth} for a GitHub App's expiring user access token: refreshed with its
 * single-use refresh token, which rotates on every refresh.
 *
 * @example
 * ```ts
 * const options: GitHubAppUserAuthOptions = { clientId: 'Iv1.abc', clientSecret, refreshToken: saved.refreshToken };
 * ```
 */
export interface GitHubAppUserAuthOptions extends ProviderOAuthOptions, ProviderRefreshTokenOptions {
  /** The GitHub App's client id (not its app id). */
  readonly clientId: string;
  /** The GitHub App's client secret; leave out for tokens from the device flow. */
  readonly clientSecret?: string;
  /** GitHub Enterprise Server, e.g. `https://github.example.com`: token URL and API base URL follow from it. */
  readonly serverUrl?: string;
  /** Pins the REST API version with `X-GitHub-Api-Version` unless a request sets it. */
  readonly apiVersion?: string;
  /** Only with the static form. */
  readonly token?: never;
}

/**
 * Options of {@link githubAuth}: a static token, or a GitHub App user token with its refresh token.
 *
 * @example
 * ```ts
 * const options: GitHubAuthOptions = { token: process.env.GITHUB_TOKEN ?? '' };
 * ```
 */
export type GitHubAuthOptions = GitHubTokenAuthOptions | GitHubAppUserAuthOptions;

/**
 * GitHub with a token that does not expire by itself: `Authorization: Bearer <token>`.
 *
 * @example
 * ```ts
 * const auth = githubAuth({ token: process.env.GITHUB_TOKEN ?? '', apiVersion: '2022-11-28' });
 * const api = authFetch(auth, { origins: [auth.baseUrl ?? ''] });
 * ```
 */
export function githubAuth(options: GitHubTokenAuthOptions): ProviderAuthenticator;
/**
 * GitHub with a GitHub App's expiring user access token, refreshed at
 * `https://github.com/login/oauth/access_token` with its rotating refresh token. An error in a
 * 200 answer is an error; `bad_refresh_token` is `ERR_AUTH_REAUTH_REQUIRED`.
 *
 * @example
 * ```ts
 * const auth = githubAuth({ clientId: 'Iv1.abc', clientSecret: process.env.GITHUB_CLIENT_SECRET ?? '', refreshToken, store });
 * ```
 */
export function githubAuth(options: GitHubAppUserAuthOptions): ProviderTokenAuthenticator;
/**
 * GitHub, either form (see the other signatures).
 *
 * @example
 * ```ts
 * const auth = githubAuth(JSON.parse(settings) as GitHubAuthOptions);
 * ```
 */
export function githubAuth(options: GitHubAuthOptions): ProviderAuthenticator;
export function githubAuth(options: GitHubAuthOptions): ProviderAuthenticator {
  checkProviderOptions('github', options);
  const apiVersion = optionalString(options.apiVersion, 'github.apiVersion');
  const headers = { 'X-GitHub-Api-Version': apiVersion };
  if (options.token !== undefined) {
    const baseUrl = checkUrl(options.baseUrl, apiUrl, 'github.baseUrl');
    return asProvider(withRequestHeaders(bearerAuth({ token: requiredString(options.token, 'github.token') }), headers), 'github', baseUrl);
  }
  const serverUrl = checkUrl(options.serverUrl, webUrl, 'github.serverUrl');
  const enterprise = options.serverUrl !== undefined;
  const baseUrl = checkUrl(options.baseUrl, enterprise ? `${serverUrl}/api/v3` : apiUrl, 'github.baseUrl');
  const auth = oauth2Auth({
    ...oauthPassThrough(options),
    grant: 'refresh_token',
    tokenUrl: options.tokenUrl ?? `${serverUrl}/login/oauth/access_token`,
    clientId: options.clientId,
    ...(options.clientSecret === undefined ? { clientAuth: 'none' as const } : { clientSecret: options.clientSecret, clientAuth: 'client_secret_post' as const }),
    ...refreshStart(options),
    fetch: errorsInSuccessBody(baseFetch(options.fetch), {
      detect: (body) => (typeof body.error === 'string' && body.access_token === undefined ? body.error : undefined),
      reauth: ['bad_refresh_token', 'invalid_grant'],
    }),
  });
  return asProvider(withRequestHeaders(auth, headers), 'github', baseUrl);
}
