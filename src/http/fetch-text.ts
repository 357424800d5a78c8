// The one way authwire sends a request of its own (token endpoint, session login, profile,
// server metadata) and reads the answer: no redirects followed, nothing cached, the caller's
// signal, a body read with a byte cap while it streams, and failures told apart by kind.
import { AuthError, markScrubbed } from '../errors.js';
import { classifyNetworkError, describeNetworkFailure } from './network-error.js';
import { scrubCause } from './sanitize-text.js';

/**
 * The most bytes of a response body authwire reads: 1 MiB. Token, login, profile and metadata
 * answers are a few kilobytes; an endless or huge body is cut off here instead of being read
 * until the request timeout.
 *
 * @example
 * ```ts
 * const { text } = await fetchText({ url, init: { method: 'GET' }, fetch, signal, what: 'profile request', secrets: [] });
 * text.length <= MAX_RESPONSE_BYTES; // true
 * ```
 */
export const MAX_RESPONSE_BYTES = 1 << 20;

/** The fetch signature authwire calls. */
export type FetchFunction = (input: URL, init: RequestInit) => Promise<Response>;

/** One request {@link fetchText} sends. */
export interface FetchTextRequest {
  readonly url: URL;
  /** Method, headers, body. `redirect: 'manual'`, `cache: 'no-store'` and `signal` are set here. */
  readonly init: Omit<RequestInit, 'signal' | 'redirect'>;
  readonly fetch: FetchFunction;
  /** Its abort reason, when an {@link AuthError} (a timeout, a close), is what the caller gets. */
  readonly signal: AbortSignal;
  /** Names the request in messages, e.g. `token request (client_credentials) to https://auth.example.com`. */
  readonly what: string;
  /** Every secret sent, scrubbed from the cause's message. */
  readonly secrets: readonly string[];
  /** Whether a network failure may be retried (default: every kind but `tls`). */
  readonly retryable?: boolean;
}

/** An answer with its body read (an error answer's body cut at the cap). */
export interface TextResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/**
 * Sends the request and reads its body as UTF-8 text, stopping at {@link MAX_RESPONSE_BYTES}: a 2xx body that
 * passes the cap fails with `ERR_AUTH_TOKEN_REQUEST_FAILED` saying so (the stream is cancelled,
 * the rest never read); an error answer's body is cut there, so its status still counts.
 * Network failures are `ERR_AUTH_TOKEN_REQUEST_FAILED` with `details.reason` (a
 * `NetworkErrorReason`), the scrubbed cause, and `retryable` false for TLS.
 *
 * @example
 * ```ts
 * const answer = await fetchText({ url, init: { method: 'POST', headers, body }, fetch: globalThis.fetch, signal, what: 'token request', secrets: [clientSecret] });
 * ```
 */
export async function fetchText(request: FetchTextRequest): Promise<TextResponse> {
  const { signal, what } = request;
  let response: Response;
  try {
    response = await request.fetch(request.url, { ...request.init, redirect: 'manual', signal, cache: 'no-store' });
  } catch (error) {
    throw failure(request, error, `${what} failed`);
  }
  let text: string;
  try {
    ({ text } = await readBody(response, what));
  } catch (error) {
    throw failure(request, error, `${what}: reading the response (HTTP ${response.status}) failed`, response.status);
  }
  return { status: response.status, headers: response.headers, text };
}

/**
 * Reads `response`'s body as UTF-8 text, at most `maxBytes`: a 2xx body that passes the cap (or
 * declares a longer `Content-Length`) fails with `ERR_AUTH_TOKEN_REQUEST_FAILED` naming `what`
 * and the cap; an error answer's body is cut there. Past the cap the stream is cancelled, which
 * closes the connection. Errors of the stream itself are thrown as they are.
 *
 * @example
 * ```ts
 * const { text } = await readBody(await fetch(url), `token request to ${url.origin}`);
 * ```
 */
export async function readBody(response: Response, what: string, maxBytes = MAX_RESPONSE_BYTES): Promise<{ readonly text: string }> {
  const ok = response.status >= 200 && response.status < 300;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (ok && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(what, response.status, maxBytes);
  }
  const { text, cut } = await readCapped(response, maxBytes);
  if (cut && ok) throw tooLarge(what, response.status, maxBytes);
  return { text };
}

/**
 * Reads up to `maxBytes` of the body. A WHATWG stream (undici) and a Node stream (node-fetch)
 * are both async iterables; leaving the loop early cancels or destroys it.
 */
async function readCapped(response: Response, maxBytes: number): Promise<{ readonly text: string; readonly cut: boolean }> {
  const body = response.body as AsyncIterable<Uint8Array> | null | undefined;
  if (body === null) return { text: '', cut: false };
  if (body === undefined) {
    // A hand-made response with only text(): read whole, then held to the same cap.
    const bytes = new TextEncoder().encode(await response.text());
    return { text: new TextDecoder().decode(bytes.subarray(0, maxBytes)), cut: bytes.byteLength > maxBytes };
  }
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for await (const chunk of body) {
    const room = maxBytes - size;
    if (chunk.byteLength > room) return { text: text + decoder.decode(chunk.subarray(0, room)), cut: true };
    size += chunk.byteLength;
    text += decoder.decode(chunk, { stream: true });
  }
  return { text: text + decoder.decode(), cut: false };
}

function tooLarge(what: string, status: number, maxBytes: number): AuthError {
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `${what}: HTTP ${status}, but the response body passed the ${maxBytes}-byte limit and was not read further`, {
    details: { status, retryable: false, maxResponseBytes: maxBytes },
  });
}

/** The caller's own abort reason as it is; an AuthError from a wrapping fetch as it is; else a classified network failure. */
function failure(request: FetchTextRequest, error: unknown, prefix: string, status?: number): AuthError {
  if (request.signal.aborted && request.signal.reason instanceof AuthError) return request.signal.reason;
  if (error instanceof AuthError) return error;
  const kind = classifyNetworkError(error);
  const retryable = kind.reason !== 'tls' && request.retryable !== false;
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `${prefix}: ${describeNetworkFailure(kind)}`, {
    // Scrubbed of every secret sent, so util.inspect may show its message (the system error's words).
    cause: markScrubbed(scrubCause(error, request.secrets, kind.code)),
    details: { retryable, reason: kind.reason, ...(status === undefined ? {} : { status }) },
  });
}
