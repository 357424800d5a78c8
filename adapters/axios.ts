/**
 * authwire for axios: interceptors that authenticate every request an axios instance sends.
 *
 * @packageDocumentation
 */
import type { AxiosError, AxiosInstance, RawAxiosRequestHeaders, AxiosRequestConfig, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { clientSecureContext, redactError, tlsDispatcherLoader, type AuthenticatedRequest } from '../src/entries/adapter-kit.js';
import { type AdapterOptions, type Authenticator } from '../src/index.js';
import { mayReceiveHref } from '../src/adapter-kit/origin-policy.js';
import { RequestSession } from '../src/adapter-kit/request-session.js';
import { checkAdapterOptionsArgument, checkAuthenticatorArgument, checkAxiosInstanceArgument, secondInstallation } from '../src/adapter-kit/adapter-arguments.js';
import { authErrorCause, isAxiosError, requestUrl, restoreFields, sendsWithFetch, undoAttempt, type OriginalFields, type SentState } from './internal/axios-attempt.js';
import { readAxiosBody, writeAxiosBody } from './internal/axios-body.js';
import { AxiosCarrier } from './internal/axios-carrier.js';
import { detachAxiosRequests } from './internal/axios-error.js';
import { followThroughSession } from './internal/axios-fetch-redirect.js';
import { guardAxiosHop } from './internal/axios-redirect.js';
import { ClientCertificateAgent, type AxiosTlsHop } from './internal/axios-tls.js';
import { originPolicies } from './internal/policy-cache.js';

export { AxiosRequestSummary } from './internal/axios-error.js';

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
 * The axios instance {@link axiosAuth} installs on, typed by the members it uses rather than as
 * axios's `AxiosInstance`: axios ships one set of declarations for `import` and another for
 * `require`, and a CommonJS file (`.cts`, or `.ts` in a CommonJS package) sees the second while
 * authwire, an ES module, sees the first. Both fit, as does `axios` itself.
 *
 * @example
 * ```ts
 * const api: AxiosAuthInstance = axios.create({ baseURL: 'https://api.example.com/v1/' });
 * axiosAuth(api, auth);
 * ```
 */
export interface AxiosAuthInstance extends Pick<AxiosInstance, 'defaults' | 'interceptors' | 'getUri'> {
  /** Sends the auth retry. Not generic: axios's generic signatures differ between its two sets of declarations. */
  request(config: AxiosRequestConfig): Promise<AxiosResponse>;
}

/** One attempt in flight: its state with the config it sent. */
type AttemptState = SentState & { readonly config: InternalAxiosRequestConfig };

/** Marks the config of the single retry after a challenge. */
interface RetryState {
  readonly kind: 'retry';
  readonly session: RequestSession;
}

type AxiosState = SentState | RetryState;

/** Raw objects an error must not show: requests, sockets, agents (they hold the headers as sent). */
const hiddenProperties = ['request', 'socket', 'req', 'res', 'client', 'connection', 'agent', 'httpAgent', 'httpsAgent', 'transport'];

/**
 * Authenticates every request of an axios instance with `authenticator`, and returns a function
 * that removes authwire from the instance again.
 *
 * - Every attempt is authenticated afresh from the request as you made it (a retry never
 *   carries the previous attempt's credential).
 * - A 401 (or a `WWW-Authenticate` challenge the authenticator accepts) is sent once more
 *   through the instance when the body can be replayed; after a 403 only for a step-up challenge, never twice, never
 *   with a stream body (the 401 is what you get).
 * - With a `baseURL`, a request to an absolute URL on another origin goes out without
 *   credentials unless that origin is in `options.origins`. Plain `http:` to a host other than
 *   loopback fails with `ERR_AUTH_INSECURE_URL` unless `allowInsecureHttp` is set.
 * - Redirects followed by axios's Node adapter keep credentials on the first hop's origin only:
 *   a hop to another scheme, host or port loses `Authorization`, `Proxy-Authorization`,
 *   `Cookie` and the authenticator's headers and query parameters, and a redirect that would
 *   resend a body holding a credential fails with `ERR_AUTH_REDIRECT_BLOCKED`. A signing
 *   strategy's hop on the first origin is signed afresh (a hop it cannot sign at once, or whose
 *   signature is in a form body, fails with `ERR_AUTH_REDIRECT_BLOCKED`). Your own
 *   `beforeRedirect` still runs, after authwire's. With axios's `fetch` adapter, a request that
 *   carries credentials is sent through a fetch of authwire's (`config.env.fetch`, wrapping
 *   yours) that follows redirects by the same rules; `fetchOptions.redirect: 'manual'` and
 *   `maxRedirects: 0` are respected (see docs/adapters/axios.md). The `xhr` adapter (browsers)
 *   is not covered.
 * - Errors reach you as axios's own `AxiosError`, with every credential replaced by
 *   `[REDACTED]`. Its `request` (and `response.request`) is an `AxiosRequestSummary` (method and
 *   redacted URL) in place of axios's `ClientRequest` or `Request`, whose headers, bytes and
 *   socket would still hold the credential as sent.
 * - An authenticator with `tls` (see `withTls`): requests that may receive credentials go through
 *   one `https.Agent` of this installation that presents the client certificate and trusts `ca`;
 *   it takes the place of your `httpsAgent` for those requests only (requests to other origins,
 *   and redirect hops to another origin, keep yours). With axios's `fetch` adapter, an undici
 *   `Agent` with the certificate is the `dispatcher` of those requests instead (needs the
 *   `undici` package). A redirect to another origin through axios's proxy tunnel, which is built
 *   from that agent, fails with `ERR_AUTH_REDIRECT_BLOCKED`.
 *
 * A wrong call fails at once with `ERR_AUTH_INVALID_CONFIG` saying what was expected (the
 * arguments in the wrong order, a got or ky instance, a Promise of an authenticator, `origins` as
 * a string), and so does a second `axiosAuth` on an instance that already has it: install it once,
 * with several authenticators in one `combineAuth()`; the function returned removes it.
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
export function axiosAuth(instance: AxiosAuthInstance, authenticator: Authenticator, options: AxiosAuthOptions = {}): () => void {
  checkAxiosInstanceArgument(instance);
  checkAuthenticatorArgument('axiosAuth', authenticator);
  checkAdapterOptionsArgument('axiosAuth', options);
  if (installed.has(instance)) throw secondInstallation('axiosAuth', 'this axios instance');
  // The attempt's state rides on the `beforeRedirect` authwire sets (see axios-carrier.ts).
  const carrier = new AxiosCarrier<AxiosState>((state, options, status) => {
    if (state.kind === 'sent' && state.config !== undefined) guardAxiosHop(state.session, state.tls, options, status);
  });
  const policyFor = originPolicies(options);
  // One agent for the installation (its sockets are reused); created now so a bad `tls` fails here.
  // axios's fetch adapter takes an undici dispatcher instead, made on first use.
  const secureContext = authenticator.tls === undefined ? undefined : clientSecureContext(authenticator.tls);
  const tlsAgent = secureContext === undefined ? undefined : new ClientCertificateAgent(secureContext);
  const tlsDispatcher = secureContext === undefined ? undefined : tlsDispatcherLoader(secureContext);

  const attemptOf = (config: AxiosRequestConfig | undefined): AttemptState | undefined => {
    const state = carrier.read(config?.beforeRedirect);
    return state?.kind === 'sent' && state.config !== undefined ? (state as AttemptState) : undefined;
  };

  // Not async: the part after the authenticator runs in a `then`, which keeps less alive per request than an async frame.
  const authenticate = (config: InternalAxiosRequestConfig): InternalAxiosRequestConfig | Promise<InternalAxiosRequestConfig> => {
    const previous = carrier.read(config.beforeRedirect);
    // A config authwire authenticated before, sent again (retry libraries resend `error.config`):
    // start again from the request as it was made, not from its (redacted) credentials.
    if (previous?.kind === 'sent') undoAttempt(config, previous);
    const { url: path, baseURL, params, data, beforeRedirect, httpsAgent } = config;
    const policy = previous?.session.policy ?? policyFor(baseURL ?? instance.defaults.baseURL);
    const url = requestUrl(instance, config);
    try {
      mayReceiveHref(policy, url); // Parses the URL, unless its origin is the one met last: the kit then knows it.
    } catch {
      return config; // axios cannot build this URL either: it fails the request by itself.
    }
    // One copy of the headers as they reached authwire, for the authenticator, undoAttempt and the retry.
    const originalHeaders: RawAxiosRequestHeaders = { ...config.headers };
    const original: OriginalFields = { url: path, baseURL, params, data, beforeRedirect, httpsAgent };
    const { body, replayable } = readAxiosBody(data, originalHeaders);
    const session = previous?.session ?? new RequestSession({ authenticator, policy, replayable, signal: config.signal instanceof AbortSignal ? config.signal : undefined });
    const outgoing = { method: config.method ?? 'GET', url, headers: originalHeaders, body };
    // With the credential at hand (nearly always), the config goes back now, without a promise.
    const atHand = session.beginAtHand(outgoing);
    if (atHand !== undefined) return finish(session.first as AuthenticatedRequest, atHand);
    const begun = session.begin(outgoing);
    return begun instanceof Promise ? begun.then((result) => finish(result)) : finish(begun);

    function finish(result: AuthenticatedRequest, added?: Readonly<Record<string, string>>): InternalAxiosRequestConfig {
      for (const name of result.changedHeaders) config.headers.set(name, added === undefined ? result.headers.get(name) : added[name]);
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

      // axios's fetch adapter lets fetch follow redirects, out of beforeRedirect's sight.
      if (result.applied && sendsWithFetch(config.adapter)) followThroughSession(config, session, tlsDispatcher);

      let tls: AxiosTlsHop | undefined;
      if (tlsAgent !== undefined && result.applied && result.url.protocol === 'https:') {
        tls = { agent: tlsAgent, ownAgent: original.httpsAgent };
        config.httpsAgent = tlsAgent;
      }

      const sent: SentState = {
        kind: 'sent', session, original, originalHeaders, originalBody: body, written, removed: result.removedHeaders, urlChanged, bodyChanged: result.bodyChanged, tls, config,
      };
      config.beforeRedirect = carrier.carry(config.beforeRedirect, sent);
      return config;
    }
  };

  /** Sends once more what `state` sent in `attempt` (read before the state was released). */
  const retry = (state: SentState, attempt: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    const { original, originalHeaders, session } = state;
    // The config as it reached authwire: what axios added while sending (`response`) is left out.
    const { response: _response, ...sent } = attempt as AxiosRequestConfig & { response?: unknown };
    const config: AxiosRequestConfig = { ...sent, headers: { ...originalHeaders } };
    restoreFields(config, original, ['url', 'baseURL', 'params', 'data', 'httpsAgent']);
    config.beforeRedirect = carrier.carry(original.beforeRedirect, { kind: 'retry', session });
    return instance.request(config);
  };

  /** The response is in: the config keeps only what undoes the attempt. */
  const release = (state: SentState): void => {
    state.config = undefined;
  };

  // Not async: a response that cannot be a challenge (nearly all) goes back without a promise of ours.
  const onResponse = (response: AxiosResponse): AxiosResponse | Promise<AxiosResponse> => {
    const state = attemptOf(response.config);
    if (state === undefined) return response;
    const attempt = state.config;
    const again = state.session.respond(response.status, response.headers as Record<string, unknown>);
    if (again === false) {
      release(state);
      return response;
    }
    return again.then((retrying) => {
      release(state);
      return retrying ? retry(state, attempt) : response;
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
        again = await state.session.respond(error.response.status, error.response.headers as Record<string, unknown>);
      } catch (challengeError) {
        handOver(error, state);
        throw challengeError;
      }
      if (again) {
        const attempt = state.config;
        release(state);
        return retry(state, attempt);
      }
    }
    handOver(error, state);
    throw error;
  };

  /**
   * Readies an error for the caller: axios's raw request objects replaced by a summary, every
   * credential redacted, and the attempt's config left with what undoes it but no credential.
   */
  const handOver = (error: AxiosError, state: AttemptState | undefined): void => {
    if (state === undefined) {
      detachAxiosRequests(error, []);
      redactError(error, [], { hide: hiddenProperties });
      return;
    }
    const { session } = state;
    detachAxiosRequests(error, session.secrets);
    session.redact(error, { hide: hiddenProperties });
    session.release();
    release(state);
  };

  const requestId = instance.interceptors.request.use(authenticate);
  const responseId = instance.interceptors.response.use(onResponse, onError);
  installed.add(instance);
  return () => {
    instance.interceptors.request.eject(requestId);
    instance.interceptors.response.eject(responseId);
    installed.delete(instance);
  };
}

/** The axios instances authwire is installed on (one installation each). */
const installed = new WeakSet<AxiosAuthInstance>();
