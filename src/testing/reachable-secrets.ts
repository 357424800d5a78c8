// Everything a caller can reach from a value by reading properties, searched for secrets: what
// the conformance suites and the adapter contract kit check errors with. Internal to the kit.
import { inspect } from 'node:util';

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

/** A place in an object graph where a secret was found. */
export interface Leak {
  /** How it was reached from the root, e.g. `.request._header` or `.config.headers<Authorization>`. */
  readonly path: string;
  /** Which secret (as given) it holds, in some form. */
  readonly secret: string;
}

/** What {@link reachableSecrets} found, and whether it searched the whole graph. */
export interface ReachableReport {
  readonly found: readonly Leak[];
  readonly complete: boolean;
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
 * ({@link formsOf}) shows. `complete` is false when more than `limit` objects were reachable
 * (the search stopped there).
 */
export function reachableSecrets(root: unknown, secrets: readonly string[], limit = 400_000): ReachableReport {
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
    if (seen.size > limit) return { found: leaks, complete: false };
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
  return { found: leaks, complete: true };
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
