// got keeps one mutable Options per attempt, copied from the previous attempt's (credentials
// included) for its own retries, for `retryWithMergedOptions` and for redirects. authwire writes
// its changes into Options, remembers them, and takes them back out before the next attempt
// authenticates afresh.
import type { Options } from 'got';
import { parseBody, serializeBody, type AuthenticatedRequest } from '../../src/entries/adapter-kit.js';
import { type AuthBody } from '../../src/index.js';

type HeaderValue = string | string[] | undefined;
type GotBody = Options['body'];

/**
 * The parts of got's Options that authwire reads and writes, structurally (hooks receive got's
 * `NormalizedOptions`, errors hold `Options`; both fit, in got 14 and later).
 */
export interface GotOptionsView {
  url: string | URL | undefined;
  body: GotBody;
  /** Unserialized bodies: got moves them into `body` before `beforeRequest`, a later merge may set them again. */
  readonly json: unknown;
  readonly form: Options['form'];
  readonly headers: Record<string, HeaderValue>;
  readonly method: string;
  readonly context: Record<string, unknown>;
  readonly prefixUrl: string | URL;
  readonly signal: AbortSignal | undefined;
  /** got's own TLS options object of this attempt (authwire writes the client certificate into it). */
  readonly https: Options['https'];
}

/** A header authwire wrote into got's Options: its lower-case name, its value before, and the last value written (`undefined`: deleted). */
interface WrittenHeader {
  readonly name: string;
  readonly before: HeaderValue;
  written: string | undefined;
}

/** What one attempt changed in its Options, to be undone before the next attempt. */
export interface Applied {
  readonly result: AuthenticatedRequest;
  /** Each header written, once (a list: one or two entries, cheaper than a Map). */
  readonly headers: readonly WrittenHeader[];
  readonly url: { readonly before: URL; readonly written: URL } | undefined;
  readonly body: { readonly before: GotBody; readonly written: GotBody } | undefined;
}

/** No body: shared, as nothing edits it (an authenticator that reads the body gets a copy). */
const none = Object.freeze({ body: Object.freeze({ type: 'none' }), replayable: true } as const);

/**
 * Reads got's body as the authenticator sees it. `beforeRequest` runs after got has serialized
 * `json` and `form` into `body`, so a string or bytes body is read by its content type; anything
 * else (a stream, an iterable, `FormData`) can be neither changed nor sent twice.
 */
export function readGotBody(body: unknown, contentType: string | null): { readonly body: AuthBody; readonly replayable: boolean } {
  if (body === undefined) return none;
  if (typeof body === 'string') return { body: parseBody(body, contentType), replayable: true };
  if (ArrayBuffer.isView(body)) {
    return { body: parseBody(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), contentType), replayable: true };
  }
  return { body: { type: 'stream' }, replayable: false };
}

/** Writes what {@link authenticateOutgoing} changed into got's Options; `url` is the URL it was given. */
export function applyResult(options: GotOptionsView, url: URL, result: AuthenticatedRequest): Applied {
  const record = options.headers;
  const touched: WrittenHeader[] = [];
  const write = (name: string, value: string | undefined): void => {
    const earlier = touched.find((entry) => entry.name === name);
    if (earlier === undefined) touched.push({ name, before: record[name], written: value });
    else earlier.written = value;
    if (value === undefined) delete record[name];
    else record[name] = value;
  };
  for (const name of result.changedHeaders) write(name, result.headers.get(name) ?? undefined);
  for (const name of result.removedHeaders) write(name, undefined);

  let urlChange: Applied['url'];
  if (result.urlChanged) {
    options.url = new URL(result.url.href);
    urlChange = { before: url, written: options.url as URL };
  }

  let bodyChange: Applied['body'];
  if (result.bodyChanged) {
    const { data, contentType } = serializeBody(result.body);
    const written = data === undefined || typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    bodyChange = { before: options.body, written };
    options.body = written;
    write('content-length', written === undefined ? undefined : String(Buffer.byteLength(written)));
    if (contentType !== undefined && !result.headers.has('content-type')) write('content-type', contentType);
  }
  return { result, headers: touched, url: urlChange, body: bodyChange };
}

/**
 * Writes the headers of an attempt at hand (`added`, lower-case names, see `beginAtHand`) into
 * got's Options, as {@link applyResult} writes a report's.
 */
export function applyAtHand(options: GotOptionsView, result: AuthenticatedRequest, added: Readonly<Record<string, string>>): Applied {
  const record = options.headers;
  const headers: WrittenHeader[] = [];
  for (const name in added) {
    const written = added[name] as string;
    headers.push({ name, before: record[name], written });
    record[name] = written;
  }
  return { result, headers, url: undefined, body: undefined };
}

/**
 * Takes an attempt's changes back out of the Options got copied from it: every value authwire
 * wrote that is still there gets its earlier value back. What got or a redirect changed since
 * (a stripped header, a new URL, a dropped body) stays as it is, minus authwire's query parameters.
 */
export function undoApplied(options: GotOptionsView, applied: Applied): void {
  const record = options.headers;
  for (const { name, before, written } of applied.headers) {
    if (record[name] !== written) continue;
    if (before === undefined) delete record[name];
    else record[name] = before;
  }
  const current = options.url;
  if (applied.url !== undefined && current instanceof URL) {
    if (current === applied.url.written || current.href === applied.url.written.href) {
      options.url = new URL(applied.url.before.href);
    } else {
      const next = new URL(current.href);
      for (const name of applied.result.credentialQuery) next.searchParams.delete(name);
      if (next.href !== current.href) options.url = next;
    }
  }
  if (applied.body !== undefined && options.body === applied.body.written) options.body = applied.body.before;
}
