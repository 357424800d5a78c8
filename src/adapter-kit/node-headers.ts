// Node-style header objects ({ name: value | value[] }, as axios, got and node:http keep them)
// seen as WHATWG Headers.

/**
 * A Node-style header object, as axios, got and `node:http` keep headers: a value may be a
 * string, a number, an array of values, or `undefined` / `null` / `false` for "not sent".
 *
 * @example
 * ```ts
 * const record: HeaderRecord = { accept: 'application/json', 'x-retry': 2, cookie: ['a=1', 'b=2'], 'x-skip': undefined };
 * ```
 */
export type HeaderRecord = Readonly<Record<string, unknown>>;

/**
 * Copies a Node-style header object into WHATWG `Headers`. `undefined`, `null` and `false`
 * values are left out, arrays become repeated values. A name or value that `Headers` refuses is
 * left out too: the authenticator does not see it, and the client still sends it as it is.
 *
 * @param record - the client's header object
 * @param into - the `Headers` to add to; a new one by default
 * @returns `into`
 * @example
 * ```ts
 * const headers = headersFromRecord(response.headers); // got or axios response headers, for Authenticator.challenge
 * headers.get('www-authenticate');
 * ```
 */
export function headersFromRecord<T extends Headers = Headers>(record: HeaderRecord, into?: T): T {
  const headers = into ?? (new Headers() as T);
  for (const name in record) copyRecordEntry(headers, record, name, headers.set, headers.append);
  return headers;
}

/**
 * Headers that remember, per lower-case name, the value before the first change once recording
 * starts: what an authenticator added is then known without a second copy to compare against.
 *
 * They start empty and read through to the client's headers (`source`): `get` and `has` of a
 * name the authenticator has not changed ask the source, and the source is copied in only when
 * something reads them all (iteration, `forEach`, `getSetCookie`, a first `append`). An
 * authenticator that only sets a header, the common case, costs no copy of the others. The source
 * is read as it is at that moment: adapters pass headers they do not change before the copy.
 */
export class RecordingHeaders extends Headers {
  /** Lower-case names changed, in order (one or two, usually: arrays cost less than a Map). */
  readonly touched: string[] = [];
  /** The value of each of {@link touched} before its first change (`null`: absent). */
  readonly before: (string | null)[] = [];
  /** The headers not yet copied in; `undefined` once they are. */
  #source: Headers | HeaderRecord | undefined;

  /** Headers with the contents of `init` that record every change made to them. */
  static of(init: Headers | HeaderRecord): RecordingHeaders {
    const headers = new RecordingHeaders();
    headers.#source = init;
    return headers;
  }

  override get(name: string): string | null {
    const source = this.#source;
    if (source === undefined) return super.get(name);
    const own = super.get(name); // Refuses an invalid name, as Headers does.
    const key = name.toLowerCase();
    return this.touched.includes(key) ? own : sourceValue(source, key);
  }

  override has(name: string): boolean {
    return this.get(name) !== null;
  }

  override set(name: string, value: string): void {
    this.#note(name);
    super.set(name, value);
  }

  override append(name: string, value: string): void {
    this.#copySource(); // The new value goes after the existing ones.
    this.#note(name);
    super.append(name, value);
  }

  override delete(name: string): void {
    this.#note(name);
    super.delete(name);
  }

  override getSetCookie(): string[] {
    this.#copySource();
    return super.getSetCookie();
  }

  override forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    this.#copySource();
    super.forEach(callback, thisArg);
  }

  override entries(): ReturnType<Headers['entries']> {
    this.#copySource();
    return super.entries();
  }

  override keys(): ReturnType<Headers['keys']> {
    this.#copySource();
    return super.keys();
  }

  override values(): ReturnType<Headers['values']> {
    this.#copySource();
    return super.values();
  }

  override [Symbol.iterator](): ReturnType<Headers['entries']> {
    return this.entries();
  }

  /** What `util.inspect` shows: every header, as for plain Headers. */
  [Symbol.for('nodejs.util.inspect.custom')](): Record<string, string> {
    return Object.fromEntries(this.entries());
  }

  #note(name: string): void {
    const key = name.toLowerCase();
    // `get` refuses an invalid name as `set` would, before anything is noted.
    if (this.touched.includes(key)) return;
    const before = this.get(key);
    this.touched.push(key);
    this.before.push(before);
  }

  /** Copies in the source's headers the authenticator has not changed (those it changed are already here). */
  #copySource(): void {
    const source = this.#source;
    if (source === undefined) return;
    this.#source = undefined;
    const add = (name: string, value: string): void => {
      if (!this.touched.includes(name.toLowerCase())) super.append(name, value);
    };
    if (isHeaders(source)) {
      for (const [name, value] of source) add(name, value);
    } else {
      for (const name in source) if (!this.touched.includes(name.toLowerCase())) copyRecordEntry(this, source, name, Headers.prototype.set, Headers.prototype.append);
    }
  }
}

/** Scratch space for reading one name of a header object with exactly the rules of `headersFromRecord`. */
const scratch = new Headers();

/** The value `headersFromRecord(source).get(key)` would give, without copying the rest. */
function sourceValue(source: Headers | HeaderRecord, key: string): string | null {
  if (isHeaders(source)) return source.get(key);
  let matched = false;
  for (const name in source) {
    if (name.length !== key.length || name.toLowerCase() !== key) continue;
    matched = true;
    copyRecordEntry(scratch, source, name, Headers.prototype.set, Headers.prototype.append);
  }
  if (!matched) return null;
  const value = scratch.get(key);
  scratch.delete(key);
  return value;
}

/**
 * Adds `record[name]` to `headers` as {@link headersFromRecord} does (the plain `Headers` methods
 * are passed in, so that a RecordingHeaders does not record its own copying).
 */
function copyRecordEntry(
  headers: Headers,
  record: HeaderRecord,
  name: string,
  set: Headers['set'],
  append: Headers['append'],
): void {
  const value = record[name];
  if (value === undefined || value === null || value === false) return;
  try {
    if (Array.isArray(value)) for (const item of value as unknown[]) append.call(headers, name, String(item));
    else set.call(headers, name, String(value));
  } catch {
    // Not a valid header for WHATWG Headers: left out (see headersFromRecord).
  }
}

/** WHATWG Headers, also from another copy of undici (not `instanceof` this realm's). */
function isHeaders(value: Headers | HeaderRecord): value is Headers {
  return value instanceof Headers || (typeof value.forEach === 'function' && typeof value.get === 'function' && Symbol.iterator in value);
}
