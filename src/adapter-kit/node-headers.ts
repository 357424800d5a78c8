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
 * Made from WHATWG `Headers`, they are a copy (undici copies those fast); made from a Node-style
 * header object, they read through to it (see {@link RecordHeaders}).
 */
export class RecordingHeaders extends Headers {
  /** Lower-case names changed, in order (one or two, usually: arrays cost less than a Map). */
  readonly touched: string[] = [];
  /** The value of each of {@link touched} before its first change (`null`: absent). */
  readonly before: (string | null)[] = [];

  /** Headers with the contents of `init` that record every change made to them. */
  static of(init: Headers | HeaderRecord): RecordingHeaders {
    return isHeaders(init) ? new RecordingHeaders(init) : new RecordHeaders(init);
  }

  override set(name: string, value: string): void {
    this.note(name);
    super.set(name, value);
  }

  override append(name: string, value: string): void {
    this.note(name);
    super.append(name, value);
  }

  override delete(name: string): void {
    this.note(name);
    super.delete(name);
  }

  /** Remembers the value of `name` before its first change. */
  protected note(name: string): void {
    const key = name.toLowerCase();
    // `get` refuses an invalid name as `set` would, before anything is noted.
    if (this.touched.includes(key)) return;
    const before = this.get(key);
    this.touched.push(key);
    this.before.push(before);
  }
}

/**
 * Recording headers over a Node-style header object: they start empty, and `get` and `has` of a
 * name the authenticator has not changed ask the object. The object is copied in only when
 * something reads all headers (iteration, `forEach`, `getSetCookie`, `util.inspect`) or appends
 * to one. An authenticator that only sets a header, the common case, costs no copy of the others
 * (axios and got read back only the names that changed). The object is read when asked, even after
 * the authenticator has returned (a challenge gets this request): adapters pass one that nothing
 * changes afterwards.
 */
class RecordHeaders extends RecordingHeaders {
  /** The header object, until it is copied in. */
  #source: HeaderRecord | undefined;

  constructor(source: HeaderRecord) {
    super();
    this.#source = source;
  }

  override get(name: string): string | null {
    const own = super.get(name); // Refuses an invalid name, as Headers does.
    const source = this.#source;
    if (source === undefined) return own;
    const key = name.toLowerCase();
    return this.touched.includes(key) ? own : recordValue(source, key);
  }

  override has(name: string): boolean {
    return this.get(name) !== null;
  }

  override append(name: string, value: string): void {
    this.#copySource(); // The new value goes after the existing ones.
    super.append(name, value);
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

  /** Copies in the object's headers the authenticator has not changed (those it changed are already here). */
  #copySource(): void {
    const source = this.#source;
    if (source === undefined) return;
    this.#source = undefined;
    for (const name in source) if (!this.touched.includes(name.toLowerCase())) copyRecordEntry(this, source, name, Headers.prototype.set, Headers.prototype.append);
  }
}

/** Scratch space for reading one name of a header object with exactly the rules of `headersFromRecord`. */
const scratch = new Headers();

/** The value `headersFromRecord(source).get(key)` would give, without copying the rest. */
function recordValue(source: HeaderRecord, key: string): string | null {
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
