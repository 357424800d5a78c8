import { invalidConfig, isAuthError } from '../errors.js';
import { checkEndpointUrl } from '../oauth2/endpoint-url.js';
import { lifecycleOptions } from '../oauth2/lifecycle-options.js';
import { requestToken } from '../oauth2/token-request.js';
import { requiredString } from '../oauth2/validate.js';
import { bearerAuth } from '../strategies/bearer.js';
import { loadJose } from '../strategies/jose.js';
import type { Token } from '../token.js';
import { createTokenAuthenticator, type TokenAuthenticator } from '../token-authenticator.js';
import { computeExpiresAt } from '../token-expiry.js';
import { TokenManager } from '../token-manager/token-manager.js';
import type { FetchToken } from '../token-manager/types.js';
import { asProvider, checkUrl } from './internal/preset-auth.js';
import { baseFetch } from './internal/token-fetch.js';
import type { ProviderAuthenticator, ProviderCommonOptions, ProviderOAuthOptions, ProviderPreset, ProviderTokenAuthenticator } from './types.js';
import { checkProviderOptions } from './option-names.js';

const apiUrl = 'https://api.baserow.io';
/** Baserow's default access-token lifetime (10 minutes), used when a JWT carries no `exp`. */
const defaultJwtLifetime = 600;

/**
 * Baserow's API host (self-hosted instances: their own host as `baseUrl`). User JWTs go in
 * `Authorization: JWT <token>`, database tokens in `Authorization: Token <token>`.
 *
 * @see https://baserow.io/docs/apis%2Frest-api
 * @example
 * ```ts
 * baserowPreset.baseUrl; // https://api.baserow.io
 * ```
 */
export const baserowPreset: ProviderPreset = Object.freeze({
  name: 'baserow',
  title: 'Baserow',
  baseUrl: apiUrl,
  tokenUrl: `${apiUrl}/api/user/token-auth/`,
  docs: 'https://baserow.io/user-docs/personal-api-tokens',
} as const);

/**
 * {@link baserowAuth} with a database token (row endpoints, scoped by the token's permissions).
 *
 * @example
 * ```ts
 * const options: BaserowDatabaseTokenOptions = { databaseToken: process.env.BASEROW_TOKEN ?? '' };
 * ```
 */
export interface BaserowDatabaseTokenOptions extends ProviderCommonOptions {
  /** The database token, sent as `Authorization: Token <token>`. */
  readonly databaseToken: string;
  /** Only with the JWT form. */
  readonly jwt?: never;
  /** Only with the sign-in form. */
  readonly email?: never;
}

/**
 * {@link baserowAuth} with a user JWT obtained elsewhere (it expires after about 10 minutes).
 *
 * @example
 * ```ts
 * const options: BaserowJwtOptions = { jwt: accessToken };
 * ```
 */
export interface BaserowJwtOptions extends ProviderCommonOptions {
  /** The access JWT, sent as `Authorization: JWT <token>`. */
  readonly jwt: string;
  /** Only with the database-token form. */
  readonly databaseToken?: never;
  /** Only with the sign-in form. */
  readonly email?: never;
}

/**
 * {@link baserowAuth} signing in with e-mail and password: JWTs are obtained from
 * `/api/user/token-auth/`, refreshed at `/api/user/token-refresh/` before their `exp`, and the
 * sign-in is repeated when the refresh token is refused.
 *
 * @example
 * ```ts
 * const options: BaserowPasswordOptions = { email: 'bot@example.com', password: process.env.BASEROW_PASSWORD ?? '', baseUrl: 'https://baserow.example.com' };
 * ```
 */
export interface BaserowPasswordOptions extends Omit<ProviderOAuthOptions, 'tokenUrl' | 'cacheKey'> {
  /** The account's e-mail address. */
  readonly email: string;
  /** The account's password. */
  readonly password: string;
  /** Only with the database-token form. */
  readonly databaseToken?: never;
  /** Only with the JWT form. */
  readonly jwt?: never;
}

/**
 * Options of {@link baserowAuth}.
 *
 * @example
 * ```ts
 * const options: BaserowAuthOptions = { databaseToken: process.env.BASEROW_TOKEN ?? '' };
 * ```
 */
export type BaserowAuthOptions = BaserowDatabaseTokenOptions | BaserowJwtOptions | BaserowPasswordOptions;

/**
 * Baserow with a database token (`Authorization: Token <token>`) or a JWT obtained elsewhere
 * (`Authorization: JWT <token>`).
 *
 * @example
 * ```ts
 * const auth = baserowAuth({ databaseToken: process.env.BASEROW_TOKEN ?? '' });
 * const api = authFetch(auth, { origins: [auth.baseUrl ?? ''] });
 * await api(`https://api.baserow.io/api/database/rows/table/${tableId}/?user_field_names=true`);
 * ```
 */
export function baserowAuth(options: BaserowDatabaseTokenOptions | BaserowJwtOptions): ProviderAuthenticator;
/**
 * Baserow signing in with e-mail and password: `Authorization: JWT <token>`, each JWT refreshed
 * before its `exp`, a new sign-in when the refresh token is refused, a 401 answered with one
 * refresh and one retry.
 *
 * @example
 * ```ts
 * const auth = baserowAuth({ email, password: process.env.BASEROW_PASSWORD ?? '', baseUrl: 'https://baserow.example.com' });
 * ```
 */
export function baserowAuth(options: BaserowPasswordOptions): ProviderTokenAuthenticator;
/**
 * Baserow, any form (see the other signatures).
 *
 * @example
 * ```ts
 * const auth = baserowAuth(settings as BaserowAuthOptions);
 * ```
 */
export function baserowAuth(options: BaserowAuthOptions): ProviderAuthenticator;
export function baserowAuth(options: BaserowAuthOptions): ProviderAuthenticator {
  checkProviderOptions('baserow', options);
  const baseUrl = checkUrl(options.baseUrl, apiUrl, 'baserow.baseUrl');
  if (options.databaseToken !== undefined) {
    return asProvider(bearerAuth({ token: requiredString(options.databaseToken, 'baserow.databaseToken'), prefix: 'Token' }), 'baserow', baseUrl);
  }
  if (options.jwt !== undefined) return asProvider(bearerAuth({ token: requiredString(options.jwt, 'baserow.jwt'), prefix: 'JWT' }), 'baserow', baseUrl);
  return asProvider(passwordAuth(options, baseUrl), 'baserow', baseUrl);
}

/** Sign-in, refresh and re-sign-in through a {@link TokenManager}. */
function passwordAuth(options: BaserowPasswordOptions, baseUrl: string): TokenAuthenticator {
  const email = requiredString(options.email, 'baserow.email');
  const password: unknown = options.password;
  if (typeof password !== 'string' || password === '') throw invalidConfig('baserow.password', 'a non-empty string');
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const loginUrl = checkEndpointUrl(`${baseUrl}/api/user/token-auth/`, 'baserow.baseUrl', allowInsecureHttp);
  const refreshUrl = checkEndpointUrl(`${baseUrl}/api/user/token-refresh/`, 'baserow.baseUrl', allowInsecureHttp);
  const fetch = baseFetch(options.fetch);
  const call = (grant: string, url: URL, params: URLSearchParams, secret: string, signal: AbortSignal): Promise<Token> =>
    requestToken({ grant, url, params, format: 'json', headers: new Headers(), signal, mapping: undefined, secrets: [secret], invalidGrantMeansReauth: false, fetch })
      .then(withJwtExpiry);
  const fetchToken: FetchToken = async ({ previous, signal }) => {
    const refreshToken = previous?.refreshToken;
    if (refreshToken !== undefined) {
      try {
        return await call('baserow token-refresh', refreshUrl, new URLSearchParams({ refresh_token: refreshToken }), refreshToken, signal);
      } catch (error) {
        // A refused refresh token (expired, blacklisted): sign in again. Retryable failures go to the backoff.
        if (!isAuthError(error) || error.details.retryable === true) throw error;
      }
    }
    return call('baserow token-auth', loginUrl, new URLSearchParams({ email, password }), password, signal);
  };
  const manager = new TokenManager({ ...lifecycleOptions(options), key: { grant: 'baserow:password', tokenUrl: loginUrl.href, subject: email }, fetchToken, name: 'baserow:jwt' });
  return createTokenAuthenticator({ name: 'jwt', manager, placement: { in: 'header', name: 'Authorization', prefix: 'JWT' }, ...(options.tls === undefined ? {} : { tls: options.tls }) });
}

/** The token with its expiry from the JWT's `exp` (Baserow's answers carry no lifetime). */
async function withJwtExpiry(token: Token): Promise<Token> {
  const { decodeJwt } = await loadJose();
  let exp: unknown;
  try {
    exp = decodeJwt(token.accessToken).exp;
  } catch {
    exp = undefined;
  }
  return { ...token, expiresAt: computeExpiresAt({ expiresAt: exp }, token.issuedAt, { defaultExpiresIn: defaultJwtLifetime, expiresAtFormat: 'epoch-seconds' }) };
}
