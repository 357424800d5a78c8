// What ky knows about a call and its fetch does not: the base URL, whether the body was a stream
// or FormData, and (ky 2) the call's signal. kyAuth's beforeRequest hook notes it for the Request
// ky is about to send; the fetch pipeline finds it again from that Request. Nothing of it is
// written into the request: no header, no URL parameter.
//
// ky 1 runs the hook before every attempt and sends the Request the hook saw. ky 2 runs it once
// and sends clones of it for its retries: there the hook hands ky a copy of the Request whose
// signal is already aborted, with the refusal as its reason. A clone keeps that signal and
// reason, so the pipeline finds the call by the reason and sends with the call's own signal;
// any other fetch ky might have been given after kyAuth rejects with the refusal at once, before
// anything is sent.
import type { CallDescription } from './fetch-request.js';

/** The calls of one kyAuth, found again from the Requests ky sends. */
export class KyCalls {
  readonly #byRequest = new WeakMap<Request, CallDescription>();
  readonly #byReason = new WeakMap<object, CallDescription>();

  /** ky 1: notes the call `request` belongs to, from ky's normalised `options`. */
  note(request: Request, options: unknown): void {
    // A call without base URLs or body is what `describe` takes an unnoted Request for: no entry needed.
    if (request.body === null && !hasBaseUrl(options)) return;
    const description = describeOptions(options, undefined);
    if (description.baseUrls.length > 0 || request.body !== null) this.#byRequest.set(request, description);
  }

  /**
   * ky 2: the Request to hand back to ky for `request`: the same request, its signal aborted with
   * `refusal` (what a fetch other than authwire's rejects with).
   */
  mark(request: Request, options: unknown, refusal: Error): Request {
    this.#byReason.set(refusal, describeOptions(options, request.signal));
    return new Request(request, { signal: AbortSignal.abort(refusal) });
  }

  /** Whether `request` is already marked by a kyAuth (another installation on the same ky instance). */
  static marked(request: Request): boolean {
    return request.signal.aborted && marks.has(request.signal.reason as object);
  }

  /** Registers `refusal` as a mark of some kyAuth (see {@link marked}). */
  static register(refusal: Error): Error {
    marks.add(refusal);
    return refusal;
  }

  /**
   * The description of the call `request` belongs to. A Request ky made that no hook of ours saw
   * (ky 2 rebuilds one after a timeout) is taken with no base URL and its body as it is, sent once.
   */
  readonly describe = (request: Request): CallDescription => {
    const noted = this.#byRequest.get(request);
    if (noted !== undefined) return noted;
    const reason: unknown = request.signal.aborted ? request.signal.reason : undefined;
    const marked = typeof reason === 'object' && reason !== null ? this.#byReason.get(reason) : undefined;
    return marked ?? (request.body === null ? bare : { baseUrls: [], opaqueBody: true });
  };
}

/** A call without base URLs or body, shared. */
const bare: CallDescription = Object.freeze({ baseUrls: Object.freeze([]) as readonly string[], opaqueBody: false });

/** The refusals of every kyAuth, to tell a second installation on one instance. */
const marks = new WeakSet<object>();

function describeOptions(options: unknown, signal: AbortSignal | undefined): CallDescription {
  const baseUrls = baseUrlsOf(options);
  const opaqueBody = isOpaqueBody(field(options, 'body'));
  const description = baseUrls.length === 0 && !opaqueBody ? bare : { baseUrls, opaqueBody };
  return signal === undefined ? description : { ...description, signal };
}

/** Whether ky's options name a base URL at all (most calls: none). */
function hasBaseUrl(options: unknown): boolean {
  for (const key of baseUrlKeys) {
    const value = field(options, key);
    if (value !== undefined && value !== '') return true;
  }
  return false;
}

const baseUrlKeys = ['prefixUrl', 'prefix', 'baseUrl'] as const;

/** The origins of ky's absolute base URLs: `prefixUrl` (ky 1), `prefix` and `baseUrl` (ky 2). */
function baseUrlsOf(options: unknown): string[] {
  const origins: string[] = [];
  for (const key of baseUrlKeys) {
    const value = field(options, key);
    if ((typeof value !== 'string' && !(value instanceof URL)) || String(value) === '') continue;
    try {
      const { origin } = new URL(String(value));
      if (origin !== 'null') origins.push(origin);
    } catch {
      // A relative prefix (ky 2) resolves against baseUrl, whose origin is already listed.
    }
  }
  return origins;
}

/** A stream or FormData body: sent as it is, once. */
function isOpaqueBody(body: unknown): boolean {
  if (body === undefined || body === null || typeof body === 'string') return false;
  if (body instanceof URLSearchParams || body instanceof ArrayBuffer || ArrayBuffer.isView(body) || body instanceof Blob) return false;
  return true;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
