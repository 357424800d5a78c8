// The one fetch pipeline behind authFetch and kyAuth: authenticate every attempt, follow
// redirects ourselves so credentials never cross origins, answer one 401 with one retry.
import { clientSecureContext, redactError, serializeBody, tlsDispatcherLoader, type AuthenticatedRequest, type TlsDispatcher } from '../../src/entries/adapter-kit.js';
import { type AdapterOptions, type Authenticator } from '../../src/index.js';
import { RequestSession } from '../../src/adapter-kit/request-session.js';
import { followRedirect, followRedirects, followsRedirect, maxRedirects, type Hop } from './fetch-redirect.js';
import { originPolicies } from './policy-cache.js';
import { isHeaderObject, noExtra, noHeaders, readFetchCall, type DescribeCall, type FetchCall, type HeaderObject, type RawBody } from './fetch-request.js';
import { discard, presentResponse } from './fetch-response.js';

/** The signature of fetch. */
export type FetchFunction = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** How one pipeline is set up. */
export interface FetchPipelineOptions {
  readonly adapter: AdapterOptions;
  /** The fetch to send with; `globalThis.fetch` (looked up on each call) by default. */
  readonly fetch?: FetchFunction | undefined;
  /** Finds what the wrapping client knows about a call (its base URL, an opaque body, its signal); a Request is then taken as the client's own (see {@link DescribeCall}). */
  readonly describe?: DescribeCall;
  /** Told, for each response handed on, the request that was sent for it: its `secrets` (read them only when needed), so that a client's own errors can be redacted. */
  readonly onResponse?: (response: Response, sent: { readonly secrets: readonly string[] }) => void;
}

/** `dispatcher`: undici's per-request option, which Node's fetch and undici's fetch both read. */
type SendInit = RequestInit & { duplex?: 'half'; dispatcher?: TlsDispatcher };

/**
 * Builds a function with the signature of fetch that authenticates every attempt of every
 * call with `authenticator`. Errors it throws have every credential it sent redacted.
 *
 * With `authenticator.tls`, each https hop that carries credentials is sent with one undici
 * `Agent` of this pipeline as `dispatcher` (its `connect` options hold the secure context of the
 * client certificate and the trusted authorities), in place of a `dispatcher` of the caller's;
 * other hops keep the caller's. undici is imported the first time such a hop is sent.
 *
 * @example
 * ```ts
 * const send = createFetchPipeline(auth, { adapter: { origins: ['https://api.example.com'] } });
 * await send('https://api.example.com/me');
 * ```
 */
export function createFetchPipeline(authenticator: Authenticator, options: FetchPipelineOptions): FetchFunction {
  const policyFor = originPolicies(options.adapter);
  const send: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  // Checked now, so that a bad `tls` fails when the adapter is made; undici is loaded on first use.
  const tlsDispatcher = authenticator.tls === undefined ? undefined : tlsDispatcherLoader(clientSecureContext(authenticator.tls));

  const pipe: Pipe = { send, tlsDispatcher, onResponse: options.onResponse };

  const pipeline: FetchFunction = async function authenticatedFetch(input, init) {
    let session: RequestSession | undefined;
    try {
      const read = readFetchCall(input, init, options.describe);
      const call = read instanceof Promise ? await read : read;
      const policy = policyFor(call.description?.baseUrls ?? none);
      const current = new RequestSession({ authenticator, policy, replayable: call.replayable, signal: call.signal });
      session = current;
      const atHand = tlsDispatcher === undefined ? current.beginAtHand(call) : undefined;
      if (atHand === undefined) return await sendCall(pipe, call, current);
      // The credential was at hand: one fetch, and nearly every answer is neither a redirect to
      // follow nor a refusal to answer, so it goes back as it is.
      const answered = await send(call.url, initFor(call, call, withAdded(call.headers, atHand)));
      if (followsRedirect(call.redirect, answered.status)) return await sendCall(pipe, call, current, answered);
      const retry = current.respond(answered.status, answered.headers);
      if (retry !== false) return await sendCall(pipe, call, current, answered, retry);
      options.onResponse?.(answered, current);
      return answered;
    } catch (error) {
      if (session === undefined) redactError(error, none);
      else session.redact(error);
      throw error;
    }
  };
  pipelines.add(pipeline);
  return pipeline;
}

/** Every function {@link createFetchPipeline} made (authFetch's and kyAuth's). */
const pipelines = new WeakSet<object>();

/**
 * Whether `value` is a fetch made by {@link createFetchPipeline}: authwire is installed in it.
 *
 * @example
 * ```ts
 * if (isFetchPipeline(options.fetch)) throw secondInstallation('authFetch', 'the fetch it wraps');
 * ```
 */
export function isFetchPipeline(value: unknown): boolean {
  return typeof value === 'function' && pipelines.has(value);
}

/** The empty list, shared (lists here are replaced, never changed in place). */
const none: readonly never[] = Object.freeze([]);

/** What {@link sendCall} sends with. */
interface Pipe {
  readonly send: FetchFunction;
  readonly tlsDispatcher: (() => Promise<TlsDispatcher>) | undefined;
  readonly onResponse: FetchPipelineOptions['onResponse'];
}

/**
 * Sends `call` through `current` to its answer: every hop authenticated or stripped, redirects
 * followed, one retry after a challenge. `first` is the answer to a first hop already sent with
 * the credential at hand, and `firstRetry` what `respond` said of it.
 */
async function sendCall(pipe: Pipe, call: FetchCall, current: RequestSession, first?: Response, firstRetry?: Promise<boolean>): Promise<Response> {
  const { send, tlsDispatcher } = pipe;
  // What the last hop sent carried (`undefined`: a hop after the request left its origin).
  let sent: AuthenticatedRequest | undefined = current.first;
  /** Sends `hop` as authenticated (`result`, with `atHand` the headers it added), or bare after the request left its origin. */
  const sendAs = (hop: Hop, result: AuthenticatedRequest | undefined, atHand?: Readonly<Record<string, string>>): Promise<Response> => {
    sent = result;
    let url: URL | string;
    let sendInit: SendInit;
    if (atHand !== undefined) {
      url = hop.url;
      sendInit = initFor(call, hop, withAdded(hop.headers, atHand));
    } else if (result === undefined) {
      url = hop.url;
      const headers = new Headers(hop.headers);
      for (const name of current.credentialHeaders) headers.delete(name);
      sendInit = initFor(call, hop, headers);
    } else {
      // The caller's own string or URL while the authenticator left it alone: nothing to parse or print again.
      url = result.urlChanged ? result.url : hop.url;
      sendInit = authenticatedInit(call, hop, result);
    }
    if (tlsDispatcher !== undefined && result?.applied === true && (typeof url === 'string' ? url.startsWith('https:') : url.protocol === 'https:')) {
      return tlsDispatcher().then((dispatcher) => {
        sendInit.dispatcher = dispatcher;
        return send(url, sendInit);
      });
    }
    return send(url, sendInit);
  };
  // Not async: with the credential at hand, the hop goes to fetch in this turn.
  const sendHop = (hop: Hop): Promise<Response> => {
    const atHand = hop === call ? current.beginAtHand(hop) : undefined;
    if (atHand !== undefined) return sendAs(hop, current.first, atHand);
    const begun = hop === call ? current.begin(hop) : current.hop(hop);
    return begun instanceof Promise ? begun.then((result) => sendAs(hop, result)) : sendAs(hop, begun);
  };
  const nextHop = (hop: Hop, status: number, location: URL): Hop => {
    // Takes query credentials off the Location (it often repeats them), and refuses a body
    // credential bound for another origin: the next hop is authenticated afresh, or not at all.
    current.redirect(location, status, hop.method);
    return followRedirect(hop, status, location, call.resendable);
  };
  let answeredFirst = first;
  let pending = firstRetry;
  for (;;) {
    const answered = answeredFirst ?? (await sendHop(call));
    answeredFirst = undefined;
    const { response, hop, redirects } = followsRedirect(call.redirect, answered.status)
      ? await followRedirects<Hop>(call, call.redirect, maxRedirects, sendHop, nextHop, answered)
      : { response: answered, hop: call as Hop, redirects: 0 };
    const retry = pending ?? current.respond(response.status, response.headers);
    pending = undefined;
    if (retry !== false && (await retry)) {
      await discard(response);
      continue;
    }
    const presented = presentResponse(response, hop.url, (sent as AuthenticatedRequest | undefined)?.credentialQuery ?? none, redirects > 0);
    pipe.onResponse?.(presented, current);
    return presented;
  }
}

/** The init one hop is sent with: the caller's other members, `headers` and the body, redirects left to us. */
function initFor(call: FetchCall, hop: Hop, headers: HeadersInit, body: RawBody | undefined = hop.raw): SendInit {
  const init: SendInit = call.extra === noExtra ? { method: hop.method, headers, redirect: 'manual' } : { ...call.extra, method: hop.method, headers, redirect: 'manual' };
  if (body !== undefined) {
    init.body = body as BodyInit;
    if (typeof body !== 'string' && !(body instanceof Uint8Array) && !(body instanceof FormData)) init.duplex = 'half';
  }
  if (call.signal !== undefined) init.signal = call.signal;
  return init;
}

/** The init of a hop the authenticator edited (`sent`): its headers, and its body if it changed it. */
function authenticatedInit(call: FetchCall, hop: Hop, sent: AuthenticatedRequest): SendInit {
  let body = hop.raw;
  let contentType: string | undefined;
  if (sent.bodyChanged) {
    const serialized = serializeBody(sent.body);
    body = serialized.data;
    if (serialized.contentType !== undefined && !sent.headers.has('content-type')) contentType = serialized.contentType;
  }
  return initFor(call, hop, headersInit(hop, sent, contentType), body);
}

/**
 * The headers fetch is given. When the caller's were a plain object, the authenticator's
 * headers read through to that object: send the object with its changes, which undici reads
 * for less than it copies `Headers`.
 */
function headersInit(hop: Hop, sent: AuthenticatedRequest, contentType: string | undefined): HeadersInit {
  const { headers } = sent;
  if (!isHeaderObject(hop.headers)) {
    if (contentType !== undefined) headers.set('content-type', contentType);
    return headers;
  }
  const { changedHeaders, removedHeaders } = sent;
  if (changedHeaders.length === 0 && removedHeaders.length === 0 && contentType === undefined) return hop.headers;
  const result: Record<string, string> = {};
  for (const name of Object.keys(hop.headers)) {
    const key = name.toLowerCase();
    if (!changedHeaders.includes(key) && !removedHeaders.includes(key)) result[name] = hop.headers[name] as string;
  }
  for (const name of changedHeaders) result[name] = headers.get(name) as string;
  if (contentType !== undefined) result['content-type'] = contentType;
  return result;
}

/** The caller's headers with `added` (lower-case names) set in place of any of the same name. */
function withAdded(given: Headers | HeaderObject, added: Readonly<Record<string, string>>): HeadersInit {
  if (given === noHeaders) return added;
  // A record: undici reads one for less than it copies `Headers`.
  const result: Record<string, string> = {};
  if (isHeaderObject(given)) {
    for (const name in given) if (!Object.hasOwn(added, name.toLowerCase())) result[name] = given[name] as string;
  } else {
    given.forEach((value, name) => {
      if (!Object.hasOwn(added, name)) result[name] = value;
    });
  }
  return Object.assign(result, added);
}
