/**
 * authwire for axios: interceptors that authenticate every request an axios instance sends.
 *
 * @packageDocumentation
 */
import type { AxiosError, AxiosInstance, RawAxiosRequestHeaders, AxiosRequestConfig, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import {
  authenticateOutgoing,
  clientSecureContext,
  headersFromRecord,
  isAuthError,
  nextAttempt,
  redactError,
  shouldChallenge,
  tlsDispatcherLoader,
  type AdapterOptions,
  type AuthBody,
  type AuthContext,
  type AuthError,
  type Authenticator,
} from '../src/index.js';
import { readAxiosBody, writeAxiosBody } from './internal/axios-body.js';
import { AxiosCarrier } from './internal/axios-carrier.js';
import { followThroughGuard } from './internal/axios-fetch-redirect.js';
import { guardAxiosHop } from './internal/axios-redirect.js';
import { union } from './internal/list-union.js';
import { ClientCertificateAgent, type AxiosTlsHop } from './internal/axios-tls.js';
import type { RedirectGuard } from './internal/redirect-guard.js';
import { headerValue } from './internal/header-record.js';
import { originPolicies } from './internal/policy-cache.js';
import { checkAdapterOptions } from '../src/index.js';

/**
 * Options of {@link axiosAuth}: which origins may receive credentials and whether plain `http:`
 * is allowed beyond loopback. The instance's `baseURL` origin always may.
 *
 * @example
 * ```ts
 * const options: AxiosAuthOptions = { origins: ['https://uploads.example.com'] };
 * axiosAuth(api, auth, options);
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the named options type of this adapter, to grow without breaking callers
export interface AxiosAuthOptions extends AdapterOptions {}

/**
 * What takes an attempt's credentials back out of its config, for when it is sent again (retry
 * libraries resend `error.config`). It is all the config keeps of the attempt once the response
 * is in: axios configs outlive their requests, and so would anything more they hold.
 */
interface SentState {
  readonly kind: 'sent';
  readonly context: AuthContext;
  /**
   * The fields of `config` that authwire or axios change, as they reached authwire: the retry and
   * {@link undoAttempt} restore them. The rest of the config is not copied: neither changes it.
   */
  readonly original: OriginalFields;
  /**
   * The headers as they reached authwire: a plain copy of the `AxiosHeaders` entries, `false`
   * ("do not send this default") included. The authenticator reads it, and the retry sends it.
   */
  readonly originalHeaders: Readonly<RawAxiosRequestHeaders>;
  /** The body as the authenticator was given it. */
  readonly originalBody: AuthBody;
  /** Lower-case names of the headers authwire wrote. */
  readonly written: readonly string[];
  /** Lower-case names of the headers the authenticator deleted. */
  readonly removed: readonly string[];
  /** Whether authwire rewrote `config.url` (a query credential). */
  readonly urlChanged: boolean;
  /** Whether authwire rewrote `config.data` (a body credential). */
  readonly bodyChanged: boolean;
  /** authwire's client-certificate agent, when it set it as `config.httpsAgent`. */
  readonly tls: AxiosTlsHop | undefined;
  /** Every value authenticated into this request so far, for redaction. */
  readonly secrets: readonly string[];
}

/** One attempt in flight: what its redirects and its response need besides. */
interface AttemptState {
  readonly kind: 'attempt';
  readonly sent: SentState;
  /** The config authwire authenticated (axios sends this object). */
  readonly config: InternalAxiosRequestConfig;
  readonly replayable: boolean;
  readonly guard: RedirectGuard;
}

type OriginalFields = { readonly [K in 'url' | 'baseURL' | 'params' | 'data' | 'beforeRedirect' | 'httpsAgent']: AxiosRequestConfig[K] | undefined };

/** Marks the config of the single retry after a challenge. */
interface RetryState {
  readonly kind: 'retry';
  readonly context: AuthContext;
  readonly secrets: readonly string[];
}

type AxiosState = AttemptState | SentState | RetryState;

/** Raw objects an error must not show: requests, sockets, agents (they hold the headers as sent). */
const hiddenProperties = ['request', 'socket', 'req', 'res', 'client', 'connection', 'agent', 'httpAgent', 'httpsAgent', 'transport'];

/**
 * Authenticates every request of an axios instance with `authenticator`, and returns a function
 * that removes authwire from the instance again.
 *
 * - Every attempt is authenticated afresh from the request as you made it (a retry never
 *   carries the previous attempt's credential).
 * - A 401 (or a `WWW-Authenticate` challenge the authenticator accepts) is sent once more
 *   through the instance when the body can be replayed; never after a 403, never twice, never
 *   with a stream body (the 401 is what you get).
 * - With a `baseURL`, a request to an absolute URL on another origin goes out without
 *   credentials unless that origin is in `options.origins`. Plain `http:` to a host other than
 *   loopback fails with `ERR_AUTH_INSECURE_URL` unless `allowInsecureHttp` is set.
 * - Redirects followed by axios's Node adapter keep credentials on the first hop's origin only:
 *   a hop to another scheme, host or port loses `Authorization`, `Proxy-Authorization`,
 *   `Cookie` and the authenticator's headers and query parameters, and a redirect that would
 *   resend a body holding a credential fails with `ERR_AUTH_REDIRECT_BLOCKED`. Your own
 *   `beforeRedirect` still runs, after authwire's. With axios's `fetch` adapter, a request that
 *   carries credentials is sent through a fetch of authwire's (`config.env.fetch`, wrapping
 *   yours) that follows redirects by the same rules; `fetchOptions.redirect: 'manual'` and
 *   `maxRedirects: 0` are respected (see docs/adapters/axios.md). The `xhr` adapter (browsers)
 *   is not covered.
 * - Errors reach you as axios's own `AxiosError`, with every credential replaced by
 *   `[REDACTED]` and the raw request objects hidden from `util.inspect` and `JSON.stringify`.
 * - An authenticator with `tls` (see `withTls`): requests that may receive credentials go through
 *   one `https.Agent` of this installation that presents the client certificate and trusts `ca`;
 *   it takes the place of your `httpsAgent` for those requests only (requests to other origins,
 *   and redirect hops to another origin, keep yours). With axios's `fetch` adapter, an undici
 *   `Agent` with the certificate is the `dispatcher` of those requests instead (needs the
 *   `undici` package). A redirect to another origin through axios's proxy tunnel, which is built
 *   from that agent, fails with `ERR_AUTH_REDIRECT_BLOCKED`.
 *
 * @param instance - the axios instance (`axios.create(...)`, or `axios` itself)
 * @param authenticator - how requests are authenticated
 * @param options - allowed origins and the plain-http opt-in
 * @returns a function that ejects authwire's interceptors
 * @example
 * ```ts
 * import axios from 'axios';
 * import { bearerAuth } from 'authwire';
 * import { axiosAuth } from 'authwire/axios';
 *
 * const api = axios.create({ baseURL: 'https://api.example.com/v1/' });
 * const remove = axiosAuth(api, bearerAuth({ token: process.env.API_TOKEN ?? '' }));
 * const { data } = await api.get('items');
 * remove(); // later: requests go out without credentials again
 * ```
 */
export function axiosAuth(instance: AxiosInstance, authenticator: Authenticator, options: AxiosAuthOptions = {}): () => void {
  checkAdapterOptions(options, 'axiosAuth');
  // The attempt's state rides on the `beforeRedirect` authwire sets (see axios-carrier.ts).
  const carrier = new AxiosCarrier<AxiosState>((state, options, status) => {
    if (state.kind === 'attempt') guardAxiosHop(state.guard, state.sent.tls, options, status);
  });
  const policyFor = originPolicies(options);
  // One agent for the installation (its sockets are reused); created now so a bad `tls` fails here.
  // axios's fetch adapter takes an undici dispatcher instead, made on first use.
  const secureContext = authenticator.tls === undefined ? undefined : clientSecureContext(authenticator.tls);
  const tlsAgent = secureContext === undefined ? undefined : new ClientCertificateAgent(secureContext);
  const tlsDispatcher = secureContext === undefined ? undefined : tlsDispatcherLoader(secureContext);

  const attemptOf = (config: AxiosRequestConfig | undefined): AttemptState | undefined => {
    const state = carrier.read(config?.beforeRedirect);
    return state?.kind === 'attempt' ? state : undefined;
  };

  // Not async: the part after the authenticator runs in a `then`, which keeps less alive per request than an async frame.
  const authenticate = (config: InternalAxiosRequestConfig): InternalAxiosRequestConfig | Promise<InternalAxiosRequestConfig> => {
    const incoming = carrier.read(config.beforeRedirect);
    const previous = incoming?.kind === 'attempt' ? incoming.sent : incoming;
    // A config authwire authenticated before, sent again (retry libraries resend `error.config`):
    // start again from the request as it was made, not from its (redacted) credentials.
    if (previous?.kind === 'sent') undoAttempt(config, previous);
    let url: URL;
    try {
      url = new URL(requestUrl(instance, config));
    } catch {
      return config; // axios cannot build this URL either: it fails the request by itself.
    }
    const context: AuthContext = previous?.context ?? newContext(config.signal);
    // One copy of the headers as they reached authwire, for the authenticator, undoAttempt and the retry.
    const originalHeaders: RawAxiosRequestHeaders = { ...config.headers };
    const { url: path, baseURL, params, data, beforeRedirect, httpsAgent } = config;
    const original: OriginalFields = { url: path, baseURL, params, data, beforeRedirect, httpsAgent };
    const { body, replayable } = readAxiosBody(data, originalHeaders);
    const policy = policyFor(baseURL ?? instance.defaults.baseURL);
    const outgoing = { method: config.method ?? 'GET', url, headers: originalHeaders, body };
    return authenticateOutgoing(authenticator, outgoing, context, policy).then((result) => {
      for (const name of result.changedHeaders) config.headers.set(name, result.headers.get(name));
      for (const name of result.removedHeaders) config.headers.delete(name);
      let written = result.changedHeaders;
      const { urlChanged } = result;
      if (urlChanged) {
        config.url = result.url.href; // Base URL and params are in it now.
        delete config.params;
        delete config.baseURL;
      }
      if (result.bodyChanged) {
        const { data, contentType } = writeAxiosBody(result.body);
        config.data = data;
        if (contentType !== undefined && !result.headers.has('content-type')) {
          config.headers.set('Content-Type', contentType);
          written = [...written, 'content-type'];
        }
      }

      const guard: RedirectGuard = { first: result.url, result, left: false };
      // axios's fetch adapter lets fetch follow redirects, out of beforeRedirect's sight.
      if (result.applied && sendsWithFetch(config.adapter)) followThroughGuard(config, guard, tlsDispatcher);

      let tls: AxiosTlsHop | undefined;
      if (tlsAgent !== undefined && result.applied && result.url.protocol === 'https:') {
        tls = { agent: tlsAgent, ownAgent: original.httpsAgent };
        config.httpsAgent = tlsAgent;
      }

      const secrets = previous === undefined ? result.secrets : union(previous.secrets, result.secrets);
      const sent: SentState = {
        kind: 'sent', context, original, originalHeaders, originalBody: body, written, removed: result.removedHeaders, urlChanged, bodyChanged: result.bodyChanged, tls, secrets,
      };
      const state: AttemptState = { kind: 'attempt', sent, config, replayable, guard };
      config.beforeRedirect = carrier.carry(config.beforeRedirect, state);
      return config;
    });
  };

  /** Whether a response with `status` may be a challenge worth a retry (checked before anything is copied). */
  const mayRetry = (state: AttemptState, status: number): boolean => {
    const { guard } = state;
    if (state.sent.context.attempt > 0 || authenticator.challenge === undefined || !guard.result.applied || guard.left) return false;
    return status >= 400 && status !== 403;
  };

  /** Asks the authenticator about a refusal; `true` when the request is to be sent once more. */
  const wantsRetry = async (state: AttemptState, status: number, rawHeaders: object): Promise<boolean> => {
    const { challenge } = authenticator;
    if (challenge === undefined || !mayRetry(state, status)) return false;
    const headers = headersFromRecord(rawHeaders as Record<string, unknown>);
    if (!shouldChallenge(status, headers)) return false;
    const again = await challenge.call(authenticator, { status, headers }, state.guard.result.authRequest, state.sent.context);
    return again && state.replayable;
  };

  const retry = (state: AttemptState): Promise<AxiosResponse> => {
    const { original, originalHeaders, context, secrets } = state.sent;
    // The config as it reached authwire: what axios added while sending (`response`) is left out.
    const { response: _response, ...sent } = state.config as AxiosRequestConfig & { response?: unknown };
    const config: AxiosRequestConfig = { ...sent, headers: { ...originalHeaders } };
    restoreFields(config, original, ['url', 'baseURL', 'params', 'data', 'httpsAgent']);
    config.beforeRedirect = carrier.carry(original.beforeRedirect, { kind: 'retry', context: nextAttempt(context), secrets });
    return instance.request(config);
  };

  /** The response is in: the config keeps only what undoes the attempt. */
  const release = (state: AttemptState): void => carrier.replace(state.config.beforeRedirect, state.sent);

  // Not async: a response that cannot be a challenge (nearly all) goes back without a promise of ours.
  const onResponse = (response: AxiosResponse): AxiosResponse | Promise<AxiosResponse> => {
    const state = attemptOf(response.config);
    if (state === undefined) return response;
    if (!mayRetry(state, response.status)) {
      release(state);
      return response;
    }
    return wantsRetry(state, response.status, response.headers).then((again) => {
      release(state);
      return again ? retry(state) : response;
    });
  };

  const onError = async (error: unknown): Promise<AxiosResponse> => {
    if (!isAxiosError(error)) throw error;
    const blocked = authErrorCause(error);
    if (blocked !== undefined) throw blocked;
    const state = attemptOf(error.config);
    if (state !== undefined && error.response !== undefined) {
      let again: boolean;
      try {
        again = await wantsRetry(state, error.response.status, error.response.headers);
      } catch (challengeError) {
        redactError(error, state.sent.secrets, { hide: hiddenProperties });
        release(state);
        throw challengeError;
      }
      if (again) {
        release(state);
        return retry(state);
      }
    }
    redactError(error, state?.sent.secrets ?? [], { hide: hiddenProperties });
    if (state !== undefined) release(state);
    throw error;
  };

  const requestId = instance.interceptors.request.use(authenticate);
  const responseId = instance.interceptors.response.use(onResponse, onError);
  return () => {
    instance.interceptors.request.eject(requestId);
    instance.interceptors.response.eject(responseId);
  };
}

/** Whether axios sends with its fetch adapter: named, or listed before `http` (`xhr` does not exist in Node). */
function sendsWithFetch(adapter: AxiosRequestConfig['adapter']): boolean {
  if (adapter === 'fetch') return true;
  if (!Array.isArray(adapter)) return false;
  for (const name of adapter) {
    if (name === 'fetch') return true;
    if (name === 'http' || typeof name === 'function') return false;
  }
  return false;
}

/**
 * Takes an authenticated attempt's credentials back out of its config: the headers authwire wrote
 * (and those redaction may have replaced) get their values from before, URL and body theirs.
 */
function undoAttempt(config: InternalAxiosRequestConfig, state: SentState): void {
  const { original, originalHeaders } = state;
  const names = new Set([...state.written, ...state.removed, 'authorization', 'proxy-authorization', 'cookie']);
  for (const name of names) {
    const value = headerValue(originalHeaders, name);
    if (value === null) config.headers.delete(name);
    else config.headers.set(name, value);
  }
  if (state.urlChanged) restoreFields(config, original, ['url', 'baseURL', 'params']);
  if (state.bodyChanged) {
    // Serialized, as axios left `config.data` (a retry library may have made transformRequest a no-op).
    const { data, contentType } = writeAxiosBody(state.originalBody);
    config.data = data;
    config.headers.delete('content-length');
    if (contentType !== undefined && !config.headers.has('content-type')) config.headers.set('Content-Type', contentType);
  }
  if (state.tls !== undefined) restoreFields(config, original, ['httpsAgent']);
}

/** Gives `config` the values of `keys` in `original`, deleting those that were absent. */
function restoreFields(config: AxiosRequestConfig, original: OriginalFields, keys: readonly (keyof OriginalFields)[]): void {
  for (const key of keys) {
    const value = original[key];
    if (value === undefined) delete config[key];
    else (config as Record<string, unknown>)[key] = value;
  }
}

/**
 * The URL axios will request, as `instance.getUri(config)` builds it. The interceptor's config
 * already holds the defaults, so without `params` the URL is put together here, without getUri's
 * second merge of the whole config (the largest cost authwire added to a request).
 */
function requestUrl(instance: AxiosInstance, config: InternalAxiosRequestConfig): string {
  if (config.params !== undefined && config.params !== null) return instance.getUri(config);
  const { baseURL, url = '' } = config;
  if (baseURL === undefined || baseURL === '' || (absoluteUrl.test(url) && config.allowAbsoluteUrls !== false)) return url;
  return url === '' ? baseURL : `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

/** An absolute or protocol-relative URL, as axios tells them from paths. */
const absoluteUrl = /^([a-z][a-z\d+\-.]*:)?\/\//i;

function newContext(signal: AxiosRequestConfig['signal']): AuthContext {
  return signal instanceof AbortSignal ? { attempt: 0, signal } : { attempt: 0 };
}

function isAxiosError(value: unknown): value is AxiosError {
  return typeof value === 'object' && value !== null && (value as { isAxiosError?: unknown }).isAxiosError === true;
}

/** An AuthError thrown inside axios (a blocked redirect) reaches the caller as itself, not wrapped. */
function authErrorCause(error: Error): AuthError | undefined {
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 4 && cause !== undefined; depth++) {
    if (isAuthError(cause)) return cause;
    cause = typeof cause === 'object' && cause !== null ? (cause as { cause?: unknown }).cause : undefined;
  }
  return undefined;
}
