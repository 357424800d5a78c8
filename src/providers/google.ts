import { invalidConfig } from '../errors.js';
import { oauth2Auth } from '../oauth2/oauth2-auth.js';
import { parseServiceAccount } from '../oauth2/service-account.js';
import type { ServiceAccountKey } from '../oauth2/types.js';
import { optionalString, requiredString, tokenList } from '../validate/values.js';
import { asProvider, checkUrl, oauthPassThrough, refreshStart } from './internal/preset-auth.js';
import type { ProviderOAuthOptions, ProviderPreset, ProviderRefreshTokenOptions, ProviderTokenAuthenticator } from './types.js';
import { checkProviderOptions } from './option-names.js';

const tokenEndpoint = 'https://oauth2.googleapis.com/token';
const apiUrl = 'https://www.googleapis.com';

/**
 * Google's endpoints. A refresh token is issued only when the authorization request asks for
 * offline access (`access_type=offline`), and again on a later consent only with
 * `prompt=consent`: both are in `authorization.params`.
 *
 * @see https://developers.google.com/identity/protocols/oauth2/web-server#offline
 * @example
 * ```ts
 * googlePreset.authorization!.params; // { access_type: 'offline', prompt: 'consent' }
 * ```
 */
export const googlePreset: ProviderPreset = Object.freeze({
  name: 'google',
  title: 'Google',
  baseUrl: apiUrl,
  tokenUrl: tokenEndpoint,
  authorization: Object.freeze({
    url: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: tokenEndpoint,
    responseType: 'code',
    params: Object.freeze({ access_type: 'offline', prompt: 'consent' }),
    defaultScopes: Object.freeze([]),
    scopeSeparator: ' ',
    clientAuth: 'client_secret_post',
  }),
  docs: 'https://developers.google.com/identity/protocols/oauth2',
} as const);

/**
 * {@link googleAuth} with a service account: a JWT signed with the account's key is exchanged
 * at `https://oauth2.googleapis.com/token` (RFC 7523), the scopes in its `scope` claim.
 *
 * @example
 * ```ts
 * const options: GoogleServiceAccountOptions = { serviceAccount: readFileSync('sa.json', 'utf8'), scope: ['https://www.googleapis.com/auth/drive.readonly'] };
 * ```
 */
export interface GoogleServiceAccountOptions extends ProviderOAuthOptions {
  /** The service-account key file: its JSON text or the parsed object. */
  readonly serviceAccount: ServiceAccountKey | string;
  /** The scopes (required by Google), e.g. `https://www.googleapis.com/auth/cloud-platform`. */
  readonly scope: readonly string[];
  /** A Workspace user to act as (domain-wide delegation): the assertion's `sub`. */
  readonly subject?: string;
  /** Origins the key file's `token_uri` may point to (ignored when `tokenUrl` is given). */
  readonly tokenUrlAllowList?: readonly string[];
  /** Only with the user form. */
  readonly refreshToken?: never;
}

/**
 * {@link googleAuth} for a user who consented with `access_type=offline`, from the refresh token.
 *
 * @example
 * ```ts
 * const options: GoogleUserAuthOptions = { clientId, clientSecret, refreshToken };
 * ```
 */
export interface GoogleUserAuthOptions extends ProviderOAuthOptions, ProviderRefreshTokenOptions {
  /** The OAuth client id. */
  readonly clientId: string;
  /** The OAuth client secret (sent in the body); leave out for clients without one. */
  readonly clientSecret?: string;
  /** Only with the service-account form. */
  readonly serviceAccount?: never;
}

/**
 * Options of {@link googleAuth}.
 *
 * @example
 * ```ts
 * const options: GoogleAuthOptions = { clientId, clientSecret, refreshToken };
 * ```
 */
export type GoogleAuthOptions = GoogleServiceAccountOptions | GoogleUserAuthOptions;

/**
 * Google APIs: a service account (`jwt_bearer`, scopes in the assertion, optional `subject` for
 * domain-wide delegation), or a user's offline refresh token (client id and secret in the body;
 * a revoked or expired grant is `ERR_AUTH_REAUTH_REQUIRED`).
 *
 * @see https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 * @example
 * ```ts
 * const auth = googleAuth({ serviceAccount: readFileSync('sa.json', 'utf8'), scope: ['https://www.googleapis.com/auth/drive.readonly'] });
 * const api = authFetch(auth, { origins: ['https://www.googleapis.com'] });
 * await api('https://www.googleapis.com/drive/v3/files');
 * ```
 */
export function googleAuth(options: GoogleAuthOptions): ProviderTokenAuthenticator {
  checkProviderOptions('google', options);
  const baseUrl = checkUrl(options.baseUrl, apiUrl, 'google.baseUrl');
  if (options.serviceAccount !== undefined) {
    const scope = tokenList(options.scope, 'google.scope');
    if (scope.length === 0) throw invalidConfig('google.scope', 'at least one scope (Google requires a scope for service accounts)');
    const subject = optionalString(options.subject, 'google.subject');
    const serviceAccount = parseServiceAccount(options.serviceAccount);
    // The key file's token_uri (checked against the allow-list) unless tokenUrl is given; Google's endpoint if it has none.
    const tokenUrl = options.tokenUrl ?? (serviceAccount.token_uri === undefined ? tokenEndpoint : undefined);
    return asProvider(
      oauth2Auth({
        ...oauthPassThrough(options),
        grant: 'jwt_bearer',
        serviceAccount,
        ...(tokenUrl === undefined ? {} : { tokenUrl }),
        ...(options.tokenUrlAllowList === undefined ? {} : { tokenUrlAllowList: options.tokenUrlAllowList }),
        scope,
        scopeIn: 'assertion',
        ...(subject === undefined ? {} : { assertion: { subject } }),
      }),
      'google',
      baseUrl,
    );
  }
  const clientId = requiredString(options.clientId, 'google.clientId');
  return asProvider(
    oauth2Auth({
      ...oauthPassThrough(options),
      grant: 'refresh_token',
      tokenUrl: options.tokenUrl ?? tokenEndpoint,
      clientId,
      ...(options.clientSecret === undefined ? { clientAuth: 'none' as const } : { clientSecret: options.clientSecret, clientAuth: 'client_secret_post' as const }),
      ...refreshStart(options),
    }),
    'google',
    baseUrl,
  );
}
