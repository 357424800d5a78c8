// The fetch standard's HTTP-redirect fetch steps, for a pipeline that follows redirects itself.
import type { AuthBody } from '../../src/index.js';
import type { HeaderObject, RawBody } from './fetch-request.js';
import { discard } from './fetch-response.js';

/** The most redirects fetch follows before it fails. */
export const maxRedirects = 20;

/** One hop of a request, before authentication. */
export interface Hop {
  /** Absolute: the caller's string (or URL) on the first hop, a parsed Location after. */
  readonly url: URL | string;
  readonly method: string;
  readonly headers: Headers | HeaderObject;
  readonly body: AuthBody;
  readonly raw: RawBody | undefined;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * Whether a response with `status` needs {@link followRedirects} under redirect `mode`: a redirect
 * status, unless the caller takes redirects as they come (`manual`). Nearly every response does not.
 *
 * @example
 * ```ts
 * if (followsRedirect('follow', response.status)) await followRedirects(call, 'follow', 20, send, next, response);
 * ```
 */
export function followsRedirect(mode: RequestRedirect, status: number): boolean {
  return mode !== 'manual' && redirectStatuses.has(status);
}

const requestBodyHeaders = ['content-encoding', 'content-language', 'content-location', 'content-type', 'content-length'];

/**
 * Where a response sends a call next under fetch's redirect `mode`: `undefined` for `manual`,
 * for a response that is not a redirect (not 301/302/303/307/308, or no `Location`); throws
 * fetch's `TypeError` for `error`, for a Location that is not a URL or not http(s).
 *
 * @example
 * ```ts
 * redirectTarget('follow', new Response(null, { status: 302, headers: { location: '/next' } }), 'https://a.example/x'); // https://a.example/next
 * ```
 */
export function redirectTarget(mode: RequestRedirect, response: Response, current: URL | string): URL | undefined {
  if (mode === 'manual' || !redirectStatuses.has(response.status)) return undefined;
  if (mode === 'error') throw fetchFailed('unexpected redirect');
  const location = response.headers.get('location');
  if (location === null) return undefined;
  const base = typeof current === 'string' ? new URL(current) : current;
  let next: URL;
  try {
    next = new URL(location, base);
  } catch {
    throw fetchFailed('invalid redirect URL');
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') throw fetchFailed('URL scheme must be a HTTP(S) scheme');
  if (next.hash === '' && base.hash !== '') next.hash = base.hash;
  return next;
}

/**
 * The next hop after a redirect, by the fetch standard: 301/302 turn a POST into a GET without
 * a body, 303 turns anything but GET/HEAD into one; 307/308 keep method and body. A body that
 * cannot be sent again (a stream) fails the redirect unless it is dropped by a 303.
 *
 * @example
 * ```ts
 * const next = followRedirect(hop, 303, new URL('https://a.example/done'), true); // a GET without body
 * ```
 */
export function followRedirect(hop: Hop, status: number, location: URL, resendable: boolean): Hop {
  if (status !== 303 && hop.raw !== undefined && !resendable) throw fetchFailed('cannot follow a redirect with a body that cannot be sent again (a stream)');
  if (!redirectsToGet(status, hop.method)) return { ...hop, url: location, headers: new Headers(hop.headers) };
  const headers = new Headers(hop.headers);
  dropBodyHeaders(headers);
  return { url: location, method: 'GET', headers, body: { type: 'none' }, raw: undefined };
}

/**
 * Whether a redirect with `status` turns a request with `method` into a GET without a body
 * (fetch standard: 301/302 after a POST, 303 after anything but GET and HEAD).
 *
 * @example
 * ```ts
 * redirectsToGet(303, 'PUT'); // true
 * redirectsToGet(307, 'POST'); // false
 * ```
 */
export function redirectsToGet(status: number, method: string): boolean {
  return ((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD');
}

/**
 * Deletes the headers that describe a request body, for a hop that is sent without it.
 *
 * @example
 * ```ts
 * dropBodyHeaders(headers); // content-type, content-length, ... gone
 * ```
 */
export function dropBodyHeaders(headers: Headers): void {
  for (const name of requestBodyHeaders) headers.delete(name);
}

/**
 * The error fetch rejects with for a network-level failure: a `TypeError` with a cause.
 *
 * @example
 * ```ts
 * throw fetchFailed('redirect count exceeded');
 * ```
 */
export function fetchFailed(reason: string): TypeError {
  return new TypeError('fetch failed', { cause: new Error(reason) });
}

/**
 * Sends `first`, then every hop its redirects lead to under fetch's redirect `mode`, at most
 * `limit` of them: the one redirect loop of the fetch adapters. `send` sends a hop; `next` makes
 * the hop after a redirect (it may throw to refuse it). Redirect responses are discarded; the
 * last response is returned with the hop it answers. `answered` is the response to `first` when
 * it has been sent already.
 *
 * @example
 * ```ts
 * const { response, hop } = await followRedirects(call, 'follow', 20, sendHop, (hop, status, location) => followRedirect(hop, status, location, true));
 * ```
 */
export async function followRedirects<H extends { readonly url: URL | string }>(
  first: H,
  mode: RequestRedirect,
  limit: number,
  send: (hop: H) => Promise<Response>,
  next: (hop: H, status: number, location: URL) => H,
  answered?: Response,
): Promise<{ readonly response: Response; readonly hop: H; readonly redirects: number }> {
  let hop = first;
  for (let redirects = 0; ; redirects++) {
    const response = redirects === 0 && answered !== undefined ? answered : await send(hop);
    let location: URL | undefined;
    try {
      location = redirectTarget(mode, response, hop.url);
    } catch (error) {
      await discard(response);
      throw error;
    }
    if (location === undefined) return { response, hop, redirects };
    await discard(response);
    if (redirects >= limit) throw fetchFailed('redirect count exceeded');
    hop = next(hop, response.status, location);
  }
}
