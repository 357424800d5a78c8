// axios's fetch adapter lets fetch follow redirects, where the `beforeRedirect` guard of the Node
// adapter never runs: fetch would take custom headers and query credentials to another origin.
// For a request that carries credentials, authwire hands the adapter a fetch of its own
// (`config.env.fetch`) that follows redirects itself, each hop through the same guard.
import type { InternalAxiosRequestConfig } from 'axios';
import { serializeBody, type TlsDispatcher } from '../../src/entries/adapter-kit.js';
import { signRedirectHop, type SignedHop } from '../../src/adapter-kit/hop-signing.js';
import type { RequestSession } from '../../src/adapter-kit/request-session.js';
import { dropBodyHeaders, followRedirects, maxRedirects, redirectsToGet } from './fetch-redirect.js';
import { StateSlot } from './state-slot.js';

/** The fetch axios's adapter calls: with a `Request` and the remaining `fetchOptions`. */
type AxiosFetch = (input: URL | Request | string, init?: RequestInit) => Promise<Response>;

/** What one request's fetch follows, carried in its `fetchOptions` under a private symbol (axios copies it through) in a ticket that shows nothing. */
interface FollowState {
  readonly session: RequestSession;
  /** The redirect mode the caller asked for; only `follow` is followed here. */
  readonly mode: RequestRedirect;
  /** The most redirects followed (axios's `maxRedirects`, at most fetch's 20). */
  readonly limit: number;
  /** The authenticator's client certificate as an undici dispatcher, for the hops on the first origin. */
  readonly tls: (() => Promise<TlsDispatcher>) | undefined;
}

const followKey = Symbol('authwire.follow');
const follow = new StateSlot<FollowState>();

/** One hop: its request, made once signed (a promise while the authenticator signs), and the request sent. */
interface FetchHop {
  readonly url: string;
  readonly ready: Request | Promise<Request>;
  sent?: Request;
}

/** Members of RequestInit that the `Request` itself carries; the rest (undici's `dispatcher`, ...) go with every hop. */
const requestMembers = new Set(['method', 'headers', 'body', 'signal', 'duplex', 'credentials', 'mode', 'cache', 'referrer', 'referrerPolicy', 'integrity', 'keepalive', 'window', 'priority', 'redirect']);

/**
 * Makes axios's fetch adapter send `config` through a fetch that follows redirects as `session` decides:
 * the same origin keeps the credentials, another origin gets none, and a body holding a
 * credential is never resent to another origin (`ERR_AUTH_REDIRECT_BLOCKED`). With `tls`, the
 * hops to the first origin over https are sent with that undici dispatcher (the client
 * certificate) in place of the caller's. `redirect: 'manual'` is set as well, so that an axios
 * that does not read `env.fetch` returns the 3xx rather than letting fetch follow it.
 *
 * @example
 * ```ts
 * if (result.applied && sendsWithFetch(config.adapter)) followThroughSession(config, session, tlsDispatcher);
 * ```
 */
export function followThroughSession(config: InternalAxiosRequestConfig, session: RequestSession, tls: (() => Promise<TlsDispatcher>) | undefined): void {
  const own = config.fetchOptions as Readonly<Record<string | symbol, unknown>> | undefined;
  // A config sent again carries our 'manual': the caller's own mode is the one remembered.
  const previous = follow.read(own?.[followKey]);
  const asked = (previous?.mode ?? own?.['redirect'] ?? 'follow') as RequestRedirect;
  const mode: RequestRedirect = config.maxRedirects === 0 ? 'manual' : asked;
  const limit = typeof config.maxRedirects === 'number' && config.maxRedirects >= 0 ? Math.min(config.maxRedirects, maxRedirects) : maxRedirects;
  const fetchOptions: Record<string | symbol, unknown> = { ...own, redirect: 'manual', [followKey]: follow.issue({ session, mode, limit, tls }) };
  config.fetchOptions = fetchOptions as NonNullable<InternalAxiosRequestConfig['fetchOptions']>;
  config.env = { ...config.env, fetch: followingFetch(config.env?.fetch) };
}

/** The wrapper of each fetch wrapped so far (axios keeps an adapter per fetch function, so one each). */
const wrappers = new WeakMap<AxiosFetch, AxiosFetch>();
/** Each wrapper's own fetch (`undefined`: the global one looked up on each call). */
const wrapped = new WeakMap<AxiosFetch, AxiosFetch | undefined>();
let globalWrapper: AxiosFetch | undefined;

function followingFetch(given: AxiosFetch | undefined): AxiosFetch {
  // A config sent again already holds our wrapper: wrap what it wraps, not the wrapper.
  const send = given !== undefined && wrapped.has(given) ? wrapped.get(given) : given;
  if (send === undefined) return (globalWrapper ??= makeFollowing(undefined));
  let wrapper = wrappers.get(send);
  if (wrapper === undefined) {
    wrapper = makeFollowing(send);
    wrappers.set(send, wrapper);
  }
  return wrapper;
}

function makeFollowing(own: AxiosFetch | undefined): AxiosFetch {
  const send: AxiosFetch = own ?? ((input, init) => globalThis.fetch(input, init));
  const following: AxiosFetch = async (input, init) => {
    const state = follow.read((init as Readonly<Record<symbol, unknown>> | undefined)?.[followKey]);
    if (state === undefined) return send(input, init);
    const passed: Record<string, unknown> = {};
    for (const key in init) if (!requestMembers.has(key)) passed[key] = (init as Record<string, unknown>)[key];

    // Kept for a 307/308, which sends the body again; the copy is dropped with the response.
    let spare: Request | undefined;
    const sendHop = async (hop: FetchHop): Promise<Response> => {
      const request = await hop.ready;
      hop.sent = request;
      spare = state.mode === 'follow' && request.body !== null ? request.clone() : undefined;
      return send(request, await hopInit(state, request.url, passed));
    };
    const nextHop = (hop: FetchHop, status: number, location: URL): FetchHop => {
      const request = hop.sent as Request;
      const toGet = redirectsToGet(status, request.method);
      const method = toGet ? 'GET' : request.method;
      const headers = new Headers(request.headers);
      if (toGet) dropBodyHeaders(headers);
      for (const name of state.session.redirect(location, status, request.method, { restoreQuery: true })) headers.delete(name);
      const make = (url: URL, body: BodyInit | null): Request => new Request(url, {
        method,
        headers,
        body,
        duplex: 'half',
        redirect: 'manual',
        signal: request.signal,
        cache: request.cache,
        credentials: request.credentials,
        keepalive: request.keepalive,
        referrerPolicy: request.referrerPolicy,
      } as RequestInit);
      const resent = toGet ? null : (spare?.body ?? null);
      const signed = signRedirectHop(state.session, { status, method, url: location, headers, keepsBody: !toGet && request.body !== null, fixedBody: false });
      if (signed === undefined) {
        for (const [name, value] of Object.entries(state.session.hopHeaders(location, method))) headers.set(name, value);
        return { url: location.href, ready: make(location, resent) };
      }
      const build = ({ result, headers: names, body }: SignedHop): Request => {
        for (const name of names) {
          const value = result.headers.get(name);
          if (value === null) headers.delete(name);
          else headers.set(name, value);
        }
        if (body === undefined) return make(result.urlChanged ? result.url : location, resent);
        headers.delete('content-length');
        return make(result.urlChanged ? result.url : location, (serializeBody(body).data ?? null) as BodyInit | null);
      };
      return { url: location.href, ready: signed instanceof Promise ? signed.then(build) : build(signed) };
    };
    const first = new Request(input, { ...init, redirect: 'manual' });
    return (await followRedirects<FetchHop>({ url: first.url, ready: first }, state.mode, state.limit, sendHop, nextHop)).response;
  };
  wrapped.set(following, own);
  return following;
}

/** The init of one hop: the caller's other options, with the client-certificate dispatcher while on the first origin over https. */
async function hopInit(state: FollowState, url: string, passed: Readonly<Record<string, unknown>>): Promise<RequestInit> {
  if (state.tls === undefined || state.session.left || !url.startsWith('https:')) return passed;
  return { ...passed, dispatcher: await state.tls() } as RequestInit;
}
