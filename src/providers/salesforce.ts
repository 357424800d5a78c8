import { isLoopback } from '../adapter-kit/origin-policy.js';
import { AuthError, invalidConfig } from '../errors.js';
import { oauth2Auth } from '../oauth2/oauth2-auth.js';
import type { SigningKeyInput } from '../oauth2/types.js';
import { optionalString, requiredString } from '../validate/values.js';
import type { TokenResponseMapping } from '../token.js';
import type { GetTokenOptions } from '../token-manager/types.js';
import { asProvider, checkUrl, oauthPassThrough, refreshStart } from './internal/preset-auth.js';
import type { ProviderOAuthOptions, ProviderPreset, ProviderRefreshTokenOptions, ProviderTokenAuthenticator } from './types.js';
import { checkProviderOptions } from './option-names.js';

const defaultLoginUrl = 'https://login.salesforce.com';
/** Salesforce's default session timeout: token responses carry no `expires_in`. */
const defaultSessionTimeout = 7200;

/**
 * Salesforce's endpoints (production login host; sandboxes use `https://test.salesforce.com`,
 * orgs with My Domain their own host). Token responses have no `expires_in` and name the org's
 * API host in `instance_url`.
 *
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flows.htm
 * @example
 * ```ts
 * const scopes = salesforcePreset.authorization!.defaultScopes; // ['api', 'refresh_token']
 * ```
 */
export const salesforcePreset: ProviderPreset = Object.freeze({
  name: 'salesforce',
  title: 'Salesforce',
  tokenUrl: `${defaultLoginUrl}/services/oauth2/token`,
  authorization: Object.freeze({
    url: `${defaultLoginUrl}/services/oauth2/authorize`,
    tokenUrl: `${defaultLoginUrl}/services/oauth2/token`,
    responseType: 'code',
    params: Object.freeze({}),
    defaultScopes: Object.freeze(['api', 'refresh_token']),
    scopeSeparator: ' ',
    clientAuth: 'client_secret_post',
  }),
  docs: 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flows.htm',
} as const);

/**
 * Options every form of {@link salesforceAuth} takes.
 *
 * @example
 * ```ts
 * const common: SalesforceCommonOptions = { clientId: 'consumer-key', loginUrl: 'https://test.salesforce.com', sessionTimeout: 900 };
 * ```
 */
export interface SalesforceCommonOptions extends ProviderOAuthOptions {
  /** The connected app's consumer key. */
  readonly clientId: string;
  /** The login host: `https://login.salesforce.com` (default), `https://test.salesforce.com`, or the org's My Domain URL. */
  readonly loginUrl?: string;
  /** The org's session timeout in seconds, taken as each token's lifetime (Salesforce sends none). Default 7200. */
  readonly sessionTimeout?: number;
}

/**
 * {@link salesforceAuth} from a refresh token (web server or user-agent flow).
 *
 * @example
 * ```ts
 * const options: SalesforceRefreshTokenOptions = { clientId, clientSecret, refreshToken };
 * ```
 */
export interface SalesforceRefreshTokenOptions extends SalesforceCommonOptions, ProviderRefreshTokenOptions {
  /** Selects the refresh-token form (the default). */
  readonly grant?: 'refresh_token';
  /** The consumer secret; leave out when the app does not require it for refreshes. */
  readonly clientSecret?: string;
}

/**
 * {@link salesforceAuth} with the client credentials flow (needs `loginUrl` set to the My Domain URL).
 *
 * @example
 * ```ts
 * const options: SalesforceClientCredentialsOptions = { grant: 'client_credentials', clientId, clientSecret, loginUrl: 'https://acme.my.salesforce.com' };
 * ```
 */
export interface SalesforceClientCredentialsOptions extends SalesforceCommonOptions {
  /** Selects the client credentials flow. */
  readonly grant: 'client_credentials';
  /** The consumer secret. */
  readonly clientSecret: string;
}

/**
 * {@link salesforceAuth} with the JWT bearer flow: an assertion signed with the certificate's
 * private key, for a pre-authorized user.
 *
 * @example
 * ```ts
 * const options: SalesforceJwtBearerOptions = { grant: 'jwt_bearer', clientId, privateKey: pem, username: 'integration@acme.com' };
 * ```
 */
export interface SalesforceJwtBearerOptions extends SalesforceCommonOptions {
  /** Selects the JWT bearer flow. */
  readonly grant: 'jwt_bearer';
  /** The private key whose certificate is uploaded to the connected app. */
  readonly privateKey: SigningKeyInput;
  /** The Salesforce user name the token is for (the assertion's `sub`). */
  readonly username: string;
  /** The assertion's `aud`. Default: the login host's origin. */
  readonly audience?: string;
}

/**
 * Options of {@link salesforceAuth}, chosen by `grant`.
 *
 * @example
 * ```ts
 * const options: SalesforceAuthOptions = { clientId, clientSecret, refreshToken };
 * ```
 */
export type SalesforceAuthOptions = SalesforceRefreshTokenOptions | SalesforceClientCredentialsOptions | SalesforceJwtBearerOptions;

/**
 * The authenticator {@link salesforceAuth} returns: it also knows the org's API host.
 *
 * @example
 * ```ts
 * const instanceUrl = await auth.instanceUrl(); // https://acme.my.salesforce.com
 * ```
 */
export interface SalesforceAuthenticator extends ProviderTokenAuthenticator {
  /** The org's API host from the token response's `instance_url` (fetching a token if needed), else `baseUrl`. */
  instanceUrl(options?: GetTokenOptions): Promise<string>;
}

/**
 * Salesforce: refresh token, client credentials or JWT bearer against `/services/oauth2/token`.
 * Token responses carry no expiry, so each token is taken to live `sessionTimeout` seconds (a
 * shorter org policy shows up as a 401, which refreshes once); `instance_url` is kept.
 *
 * @see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
 * @example
 * ```ts
 * const auth = salesforceAuth({ clientId, clientSecret, refreshToken, store });
 * const base = await auth.instanceUrl();
 * const api = authFetch(auth, { origins: [base] });
 * await api(`${base}/services/data/v61.0/sobjects`);
 * ```
 */
export function salesforceAuth(options: SalesforceAuthOptions): SalesforceAuthenticator {
  checkProviderOptions('salesforce', options);
  const clientId = requiredString(options.clientId, 'salesforce.clientId');
  const loginUrl = checkUrl(options.loginUrl, defaultLoginUrl, 'salesforce.loginUrl');
  const sessionTimeout = options.sessionTimeout ?? defaultSessionTimeout;
  if (typeof sessionTimeout !== 'number' || !Number.isFinite(sessionTimeout) || sessionTimeout < 60 || sessionTimeout > 86_400) {
    throw invalidConfig('salesforce.sessionTimeout', 'a number of seconds from 60 to 86400');
  }
  const baseUrl = options.baseUrl === undefined ? undefined : checkUrl(options.baseUrl, '', 'salesforce.baseUrl');
  const response: TokenResponseMapping = { defaultExpiresIn: sessionTimeout, extra: { instanceUrl: 'instance_url', id: 'id' } };
  const common = { ...oauthPassThrough(options), tokenUrl: options.tokenUrl ?? `${loginUrl}/services/oauth2/token`, response };
  let auth;
  switch (options.grant) {
    case undefined:
    case 'refresh_token':
      auth = oauth2Auth({
        ...common,
        grant: 'refresh_token',
        clientId,
        ...(options.clientSecret === undefined ? { clientAuth: 'none' as const } : { clientSecret: options.clientSecret, clientAuth: 'client_secret_post' as const }),
        ...refreshStart(options),
      });
      break;
    case 'client_credentials':
      auth = oauth2Auth({ ...common, grant: 'client_credentials', clientId, clientSecret: options.clientSecret, clientAuth: 'client_secret_post' });
      break;
    case 'jwt_bearer':
      auth = oauth2Auth({
        ...common,
        grant: 'jwt_bearer',
        assertion: {
          privateKey: options.privateKey,
          issuer: clientId,
          subject: requiredString(options.username, 'salesforce.username'),
          audience: optionalString(options.audience, 'salesforce.audience') ?? new URL(loginUrl).origin,
          expiresInSeconds: 180, // Salesforce refuses assertions valid for longer than 3 minutes.
        },
      });
      break;
    default:
      throw invalidConfig('salesforce.grant', `'refresh_token', 'client_credentials' or 'jwt_bearer' (got ${String((options as { grant: unknown }).grant)})`);
  }
  const provider = asProvider(auth, 'salesforce', baseUrl);
  return {
    ...provider,
    async instanceUrl(getOptions) {
      const token = await provider.getToken(getOptions);
      const fromToken = usableInstanceUrl(token.extra?.instanceUrl);
      if (fromToken !== undefined) return fromToken;
      if (baseUrl !== undefined) return baseUrl;
      throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'salesforce: the token response has no usable instance_url (set baseUrl to the org host)', {
        details: { retryable: false },
      });
    },
  };
}

/** An `https` URL (plain `http` only to loopback), without a trailing slash. */
function usableInstanceUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) return undefined;
  return url.origin + url.pathname.replace(/\/+$/, '');
}
