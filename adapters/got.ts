/**
 * authwire for got: hooks that authenticate every request of a got instance.
 *
 * @module authwire/got
 */
import type { AfterResponseHook, BeforeErrorHook, BeforeRedirectHook, BeforeRequestHook, Hooks } from 'got';
import { clientTlsOptions, type AuthenticatedRequest } from '../src/entries/adapter-kit.js';
import { isAuthError, type AdapterOptions, type Authenticator } from '../src/index.js';
import { signRedirectHop, signsRedirectHop, type SignedHop } from '../src/adapter-kit/hop-signing.js';
import { RequestSession } from '../src/adapter-kit/request-session.js';
import { checkAdapterOptionsArgument, checkAuthenticatorArgument, claimRequest } from '../src/adapter-kit/adapter-arguments.js';
import { redactGotError } from './internal/got-redact.js';
import { applyAtHand, applyResult, readGotBody, undoApplied, type Applied, type GotOptionsView } from './internal/got-request.js';
import { PageQueryCredentials, pagePolicyBase, pinPagePolicy } from './internal/got-paginate.js';
import { applyGotTls, gotTlsValues, redactGotTls, undoGotTls, type AppliedTls } from './internal/got-tls.js';
import { deleteHeaders, headerValue } from './internal/header-record.js';
import { originPolicies } from './internal/policy-cache.js';
import { StateSlot } from './internal/state-slot.js';

/**
 * Options of {@link gotAuth}: which origins may receive credentials and whether plain `http:`
 * is allowed beyond loopback. The instance's `prefixUrl` origin always may.
 *
 * @example
 * ```ts
 * const options: GotAuthOptions = { origins: ['https://uploads.example.com'] };
 * const api = got.extend({ prefixUrl: 'https://api.example.com/v1' }, gotAuth(auth, options));
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the named options type of this adapter, to grow without breaking callers
export interface GotAuthOptions extends AdapterOptions {}

/**
 * What {@link gotAuth} returns: hooks to pass to `got.extend()`. Typed from got's own `Hooks`, so
 * it fits `got.extend` of whichever got version (14 to 16) is installed, without a cast.
 *
 * @example
 * ```ts
 * const extension: GotAuthExtension = gotAuth(auth);
 * const api = got.extend(extension, { hooks: { beforeRequest: [logRequest] } });
 * ```
 */
export interface GotAuthExtension {
  /** authwire's hooks; got appends them to the instance's own. */
  readonly hooks: Pick<Hooks, 'init' | 'beforeRequest' | 'beforeRedirect' | 'afterResponse' | 'beforeError'>;
}

type InitHook = Hooks['init'][number];

/** State of one logical request, shared by its attempts (got's retries, the auth retry) and hops. */
interface RequestState {
  /** The logical request: its context, what it sent, its redirect and retry decisions. */
  readonly session: RequestSession;
  /** The origin the request was addressed to: retries elsewhere (after a redirect) carry nothing. */
  readonly addressed: string;
  /** What the current attempt changed in its Options. */
  applied: Applied | undefined;
  /** The client certificate the current attempt carries in its `https` options, if any. */
  tls: AppliedTls | undefined;
}


/** Objects got's errors must not show: sockets, agents, cookie jars, TLS material, the raw init objects. */
const hiddenProperties = ['request', 'socket', 'req', 'res', 'client', 'connection', 'agent', 'cookieJar', 'https', '_init'];

/**
 * Hooks for `got.extend()` that authenticate every request with `authenticator`.
 *
 * - Every attempt (got's own retries included) is authenticated afresh from the request as you
 *   made it: a retry never carries the previous attempt's credential.
 * - A 401 (or a `WWW-Authenticate` challenge the authenticator accepts) is sent once more with
 *   `retryWithMergedOptions` when the body can be replayed; after a 403 only for a step-up challenge, never twice,
 *   never with a stream body (the 401 is what you get). Promise API only: got's stream API has
 *   no `afterResponse`.
 * - With a `prefixUrl`, a request to an absolute URL on another origin goes out without
 *   credentials unless that origin is in `options.origins`. Plain `http:` to a host other than
 *   loopback fails with `ERR_AUTH_INSECURE_URL` unless `allowInsecureHttp` is set.
 * - A redirect to another scheme, host or port loses `Authorization`, `Proxy-Authorization`,
 *   `Cookie` and the authenticator's headers and query parameters (got 14 by itself keeps
 *   `Authorization` on https → http of the same host), and one that would resend a body holding a
 *   credential fails with `ERR_AUTH_REDIRECT_BLOCKED` (judged from what got itself will send, after
 *   its `methodRewriting`). Same-origin hops keep the credentials; a signing strategy's are
 *   signed afresh for their own method, URL and body.
 * - `got.paginate`: every page keeps the first request's origin policy, so a `Link: rel="next"`
 *   to another origin gets no credential, and loses the query parameters the authenticator sets
 *   when the link repeats them.
 * - Errors reach you as got's own `RequestError`/`HTTPError` with every credential replaced by
 *   `[REDACTED]`; authwire's own failures (`ERR_AUTH_*`) reach you as the `AuthError` itself.
 * - An authenticator with `tls` (see `withTls`): an attempt that may receive credentials gets the
 *   client certificate and the trusted authorities in its `https` options (`certificate`, `key`,
 *   `pfx`, `passphrase`, `certificateAuthority`), replacing yours for that attempt only; a hop to
 *   another origin gets your values back. `https.key`, `passphrase` and `pfx` are redacted from errors.
 *
 * @param authenticator - how requests are authenticated
 * @param options - allowed origins and the plain-http opt-in
 * @returns options for `got.extend()`
 * @example
 * ```ts
 * import got from 'got';
 * import { bearerAuth } from 'authwire';
 * import { gotAuth } from 'authwire/got';
 *
 * const api = got.extend({ prefixUrl: 'https://api.example.com/v1' }, gotAuth(bearerAuth({ token: process.env.API_TOKEN ?? '' })));
 * const items = await api.get('items').json();
 * ```
 */
export function gotAuth(authenticator: Authenticator, options: GotAuthOptions = {}): GotAuthExtension {
  checkAuthenticatorArgument('gotAuth', authenticator);
  checkAdapterOptionsArgument('gotAuth', options);
  const hops = new WeakSet<object>();
  // The key of this gotAuth's ticket in got's `options.context`, which got copies to every attempt
  // and hop. The ticket shows nothing of the state it carries (see StateSlot).
  const stateKey = Symbol('authwire');
  const states = new StateSlot<RequestState>();
  const policyFor = originPolicies(options);
  // Checked now, so that a bad `tls` fails when the hooks are made.
  const tlsValues = authenticator.tls === undefined ? undefined : gotTlsValues(clientTlsOptions(authenticator.tls));
  const stateOf = (request: GotOptionsView | undefined): RequestState | undefined =>
    states.read((request?.context as Record<PropertyKey, unknown> | undefined)?.[stateKey]);
  // got.paginate makes each next page from the first page's Options, with `prefixUrl: ''`: the
  // first page's policy base is pinned on them, for every page after it (see got-paginate.ts).
  const pageKey = Symbol('authwire page policy');
  const init: InitHook = (_raw, self) => pinPagePolicy(self as GotOptionsView | undefined, pageKey, options.origins !== undefined && options.origins.length > 0);
  const pageQuery = new PageQueryCredentials();

  // Not async: the part after the authenticator runs in a `then`, which keeps less alive per request than an async frame.
  const beforeRequest: BeforeRequestHook = (request) => {
    if (hops.has(request)) return; // A redirect hop: beforeRedirect has prepared it.
    claimRequest((request as { context?: unknown }).context, stateKey, 'gotAuth', 'this got instance');
    const url = request.url;
    if (!(url instanceof URL)) return;
    let state = stateOf(request);
    const fresh = state === undefined;
    let read: ReturnType<typeof readGotBody> | undefined;
    if (state === undefined) {
      read = readGotBody(request.body, headerValue(request.headers, 'content-type'));
      const pageBase = pagePolicyBase(request, pageKey);
      const policy = policyFor(pageBase ?? String(request.prefixUrl));
      const session = new RequestSession({ authenticator, policy, replayable: read.replayable, signal: request.signal });
      state = { session, addressed: url.origin, applied: undefined, tls: undefined };
      (request.context as Record<PropertyKey, unknown>)[stateKey] = states.issue(state);
      // A next page that gets no credential loses one its link repeated.
      if (pageBase !== undefined && !policy.mayReceive(url)) pageQuery.stripFrom(request);
    } else {
      if (state.applied !== undefined) undoApplied(request, state.applied);
      if (state.tls !== undefined) undoGotTls(request.https, state.tls);
      state.applied = undefined;
      state.tls = undefined;
    }
    const current = request.url;
    if (!(current instanceof URL)) return;
    const { session } = state;
    if (!fresh && current.origin !== state.addressed) {
      // got retries the last hop of a redirect that left the origin: nothing of ours goes there.
      deleteHeaders(request.headers, session.leave());
      return;
    }
    const { body } = read ?? readGotBody(request.body, headerValue(request.headers, 'content-type'));
    // With the credential at hand (nearly always), the hook is done now, without a promise. The
    // report of an attempt at hand reads the headers only when asked, as got's plus the credential.
    const added = session.beginAtHand({ method: request.method, url: current, headers: request.headers, body });
    if (added !== undefined) {
      state.applied = applyAtHand(request, session.first as AuthenticatedRequest, added);
      if (tlsValues !== undefined && current.protocol === 'https:') state.tls = applyGotTls(request.https, tlsValues);
      return;
    }
    const attempt = state;
    const finish = (result: AuthenticatedRequest): void => {
      attempt.applied = applyResult(request, current, result);
      if (tlsValues !== undefined && result.applied && current.protocol === 'https:') attempt.tls = applyGotTls(request.https, tlsValues);
      if (result.credentialQuery.length > 0) pageQuery.note(result.credentialQuery);
    };
    // A shallow snapshot: the kit reads unchanged headers lazily, and applyResult (and got, later) change these.
    const begun = session.begin({ method: request.method, url: current, headers: { ...request.headers }, body });
    return begun instanceof Promise ? begun.then(finish) : finish(begun);
  };

  const beforeRedirect: BeforeRedirectHook = (next, response) => {
    hops.add(next);
    const url = next.url;
    if (!(url instanceof URL)) return;
    const state = stateOf(next);
    let session = state?.session;
    if (session === undefined) {
      // A request authwire did not authenticate (its hooks came later): still strip on a cross-origin hop.
      let previous: URL;
      try {
        previous = new URL(response.url);
      } catch {
        return;
      }
      session = new RequestSession({ authenticator, policy: policyFor(), replayable: false });
      session.unauthenticated(previous);
    }
    const before = url.href;
    // got has already rewritten the method and dropped the body where it will (by status,
    // `methodRewriting` and, in got 16, origin): a body still in the options goes out again.
    const keepsBody = next.body !== undefined || next.json !== undefined || next.form !== undefined;
    deleteHeaders(next.headers, session.redirect(url, response.statusCode, next.method, { keepsBody, restoreQuery: true }));
    if (url.href !== before) next.url = new URL(url.href);
    if (session.left && state?.tls !== undefined) undoGotTls(next.https, state.tls);
    if (state === undefined || !signsRedirectHop(session, url)) {
      for (const [name, value] of Object.entries(session.hopHeaders(url, next.method))) next.headers[name.toLowerCase()] = value;
      return;
    }
    // A signing authenticator's hop on the first origin is signed afresh (see hop-signing.ts),
    // from the Options as they were before the previous hop was authenticated.
    if (state.applied !== undefined) undoApplied(next, state.applied);
    state.applied = undefined;
    const hop = next.url instanceof URL ? next.url : url;
    const signed = signRedirectHop(session, { status: response.statusCode, method: next.method, url: hop, headers: next.headers, keepsBody, fixedBody: false });
    const finish = (done: SignedHop | undefined): void => {
      if (done !== undefined) state.applied = applyResult(next, hop, done.result);
    };
    return signed instanceof Promise ? signed.then(finish) : finish(signed);
  };

  // Not async: a response that cannot be a challenge (nearly all) goes back without a promise of ours.
  const afterResponse: AfterResponseHook = (response, retryWithMergedOptions) => {
    const state = stateOf(response.request.options);
    if (state === undefined) return response;
    const again = state.session.respond(response.statusCode, response.headers);
    if (again === false) return response;
    return again.then((retry) => (retry ? retryWithMergedOptions({}) : response));
  };

  const beforeError: BeforeErrorHook = (error) => {
    const cause: unknown = error.cause;
    if (isAuthError(cause)) return cause; // authwire's own failure: the AuthError itself.
    const options = error.options as GotOptionsView | undefined;
    const state = stateOf(options);
    redactGotTls(options?.https);
    redactGotError(error, state?.session.secrets ?? [], state?.session.credentialHeaders ?? [], hiddenProperties);
    return error;
  };

  return { hooks: { init: [init], beforeRequest: [beforeRequest], beforeRedirect: [beforeRedirect], afterResponse: [afterResponse], beforeError: [beforeError] } };
}
