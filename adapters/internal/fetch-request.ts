// Turns fetch's (input, init) into one description of the call, with the body read once.
import { parseBody } from '../../src/entries/adapter-kit.js';
import { type AuthBody } from '../../src/index.js';

/** A caller's headers as a plain object, as fetch takes them (`{ accept: 'application/json' }`). */
export type HeaderObject = Readonly<Record<string, string>>;

/** What a client wrapping the fetch pipeline knows about a call that the Request itself cannot say. */
export interface CallDescription {
  /** Absolute base URLs of the client (ky's `prefixUrl`, `prefix`, `baseUrl`): their origins may receive credentials. */
  readonly baseUrls: readonly string[];
  /** The body the client was given is a stream or a `FormData`: pass it through, never read or resend it. */
  readonly opaqueBody: boolean;
  /** The call's signal, when the Request does not carry it. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Finds a client's description of the call a `Request` belongs to. A pipeline given one takes a
 * `Request` it is handed as the client's own, made for that call alone: it reads and changes that
 * Request's headers in place instead of copying them.
 */
export type DescribeCall = (request: Request) => CallDescription | undefined;

/** A body as it can be sent: text or bytes read once, or an opaque body passed through. */
export type RawBody = string | Uint8Array | FormData | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** One fetch call, normalised. */
export interface FetchCall {
  /** The URL as the caller gave it (a Request's, a `URL`'s `href`, or the string): the kit parses it when it needs to. */
  readonly url: string;
  /** The method as fetch sends it (DELETE, GET, HEAD, OPTIONS, POST, PUT upper-cased; others as given). */
  readonly method: string;
  /**
   * The caller's headers: a copy in WHATWG `Headers`, with the content type fetch would have added
   * for the body; or, for a call with neither a body nor a `Request` whose headers were a plain
   * object or none, a copy of that object (undici reads a plain object for less than it copies
   * `Headers`, and most calls are of this kind). Never changed once read.
   */
  readonly headers: Headers | HeaderObject;
  /** The body as the authenticator sees it. */
  readonly body: AuthBody;
  /** The body as it is sent while no authenticator changes it. */
  readonly raw: RawBody | undefined;
  /** May be sent again after a 401 (text and bytes; not a stream or a FormData). */
  readonly replayable: boolean;
  /** May follow a 307/308 redirect (fetch: a body whose source is not a stream). */
  readonly resendable: boolean;
  readonly redirect: RequestRedirect;
  readonly signal: AbortSignal | undefined;
  /** Every other init member (`dispatcher`, `keepalive`, ...), passed through to the wrapped fetch. */
  readonly extra: Readonly<Record<string, unknown>>;
  readonly description: CallDescription | undefined;
}

const ownInitKeys = new Set(['method', 'headers', 'body', 'redirect', 'signal', 'duplex', 'window']);
const normalisedMethods = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/**
 * Whether `value` is a fetch `Request`, also from another realm or copy of undici.
 *
 * @example
 * ```ts
 * isRequest(new Request('https://example.com/')); // true
 * ```
 */
export function isRequest(value: unknown): value is Request {
  // A URL string, the usual input, is answered without boxing it for the brand check.
  return typeof value === 'object' && value !== null && (value instanceof Request || Object.prototype.toString.call(value) === '[object Request]');
}

/**
 * Normalises `input` and `init` as fetch does, reading a buffered body once (string,
 * URLSearchParams, ArrayBuffer and views, Blob, or the body of a `Request`) so that it can be
 * authenticated and sent again.
 *
 * @example
 * ```ts
 * const call = await readFetchCall('https://api.example.com/items', { method: 'POST', body: new URLSearchParams({ a: '1' }) });
 * call.body; // { type: 'form', value: URLSearchParams { a: '1' } }
 * ```
 */
export function readFetchCall(input: RequestInfo | URL, init: RequestInit | undefined, describe?: DescribeCall): FetchCall | Promise<FetchCall> {
  const request = isRequest(input) ? input : undefined;
  const url = request?.url ?? (input instanceof URL ? input.href : String(input));
  const method = fetchMethod(init?.method ?? request?.method ?? 'GET');
  let extra: Readonly<Record<string, unknown>> = noExtra;
  for (const key in init) {
    const value = (init as Record<string, unknown>)[key];
    if (ownInitKeys.has(key) || value === undefined) continue;
    if (extra === noExtra) extra = {};
    (extra as Record<string, unknown>)[key] = value;
  }
  const description = request !== undefined ? describe?.(request) : undefined;
  const signal = description?.signal ?? init?.signal ?? request?.signal ?? undefined;
  const redirect = init?.redirect ?? request?.redirect ?? 'follow';
  const given = init?.headers ?? undefined;
  if (request === undefined && describe === undefined && init?.body == null && (given === undefined || isPlainObject(given))) {
    // Nothing to add to these headers and nothing to read from them: keep them as an object.
    const headers: HeaderObject = given === undefined ? noHeaders : { ...given };
    return { url, method, headers, extra, description: undefined, signal, redirect, body: noneBody, raw: undefined, replayable: true, resendable: true };
  }
  // A wrapping client (ky) hands over a Request it made for this call alone: its headers need no copy.
  const headers = given === undefined && request !== undefined && describe !== undefined ? request.headers : new Headers(given ?? request?.headers);
  const call: Writable<FetchCall> & { headers: Headers } = {
    url, method, headers, extra, description, signal, redirect, body: noneBody, raw: undefined, replayable: true, resendable: true,
  };

  // Read synchronously when the body allows (nearly always): no promise, no extra turn of the loop.
  let read: ReadBody | Promise<ReadBody>;
  if (init?.body != null) read = readBodyInit(init.body);
  else if (request?.body != null) read = description?.opaqueBody === true ? opaque(request.body, false) : request.arrayBuffer().then((bytes) => buffered(new Uint8Array(bytes)));
  else read = noBody;
  return read instanceof Promise ? read.then((body) => withBody(call, body)) : withBody(call, read);
}

/** The method as fetch sends it: the six it normalises upper-cased, others as given. */
function fetchMethod(given: string): string {
  if (given === 'GET' || given === 'POST') return given;
  const upper = given.toUpperCase();
  return normalisedMethods.has(upper) ? upper : given;
}

/** An object literal that fetch reads as a record (not Headers, not a list of pairs, nothing it would iterate). */
function isPlainObject(value: HeadersInit): value is HeaderObject {
  return isHeaderObject(value) && !(Symbol.iterator in value);
}

/**
 * Whether a call's headers are kept as a plain object (see {@link FetchCall.headers}) rather
 * than `Headers`, also `Headers` of another copy of undici.
 *
 * @example
 * ```ts
 * isHeaderObject({ accept: 'application/json' }); // true
 * ```
 */
export function isHeaderObject(headers: HeadersInit): headers is HeaderObject {
  const prototype: unknown = Object.getPrototypeOf(headers);
  return prototype === Object.prototype || prototype === null;
}

/** The headers of a call that has none, shared. */
export const noHeaders: HeaderObject = Object.freeze({});

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The `extra` of a call that has none, shared. */
export const noExtra: Readonly<Record<string, unknown>> = Object.freeze({});

/** Completes `call` with its body. */
function withBody(call: Writable<FetchCall> & { headers: Headers }, read: ReadBody): FetchCall {
  const { method, headers } = call;
  if ((method === 'GET' || method === 'HEAD') && read.body !== undefined) throw new TypeError('Request with GET/HEAD method cannot have body.');
  if (read.contentType !== undefined && !headers.has('content-type')) headers.set('content-type', read.contentType);
  if (read.body === undefined) return call;
  const isBuffered = typeof read.body === 'string' || read.body instanceof Uint8Array;
  call.raw = read.body;
  call.body = isBuffered ? parseBody(read.body as string | Uint8Array, headers.get('content-type')) : { type: 'stream' };
  call.replayable = isBuffered;
  call.resendable = isBuffered || read.resendable === true;
  return call;
}

interface ReadBody {
  readonly body: RawBody | undefined;
  readonly contentType?: string;
  readonly resendable?: boolean;
}

const noBody: ReadBody = { body: undefined };
const noneBody: AuthBody = Object.freeze({ type: 'none' });
const buffered = (body: string | Uint8Array, contentType?: string): ReadBody => (contentType === undefined || contentType === '' ? { body } : { body, contentType });
const opaque = (body: RawBody, resendable: boolean): ReadBody => ({ body, resendable });

function readBodyInit(body: BodyInit): ReadBody | Promise<ReadBody> {
  if (typeof body === 'string') return buffered(body, 'text/plain;charset=UTF-8');
  if (body instanceof URLSearchParams) return buffered(body.toString(), 'application/x-www-form-urlencoded;charset=UTF-8');
  if (body instanceof ArrayBuffer) return buffered(new Uint8Array(body.slice(0)));
  if (ArrayBuffer.isView(body)) return buffered(new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice());
  if (body instanceof Blob) return body.arrayBuffer().then((bytes) => buffered(new Uint8Array(bytes), body.type));
  // A FormData is re-encoded by fetch on each send, so a redirect may resend it; the authenticator cannot read it.
  if (body instanceof FormData) return opaque(body, true);
  return opaque(body, false);
}
