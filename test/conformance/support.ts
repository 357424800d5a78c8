// Shared helpers of the conformance scenarios: servers that redirect, and ways to look at what a
// caller received.
import { inspect } from 'node:util';
import { isAuthError, type AuthError, type AuthErrorCode } from '../../src/index.js';
import { echo, type Handler, type ReceivedRequest, type TestServer } from '../servers/http-server.js';

/**
 * Echoes every request, except `/redirect/<status>/<url-encoded target>`, which answers with that
 * status and a `Location` of the target carrying the incoming query string (as many servers do:
 * an API key in the query is repeated in the redirect).
 */
export const redirectingEcho: Handler = (request, response) => {
  const url = new URL(request.url, 'http://placeholder');
  const match = /^\/redirect\/(\d{3})\/(.+)$/.exec(url.pathname);
  if (match === null) return echo(request, response);
  const location = new URL(decodeURIComponent(match[2] ?? ''));
  for (const [name, value] of url.searchParams) location.searchParams.append(name, value);
  response.writeHead(Number(match[1]), { location: location.href, 'content-type': 'text/plain' });
  response.end('moved');
};

/** A path on `from` that redirects with `status` to `target`. */
export function redirectPath(status: number, target: string): string {
  return `redirect/${status}/${encodeURIComponent(target)}`;
}

/** The requests `server` received whose Host header names `host` (one server answers as 127.0.0.1 and localhost). */
export function receivedAt(server: TestServer, host: string): ReceivedRequest[] {
  return server.requests.filter((request) => request.headers.host === host);
}

/** The query parameters of a received request. */
export function queryOf(request: ReceivedRequest | undefined): URLSearchParams {
  return new URL(request?.url ?? '/', 'http://placeholder').searchParams;
}

/** Finds the AuthError in an error or in its chain of causes (got and axios wrap errors thrown in their hooks). */
export function findAuthError(error: unknown, code?: AuthErrorCode): AuthError | undefined {
  const seen = new Set<unknown>();
  let current = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    if (isAuthError(current, code)) return current;
    seen.add(current);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What `JSON.stringify` shows of a value; cycles (got's errors have them) and bigints are cut, not fatal. */
export function jsonOf(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') return item.toString();
    if (typeof item === 'object' && item !== null) {
      if (seen.has(item)) return '[Circular]';
      seen.add(item);
    }
    return item;
  }) ?? '';
}

/** Everything a caller could print of `value`: its JSON and `util.inspect` at any depth. */
export function everythingShown(value: unknown): string {
  return `${jsonOf(value)}\n${inspect(value, { depth: Infinity })}`;
}

/**
 * Every form in which `secrets` could show in an error: as they are, percent-encoded, form-encoded,
 * JSON-escaped and as `util.inspect` escapes them.
 */
export function formsOf(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ k: secret }).toString().slice(2));
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(inspect(secret).slice(1, -1));
  }
  return [...forms];
}

/** The secrets of `secrets` that appear in `text`. */
export function leaked(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

/** A place in an object graph where a secret was found. */
export interface Leak {
  /** How it was reached from the root, e.g. `.request._header` or `.config.headers<Authorization>`. */
  readonly path: string;
  /** Which secret (as given) it holds, in some form. */
  readonly secret: string;
}

/** Objects whose contents are in private state that only their iterator shows. */
function entriesOf(node: object): Iterable<unknown> | undefined {
  if (node instanceof Headers || node instanceof URLSearchParams || node instanceof FormData) return node as Iterable<unknown>;
  return undefined;
}

/** Prototypes whose getters are not the value's own data (walking them would reach the whole runtime). */
const sharedPrototypes = new Set<unknown>([Object.prototype, Function.prototype, Array.prototype, Error.prototype, Promise.prototype]);

/**
 * Walks everything reachable from `root` — own properties enumerable or not, symbol-keyed ones,
 * getters (own and of the value's class), `Map` keys and values, `Set` values, `Headers` /
 * `URLSearchParams` / `FormData` entries, `URL`s, and the bytes of `Buffer`s, typed arrays and
 * `ArrayBuffer`s (read as UTF-8 and Latin-1) — and returns where any form of `secrets`
 * ({@link formsOf}) shows. Fails loudly if the graph is too large to search.
 */
export function leaksIn(root: unknown, secrets: readonly string[], limit = 400_000): Leak[] {
  const forms = secrets.map((secret) => ({ secret, forms: formsOf([secret]) }));
  const leaks: Leak[] = [];
  const check = (text: string, path: string): void => {
    for (const { secret, forms: variants } of forms) {
      if (variants.some((form) => text.includes(form))) leaks.push({ path, secret });
    }
  };
  const seen = new Set<unknown>();
  const pending: Array<{ value: unknown; path: string }> = [{ value: root, path: '' }];
  while (pending.length > 0) {
    const { value, path } = pending.pop() as { value: unknown; path: string };
    if (typeof value === 'string') {
      check(value, path);
      continue;
    }
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) continue;
    seen.add(value);
    if (seen.size > limit) throw new Error(`leaksIn: more than ${limit} objects reachable (last at ${path})`);
    const push = (item: unknown, at: string): void => {
      pending.push({ value: item, path: `${path}${at}` });
    };
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) {
      const bytes = value instanceof ArrayBuffer || value instanceof SharedArrayBuffer ? Buffer.from(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      check(bytes.toString('utf8'), `${path}<utf8>`);
      check(bytes.toString('latin1'), `${path}<latin1>`);
      continue;
    }
    if (value instanceof URL) check(value.href, `${path}<href>`);
    if (value instanceof Map) for (const [key, item] of value) {
      push(key, '<key>');
      push(item, `<${String(key)}>`);
    }
    if (value instanceof Set) for (const item of value) push(item, '<item>');
    const entries = entriesOf(value);
    if (entries !== undefined) for (const entry of entries) push(entry, '<entry>');
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (descriptor === undefined) continue;
      const at = typeof key === 'symbol' ? `[${key.toString()}]` : `.${key}`;
      if (typeof key === 'string') check(key, `${path}${at}<name>`);
      if ('value' in descriptor) push(descriptor.value, at);
      else if (descriptor.get !== undefined) push(read(value, descriptor.get), at);
    }
    // What a class keeps behind getters (Request.url, Response.headers, ...).
    for (let proto = Reflect.getPrototypeOf(value); proto !== null && !sharedPrototypes.has(proto); proto = Reflect.getPrototypeOf(proto)) {
      for (const key of Reflect.ownKeys(proto)) {
        const descriptor = Reflect.getOwnPropertyDescriptor(proto, key);
        if (descriptor?.get === undefined || key === '__proto__' || deprecatedGetters.has(key)) continue;
        push(read(value, descriptor.get), typeof key === 'symbol' ? `[${key.toString()}]` : `.${key}`);
      }
    }
  }
  return leaks;
}

/** Node's deprecated aliases of `getHeaders()` (they warn when read; the same headers are reached under `kOutHeaders`). */
const deprecatedGetters = new Set<PropertyKey>(['_headers', '_headerNames']);

function read(target: object, getter: () => unknown): unknown {
  try {
    return Reflect.apply(getter, target, []);
  } catch {
    return undefined;
  }
}
