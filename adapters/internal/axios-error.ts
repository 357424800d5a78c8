// What an AxiosError shows of the request it failed on. axios puts its raw request objects on the
// error: with the Node adapter a ClientRequest (or follow-redirects' RedirectableRequest), whose
// `_header` string, `outputData` buffers and `getHeaders()` hold the credentials as sent, and
// whose socket, agent and redirect options reach the same again; with the fetch adapter a
// `Request`, whose URL and headers cannot be changed. Redacting such objects in place is a chase
// through internals that change with each Node and axios release, so the caller gets a detached
// summary in their place instead.
import type { AxiosError } from 'axios';
import { inspect } from 'node:util';
import { redactText } from '../../src/entries/adapter-kit.js';

/**
 * What `error.request` and `error.response.request` hold on an AxiosError from an instance with
 * authwire: the method and URL of the request that failed, credentials replaced by `[REDACTED]`.
 * It is truthy where axios's own request object was, so `if (error.request)` reads as before.
 *
 * @example
 * ```ts
 * if (axios.isAxiosError(error) && error.request instanceof AxiosRequestSummary) {
 *   console.log(error.request.method, error.request.url); // GET https://api.example.com/items?api_key=[REDACTED]
 * }
 * ```
 */
export class AxiosRequestSummary {
  constructor(
    /** The HTTP method, upper case. */
    readonly method: string,
    /** The URL the request went to, with every credential redacted. */
    readonly url: string,
  ) {}

  /** Shown by `util.inspect`. */
  [inspect.custom](): string {
    return `AxiosRequestSummary { ${this.method} ${this.url} }`;
  }
}

/**
 * Replaces the raw request objects on `error` (`request`, `response.request`) with an
 * {@link AxiosRequestSummary}, so that nothing reachable from the error leads to the headers and
 * bytes that were sent. Run before the error is redacted.
 *
 * @example
 * ```ts
 * detachAxiosRequests(error, secrets);
 * redactError(error, secrets, { hide: hiddenProperties });
 * ```
 */
export function detachAxiosRequests(error: AxiosError, secrets: readonly string[]): void {
  const raw: unknown = error.request ?? error.response?.request;
  if (raw === undefined || raw === null) return;
  const summary = summarize(raw, error, secrets);
  if (error.request !== undefined && error.request !== null) replace(error, 'request', summary);
  const { response } = error;
  if (response !== undefined && response.request !== undefined && response.request !== null) replace(response, 'request', summary);
}

function summarize(raw: unknown, error: AxiosError, secrets: readonly string[]): AxiosRequestSummary {
  const method = stringField(raw, 'method') ?? error.config?.method ?? 'GET';
  return new AxiosRequestSummary(method.toUpperCase(), redactText(urlOf(raw) ?? '', secrets));
}

/** The URL of a fetch `Request`, a follow-redirects request or a Node `ClientRequest`. */
function urlOf(raw: unknown): string | undefined {
  if (raw instanceof Request) return raw.url;
  const current = stringField(raw, '_currentUrl');
  if (current !== undefined) return current;
  const protocol = stringField(raw, 'protocol');
  // `host` is the name alone; the Host header as sent has the port too.
  const getHeader = (raw as { getHeader?: unknown }).getHeader;
  const sentHost: unknown = typeof getHeader === 'function' ? getHeader.call(raw, 'host') : undefined;
  const host = typeof sentHost === 'string' ? sentHost : stringField(raw, 'host');
  const path = stringField(raw, 'path');
  return protocol === undefined || host === undefined ? undefined : `${protocol}//${host}${path ?? ''}`;
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  let field: unknown;
  try {
    field = (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
  return typeof field === 'string' ? field : undefined;
}

/** Sets `key` whether axios made it a data property or not. */
function replace(target: object, key: string, value: unknown): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor !== undefined && descriptor.configurable === false && descriptor.writable !== true) return;
  Object.defineProperty(target, key, { value, writable: true, enumerable: descriptor?.enumerable ?? true, configurable: true });
}
