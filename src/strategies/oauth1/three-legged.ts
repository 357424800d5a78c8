// The three steps of RFC 5849 §2 one at a time: temporary credentials, the authorization URL,
// token credentials. oauth1Login runs them with a loopback server; these are for apps that
// receive the callback themselves (a web app's own route, an out-of-band PIN).
import { invalidConfig } from '../../errors.js';
import { checkOptionNames, optionNames } from '../../validate/option-names.js';
import { endpointOption, malformed, requestCredentials, requestOptions, stringRecord } from './credential-request.js';
import type { OAuth1RsaOptions, OAuth1SecretOptions } from './oauth1-auth.js';
import type { OAuth1TokenCredentials } from './token-credentials.js';

/**
 * How the consumer signs the flow's requests: {@link "authwire"!oauth1Auth}'s options without the token
 * (the flow obtains it) and without `bodyHash` (the flow sends forms).
 *
 * @example
 * ```ts
 * const consumer: OAuth1ConsumerOptions = { consumerKey: 'ck', consumerSecret: process.env.CONSUMER_SECRET ?? '' };
 * ```
 */
export type OAuth1ConsumerOptions = Omit<OAuth1SecretOptions, 'token' | 'tokenSecret' | 'bodyHash'> | Omit<OAuth1RsaOptions, 'token' | 'tokenSecret' | 'bodyHash'>;

/**
 * What every request of the flow takes besides the consumer.
 *
 * @example
 * ```ts
 * const request: OAuth1FlowRequestOptions = { signal: AbortSignal.timeout(30_000) };
 * ```
 */
export interface OAuth1FlowRequestOptions {
  /** Allow plain `http:` endpoints that are not loopback. Default `false`. */
  readonly allowInsecureHttp?: boolean;
  /** The fetch used for the flow's requests. Default `globalThis.fetch`. */
  readonly fetch?: (input: URL, init: RequestInit) => Promise<Response>;
  /** Stops the request (`ERR_AUTH_ABORTED`). */
  readonly signal?: AbortSignal;
}

/**
 * Options of {@link requestTemporaryCredentials}.
 *
 * @example
 * ```ts
 * const options: TemporaryCredentialsOptions = {
 *   consumerKey: 'ck', consumerSecret: process.env.CONSUMER_SECRET ?? '',
 *   requestTokenUrl: 'https://api.example.com/oauth/request_token', callback: 'https://app.example.com/oauth/callback',
 * };
 * ```
 */
export type TemporaryCredentialsOptions = OAuth1ConsumerOptions & OAuth1FlowRequestOptions & {
  /** The temporary credential request endpoint ("request token URL"). */
  readonly requestTokenUrl: string | URL;
  /** `oauth_callback`: an absolute URL the provider sends the user back to, or `oob` (out of band: the user copies a verifier). */
  readonly callback: string;
  /** Further form parameters the provider asks for, such as `scope` or `x_auth_access_type`. */
  readonly params?: Readonly<Record<string, string>>;
};

/**
 * Options of {@link oauth1AuthorizeUrl}.
 *
 * @example
 * ```ts
 * const options: OAuth1AuthorizeUrlOptions = { authorizeUrl: 'https://api.example.com/oauth/authorize', token: temporary.token };
 * ```
 */
export interface OAuth1AuthorizeUrlOptions {
  /** The resource owner authorization endpoint ("authorize URL"). */
  readonly authorizeUrl: string | URL;
  /** The temporary credentials' `oauth_token`. */
  readonly token: string;
  /** Further query parameters the provider takes, such as `force_login` or `perms`. */
  readonly params?: Readonly<Record<string, string>>;
  /** Allow a plain `http:` URL that is not loopback. Default `false`. */
  readonly allowInsecureHttp?: boolean;
}

/**
 * A token and its secret: the temporary credentials {@link requestTokenCredentials} exchanges.
 *
 * @example
 * ```ts
 * const temporary: OAuth1TokenPair = { token: session.oauthToken, tokenSecret: session.oauthTokenSecret };
 * ```
 */
export interface OAuth1TokenPair {
  /** `oauth_token`. */
  readonly token: string;
  /** `oauth_token_secret`. A secret. */
  readonly tokenSecret: string;
}

/**
 * Options of {@link requestTokenCredentials}.
 *
 * @example
 * ```ts
 * const options: TokenCredentialsOptions = {
 *   consumerKey: 'ck', consumerSecret: process.env.CONSUMER_SECRET ?? '',
 *   accessTokenUrl: 'https://api.example.com/oauth/access_token', temporaryCredentials: temporary, verifier,
 * };
 * ```
 */
export type TokenCredentialsOptions = OAuth1ConsumerOptions & OAuth1FlowRequestOptions & {
  /** The token request endpoint ("access token URL"). */
  readonly accessTokenUrl: string | URL;
  /** What {@link requestTemporaryCredentials} returned (or its token and secret). */
  readonly temporaryCredentials: OAuth1TokenPair;
  /** `oauth_verifier` from the callback (or the PIN the user copied). */
  readonly verifier: string;
};

const consumerNames = ['consumerKey', 'consumerSecret', 'privateKey', 'signatureMethod', 'placement', 'realm', 'allowInsecureHttp', 'fetch', 'signal'] as const;
const temporaryNames = optionNames<TemporaryCredentialsOptions>()([...consumerNames, 'requestTokenUrl', 'callback', 'params'], { consumerSecret: 'Give privateKey instead for RSA-SHA1.', privateKey: '' });
const authorizeNames = optionNames<OAuth1AuthorizeUrlOptions>()(['authorizeUrl', 'token', 'params', 'allowInsecureHttp']);
const tokenNames = optionNames<TokenCredentialsOptions>()([...consumerNames, 'accessTokenUrl', 'temporaryCredentials', 'verifier'], { consumerSecret: 'Give privateKey instead for RSA-SHA1.', privateKey: '' });

/**
 * RFC 5849 §2.1: asks the provider for temporary credentials ("request token") with a POST
 * signed by the consumer alone, carrying `oauth_callback`. The answer must hold `oauth_token`,
 * `oauth_token_secret` and `oauth_callback_confirmed=true` (OAuth 1.0a); anything else is
 * `ERR_AUTH_TOKEN_REQUEST_FAILED` naming the missing field.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.1
 * @example
 * ```ts
 * import { oauth1AuthorizeUrl, requestTemporaryCredentials } from 'authwire/oauth1';
 *
 * const temporary = await requestTemporaryCredentials({
 *   consumerKey: process.env.CONSUMER_KEY ?? '',
 *   consumerSecret: process.env.CONSUMER_SECRET ?? '',
 *   requestTokenUrl: 'https://api.example.com/oauth/request_token',
 *   callback: 'https://app.example.com/oauth/callback',
 * });
 * redirectTo(oauth1AuthorizeUrl({ authorizeUrl: 'https://api.example.com/oauth/authorize', token: temporary.token }));
 * ```
 */
export async function requestTemporaryCredentials(options: TemporaryCredentialsOptions): Promise<OAuth1TokenCredentials> {
  const where = 'requestTemporaryCredentials';
  const record = checkedRecord(options, where);
  checkOptionNames(options, temporaryNames, where);
  const url = endpointOption(record, 'requestTokenUrl', where);
  const callback = checkCallback(record.callback, `${where}.callback`);
  return temporaryCredentials(where, url, record, callback, requestOptions(record, where, 'params'));
}

/**
 * The temporary credentials request of {@link requestTemporaryCredentials} and {@link oauth1Login}, checked options in.
 *
 * @internal
 * @example
 * ```ts
 * const temporary = await temporaryCredentials('oauth1Login', url, options, redirectUri, { fetch, signal, params });
 * ```
 */
export async function temporaryCredentials(
  where: string,
  url: URL,
  consumer: Readonly<Record<string, unknown>>,
  callback: string,
  request: ReturnType<typeof requestOptions>,
): Promise<OAuth1TokenCredentials> {
  const step = 'temporary credentials request';
  const { credentials, answer } = await requestCredentials({ where, step, kind: 'temporary', url, consumer, protocol: [['oauth_callback', callback]], ...request });
  // OAuth 1.0 (without "a") providers do not confirm: their callback handling is open to session fixation.
  if (answer.get('oauth_callback_confirmed') !== 'true') {
    throw malformed(`${where}: ${step} to ${url.origin}`, 'oauth_callback_confirmed', 200, 'is not "true": the provider did not confirm the callback (OAuth 1.0a requires it)');
  }
  return credentials;
}

/**
 * RFC 5849 §2.2: the URL to send the user to, to authorize the temporary credentials:
 * `authorizeUrl` with `oauth_token` (and `params`) added to its query.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.2
 * @example
 * ```ts
 * const url = oauth1AuthorizeUrl({ authorizeUrl: 'https://api.example.com/oauth/authorize', token: temporary.token });
 * ```
 */
export function oauth1AuthorizeUrl(options: OAuth1AuthorizeUrlOptions): string {
  const where = 'oauth1AuthorizeUrl';
  const record = checkedRecord(options, where);
  checkOptionNames(options, authorizeNames, where);
  const url = endpointOption(record, 'authorizeUrl', where);
  if (!isValue(record.token)) throw invalidConfig(`${where}.token`, 'the temporary credentials\' token, a non-empty string');
  for (const [name, value] of Object.entries(stringRecord(record.params, `${where}.params`))) url.searchParams.set(name, value);
  url.searchParams.set('oauth_token', record.token);
  return url.href;
}

/**
 * RFC 5849 §2.3: exchanges the authorized temporary credentials and the `oauth_verifier` for
 * token credentials ("access token"), with a POST signed by the consumer and the temporary
 * credentials. The result is what {@link "authwire"!oauth1Auth} signs requests with.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.3
 * @example
 * ```ts
 * import { requestTokenCredentials } from 'authwire/oauth1';
 *
 * const credentials = await requestTokenCredentials({
 *   consumerKey: process.env.CONSUMER_KEY ?? '',
 *   consumerSecret: process.env.CONSUMER_SECRET ?? '',
 *   accessTokenUrl: 'https://api.example.com/oauth/access_token',
 *   temporaryCredentials: temporary,
 *   verifier: callbackUrl.searchParams.get('oauth_verifier') ?? '',
 * });
 * ```
 */
export async function requestTokenCredentials(options: TokenCredentialsOptions): Promise<OAuth1TokenCredentials> {
  const where = 'requestTokenCredentials';
  const record = checkedRecord(options, where);
  checkOptionNames(options, tokenNames, where);
  const url = endpointOption(record, 'accessTokenUrl', where);
  const temporary = record.temporaryCredentials as { token?: unknown; tokenSecret?: unknown } | undefined;
  if (typeof temporary !== 'object' || temporary === null) throw invalidConfig(`${where}.temporaryCredentials`, 'the temporary credentials ({ token, tokenSecret })');
  if (!isValue(temporary.token)) throw invalidConfig(`${where}.temporaryCredentials.token`, 'a non-empty string');
  if (typeof temporary.tokenSecret !== 'string') throw invalidConfig(`${where}.temporaryCredentials.tokenSecret`, 'a string');
  if (!isValue(record.verifier)) throw invalidConfig(`${where}.verifier`, 'the oauth_verifier of the callback, a non-empty string');
  return tokenCredentials(where, url, record, { token: temporary.token, tokenSecret: temporary.tokenSecret }, record.verifier, requestOptions(record, where, 'params'));
}

/**
 * The token request of {@link requestTokenCredentials} and {@link oauth1Login}, checked options in.
 *
 * @internal
 * @example
 * ```ts
 * const credentials = await tokenCredentials('oauth1Login', url, options, temporary, verifier, { fetch, signal, params: {} });
 * ```
 */
export async function tokenCredentials(
  where: string,
  url: URL,
  consumer: Readonly<Record<string, unknown>>,
  temporary: { readonly token: string; readonly tokenSecret: string },
  verifier: string,
  request: ReturnType<typeof requestOptions>,
): Promise<OAuth1TokenCredentials> {
  const { credentials } = await requestCredentials({
    where, step: 'token credentials request', kind: 'token', url, consumer,
    token: temporary.token, tokenSecret: temporary.tokenSecret, protocol: [['oauth_verifier', verifier]], ...request, params: {},
  });
  return credentials;
}

/**
 * `oob`, or an absolute http(s) URL without a fragment, or `ERR_AUTH_INVALID_CONFIG` naming `field`.
 *
 * @internal
 * @example
 * ```ts
 * const callback = checkCallback(options.callback, 'requestTemporaryCredentials.callback');
 * ```
 */
export function checkCallback(value: unknown, field: string): string {
  if (value === 'oob') return value;
  const expected = "an absolute http(s) URL without a fragment, or 'oob'";
  if (typeof value !== 'string') throw invalidConfig(field, expected);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidConfig(field, expected);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hash !== '') throw invalidConfig(field, expected);
  return value;
}

function checkedRecord(options: unknown, where: string): Readonly<Record<string, unknown>> {
  if (typeof options !== 'object' || options === null) throw invalidConfig(where, 'an options object');
  return options as Readonly<Record<string, unknown>>;
}

function isValue(value: unknown): value is string {
  // eslint-disable-next-line no-control-regex -- it goes into a header or a URL
  return typeof value === 'string' && value.length > 0 && !/[\x00-\x1f\x7f]/.test(value);
}
