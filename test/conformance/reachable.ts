// Every value a caller can reach from an error by reading properties: own properties (enumerable
// or not, symbol-keyed too), getters of the prototype chain (got 15 and later keep Options in
// private fields behind accessors), Map, Set, Headers and URLSearchParams entries, and the bytes
// of Buffers and other binary views. Strings and bytes are searched for every form of a secret
// (formsOf). Functions are not entered (a closure's variables are not reachable by property).
import { formsOf } from './support.js';

/** One place where a secret shows: the property path from the root, and which secret. */
export interface Reached {
  readonly path: string;
  readonly secret: string;
}

/** What {@link reachableSecrets} found, and whether it walked the whole graph within its budget. */
export interface ReachableReport {
  readonly found: readonly Reached[];
  readonly visited: number;
  readonly complete: boolean;
}

const decoders = [new TextDecoder('utf-8'), new TextDecoder('latin1')];

/** Searches everything reachable from `root` for `secrets`; stops after `budget` objects. */
export function reachableSecrets(root: unknown, secrets: readonly string[], budget = 400_000): ReachableReport {
  const forms = new Map<string, string>();
  for (const secret of secrets) for (const form of formsOf([secret])) forms.set(form, secret);
  const found: Reached[] = [];
  const seen = new Set<unknown>();
  const queue: Array<[unknown, string]> = [[root, 'error']];
  const check = (text: string, path: string): void => {
    for (const [form, secret] of forms) if (text.includes(form)) found.push({ path, secret });
  };
  let visited = 0;
  for (let index = 0; index < queue.length; index += 1) {
    const [value, path] = queue[index] as [unknown, string];
    queue[index] = [undefined, ''];
    if (typeof value === 'string') {
      check(value, path);
      continue;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    if (value === globalThis || value === process) continue;
    seen.add(value);
    if ((visited += 1) > budget) return { found, visited, complete: false };
    const push = (next: unknown, key: string): void => {
      if (typeof next === 'string' || (typeof next === 'object' && next !== null && !seen.has(next))) queue.push([next, `${path}${key}`]);
    };
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) {
      const bytes = ArrayBuffer.isView(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : new Uint8Array(value);
      for (const decoder of decoders) check(decoder.decode(bytes), `${path} (bytes)`);
      if (!ArrayBuffer.isView(value)) continue;
    }
    if (value instanceof WeakMap || value instanceof WeakSet || value instanceof WeakRef || value instanceof Promise) continue;
    if (value instanceof URL || value instanceof URLSearchParams) check(String(value), path);
    if (value instanceof Map) {
      for (const [key, item] of value) {
        push(key, '.<key>');
        push(item, `.get(${String(key)})`);
      }
    }
    if (value instanceof Set) for (const item of value) push(item, '.<item>');
    if (value instanceof Headers) for (const [name, item] of value) push(item, `.get(${name})`);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor === undefined) continue;
      const name = `.${String(key)}`;
      if ('value' in descriptor) push(descriptor.value, name);
      else if (descriptor.get !== undefined) push(read(value, descriptor.get), name);
    }
    for (let proto: unknown = Object.getPrototypeOf(value); proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const key of Reflect.ownKeys(proto as object)) {
        if (key === '__proto__') continue;
        const getter = Object.getOwnPropertyDescriptor(proto, key)?.get;
        if (getter !== undefined) push(read(value, getter), `.${String(key)}`);
      }
    }
  }
  return { found, visited, complete: true };
}

function read(target: object, getter: () => unknown): unknown {
  try {
    return getter.call(target);
  } catch {
    return undefined;
  }
}
