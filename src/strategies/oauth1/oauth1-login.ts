// The whole three-legged flow from a CLI or desktop app: temporary credentials with the loopback
// callback, the user's browser, the callback checked, token credentials.
import { timingSafeEqual } from 'node:crypto';
import { AuthError } from '../../errors.js';
import { loopbackSettings, runLoopback } from '../../loopback/loopback-server.js';
import { abortedError } from '../../token-manager/timers.js';
import { checkOptionNames, optionNames } from '../../validate/option-names.js';
import { consumerSigning, endpointOption, requestOptions, stringRecord } from './credential-request.js';
import { oauth1AuthorizeUrl, temporaryCredentials, tokenCredentials, type OAuth1ConsumerOptions, type OAuth1FlowRequestOptions } from './three-legged.js';
import type { OAuth1TokenCredentials } from './token-credentials.js';

/**
 * Options of {@link oauth1Login}: the consumer, the provider's three endpoints, and how to run the
 * local callback server (as {@link "authwire"!loopbackLogin} takes them).
 *
 * @example
 * ```ts
 * const options: OAuth1LoginOptions = {
 *   consumerKey: 'ck', consumerSecret: process.env.CONSUMER_SECRET ?? '',
 *   requestTokenUrl: 'https://api.example.com/oauth/request_token',
 *   authorizeUrl: 'https://api.example.com/oauth/authorize',
 *   accessTokenUrl: 'https://api.example.com/oauth/access_token',
 * };
 * ```
 */
export type OAuth1LoginOptions = OAuth1ConsumerOptions & OAuth1FlowRequestOptions & {
  /** The temporary credential request endpoint ("request token URL"). */
  readonly requestTokenUrl: string | URL;
  /** The resource owner authorization endpoint ("authorize URL"). */
  readonly authorizeUrl: string | URL;
  /** The token request endpoint ("access token URL"). */
  readonly accessTokenUrl: string | URL;
  /** Further form parameters of the temporary credentials request, such as `scope`. */
  readonly requestParams?: Readonly<Record<string, string>>;
  /** Further query parameters of the authorize URL, such as `force_login`. */
  readonly authorizeParams?: Readonly<Record<string, string>>;
  /** The port on 127.0.0.1. Default `0`: a free port chosen by the system. */
  readonly port?: number;
  /** The callback path. Default `/callback`. */
  readonly callbackPath?: string;
  /** Hands the authorize URL to the user. Default: print it to stderr. Opening a browser is your choice. */
  readonly open?: (url: string) => void | Promise<void>;
  /** How long to wait for the callback (from the start of the login). Default 300 000 (5 minutes); then `ERR_AUTH_TIMEOUT`. */
  readonly timeoutMs?: number;
};

const loginNames = optionNames<OAuth1LoginOptions>()(
  [
    'consumerKey', 'consumerSecret', 'privateKey', 'signatureMethod', 'placement', 'realm', 'allowInsecureHttp', 'fetch', 'signal',
    'requestTokenUrl', 'authorizeUrl', 'accessTokenUrl', 'requestParams', 'authorizeParams', 'port', 'callbackPath', 'open', 'timeoutMs',
  ],
  { consumerSecret: 'Give privateKey instead for RSA-SHA1.', privateKey: '' },
);

/**
 * Signs a user in to an OAuth 1.0a provider from a CLI or desktop app: listens on `127.0.0.1` (a
 * free port by default), asks for temporary credentials with `oauth_callback` set to
 * `http://127.0.0.1:PORT/callback` (RFC 5849 §2.1), hands the authorize URL (§2.2) to `open`,
 * waits for the browser to come back, and exchanges the `oauth_verifier` for token credentials
 * (§2.3). The callback's `oauth_token` must be the temporary token (else `ERR_AUTH_CALLBACK`); a
 * refusal (`denied=`, `oauth_problem=`, `error=access_denied`) is `ERR_AUTH_ACCESS_DENIED`. The
 * browser gets a small page saying it worked or what failed (no token in it), and the server is
 * closed before this returns — on success, error, timeout (`ERR_AUTH_TIMEOUT`) and abort
 * (`ERR_AUTH_ABORTED`) alike.
 *
 * The provider must accept a loopback callback URL (register `http://127.0.0.1` with it).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 * @example
 * ```ts
 * import { oauth1Auth } from 'authwire';
 * import { oauth1Login } from 'authwire/oauth1';
 *
 * const consumer = { consumerKey: process.env.CONSUMER_KEY ?? '', consumerSecret: process.env.CONSUMER_SECRET ?? '' };
 * const credentials = await oauth1Login({
 *   ...consumer,
 *   requestTokenUrl: 'https://api.example.com/oauth/request_token',
 *   authorizeUrl: 'https://api.example.com/oauth/authorize',
 *   accessTokenUrl: 'https://api.example.com/oauth/access_token',
 *   signal: AbortSignal.timeout(120_000),
 * });
 * const auth = oauth1Auth({ ...consumer, token: credentials.token, tokenSecret: credentials.tokenSecret });
 * ```
 */
export async function oauth1Login(options: OAuth1LoginOptions): Promise<OAuth1TokenCredentials> {
  const where = 'oauth1Login';
  if (typeof options !== 'object' || options === null) throw new AuthError('ERR_AUTH_INVALID_CONFIG', `${where}: expected an options object`, { details: { field: where } });
  checkOptionNames(options, loginNames, where);
  const record = options as unknown as Readonly<Record<string, unknown>>;
  const requestTokenUrl = endpointOption(record, 'requestTokenUrl', where);
  const accessTokenUrl = endpointOption(record, 'accessTokenUrl', where);
  // Checked now, so that a bad URL fails before anything is sent.
  const authorizeUrl = endpointOption(record, 'authorizeUrl', where);
  const authorizeParams = stringRecord(record.authorizeParams, `${where}.authorizeParams`);
  const request = requestOptions(record, where, 'requestParams');
  consumerSigning(record, where);
  const settings = loopbackSettings(options);
  if (settings.signal?.aborted === true) throw abortedError(settings.signal, 'the OAuth 1.0a login');

  return runLoopback(settings, {
    label: where,
    what: 'the OAuth 1.0a login',
    prepare: async (redirectUri, signal) => {
      const temporary = await temporaryCredentials(where, requestTokenUrl, record, redirectUri, { ...request, signal });
      const url = oauth1AuthorizeUrl({
        authorizeUrl,
        token: temporary.token,
        params: authorizeParams,
        ...(options.allowInsecureHttp === undefined ? {} : { allowInsecureHttp: options.allowInsecureHttp }),
      });
      return { url, pending: temporary };
    },
    complete: async (callback, temporary, signal) => {
      const verifier = readCallback(callback, temporary.token);
      return tokenCredentials(where, accessTokenUrl, record, temporary, verifier, { ...request, signal, params: {} });
    },
    dispose: async () => undefined,
  });
}

/** The `oauth_verifier` of a callback for `token`, or the error the callback stands for. */
function readCallback(callback: URL, token: string): string {
  const query = callback.searchParams;
  const problem = query.get('oauth_problem');
  if (query.has('denied') || (problem !== null && /refused|denied|rejected/i.test(problem)) || query.get('error') === 'access_denied') {
    throw new AuthError('ERR_AUTH_ACCESS_DENIED', 'oauth1Login: the authorization was denied at the provider', {
      details: { reason: 'denied', ...(problem !== null && /^[A-Za-z0-9_.-]{1,64}$/.test(problem) ? { problem } : {}) },
    });
  }
  const received = query.getAll('oauth_token');
  if (received.length !== 1) throw callbackError(received.length === 0 ? 'has no oauth_token' : 'has more than one oauth_token', 'oauth_token');
  if (!sameText(received[0] ?? '', token)) throw callbackError('carries an oauth_token that is not the temporary token this login asked for', 'oauth_token');
  const verifiers = query.getAll('oauth_verifier');
  if (verifiers.length !== 1 || verifiers[0] === '') throw callbackError(verifiers.length > 1 ? 'has more than one oauth_verifier' : 'has no oauth_verifier', 'oauth_verifier');
  return verifiers[0] ?? '';
}

function callbackError(what: string, field: string): AuthError {
  return new AuthError('ERR_AUTH_CALLBACK', `oauth1Login: the callback ${what}`, { details: { reason: field === 'oauth_token' ? 'token' : 'verifier', field } });
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
