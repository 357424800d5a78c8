// The one fetch pipeline behind authFetch and kyAuth: authenticate every attempt, follow
// redirects ourselves so credentials never cross origins, answer one 401 with one retry.
import { clientSecureContext, redactError, serializeBody, tlsDispatcherLoader, type AuthenticatedRequest, type TlsDispatcher } from '../../src/entries/adapter-kit.js';
import { type AdapterOptions, type Authenticator } from '../../src/index.js';
import { RequestSession } from '../../src/adapter-kit/request-session.js';
import { followRedirect, followRedirects, maxRedirects, type Hop } from './fetch-redirect.js';
import { originPolicies } from './policy-cache.js';
import { isHeaderObject, readFetchCall, type DescribeCall, type FetchCall } from './fetch-request.js';
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
  /** Told, for each response handed on, the secrets sent for it (so a client's own errors can be redacted). */
  readonly onResponse?: (response: Response, secrets: readonly string[]) => void;
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

  const pipeline: FetchFunction = async function authenticatedFetch(input, init) {
    let session: RequestSession | undefined;
    try {
      const read = readFetchCall(input, init, options.describe);
      const call = read instanceof Promise ? await read : read;
      const policy = policyFor(call.description?.baseUrls ?? none);
      const current = new RequestSession({ authenticator, policy, replayable: call.replayable, signal: call.signal });
      session = current;
      // What the last hop sent carried (`undefined`: a hop after the request left its origin).
      let sent: AuthenticatedRequest | undefined;
      const sendHop = async (hop: Hop): Promise<Response> => {
        sent = hop === call ? await current.begin(hop) : await current.hop(hop);
        let url: URL;
        let headers: Headers;
        if (sent === undefined) {
          url = new URL(hop.url);
          headers = new Headers(hop.headers);
          for (const name of current.credentialHeaders) headers.delete(name);
        } else {
          ({ url, headers } = sent);
        }
        const sendInit = initFor(call, hop, headers, sent);
        if (tlsDispatcher !== undefined && sent?.applied === true && url.protocol === 'https:') sendInit.dispatcher = await tlsDispatcher();
        return send(url, sendInit);
      };
      const nextHop = (hop: Hop, status: number, location: URL): Hop => {
        // Takes query credentials off the Location (it often repeats them), and refuses a body
        // credential bound for another origin: the next hop is authenticated afresh, or not at all.
        current.redirect(location, status, hop.method);
        return followRedirect(hop, status, location, call.resendable);
      };
      for (;;) {
        const { response, hop, redirects } = await followRedirects<Hop>(call, call.redirect, maxRedirects, sendHop, nextHop);
        const retry = current.respond(response.status, response.headers);
        if (retry !== false && (await retry)) {
          await discard(response);
          continue;
        }
        const presented = presentResponse(response, hop.url, (sent as AuthenticatedRequest | undefined)?.credentialQuery ?? none, redirects > 0);
        options.onResponse?.(presented, current.secrets);
        return presented;
      }
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

/** The init one hop is sent with: the caller's other members, our headers and body, redirects left to us. */
function initFor(call: FetchCall, hop: Hop, headers: Headers, sent: AuthenticatedRequest | undefined): SendInit {
  let body = hop.raw;
  let contentType: string | undefined;
  if (sent?.bodyChanged === true) {
    const serialized = serializeBody(sent.body);
    body = serialized.data;
    if (serialized.contentType !== undefined && !headers.has('content-type')) contentType = serialized.contentType;
  }
  const init: SendInit = { ...call.extra, method: hop.method, headers: headersInit(hop, headers, sent, contentType), redirect: 'manual' };
  if (body !== undefined) {
    init.body = body as BodyInit;
    if (typeof body !== 'string' && !(body instanceof Uint8Array) && !(body instanceof FormData)) init.duplex = 'half';
  }
  if (call.signal !== undefined) init.signal = call.signal;
  return init;
}

/**
 * The headers fetch is given. When the caller's were a plain object and this hop was
 * authenticated, `headers` read through to that object: send the object with the
 * authenticator's changes, which undici reads for less than it copies `Headers`.
 */
function headersInit(hop: Hop, headers: Headers, sent: AuthenticatedRequest | undefined, contentType: string | undefined): HeadersInit {
  if (sent === undefined || !isHeaderObject(hop.headers)) {
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
