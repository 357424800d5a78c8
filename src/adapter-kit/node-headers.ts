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
  for (const name in record) {
    const value = record[name];
    if (value === undefined || value === null || value === false) continue;
    try {
      if (Array.isArray(value)) for (const item of value as unknown[]) headers.append(name, String(item));
      else headers.set(name, String(value));
    } catch {
      // Not a valid header for WHATWG Headers (see above).
    }
  }
  return headers;
}

/**
 * Headers that remember, per lower-case name, the value before the first change once recording
 * starts: what an authenticator added is then known without a second copy to compare against.
 */
export class RecordingHeaders extends Headers {
  /** Lower-case name → the value before the first change (`null`: absent). */
  readonly touched = new Map<string, string | null>();
  #recording = false;

  /** A copy of `init` that records every change made from now on. */
  static of(init: Headers | HeaderRecord): RecordingHeaders {
    const headers = isHeaders(init) ? new RecordingHeaders(init) : headersFromRecord(init, new RecordingHeaders());
    headers.#recording = true;
    return headers;
  }

  override set(name: string, value: string): void {
    this.#note(name);
    super.set(name, value);
  }

  override append(name: string, value: string): void {
    this.#note(name);
    super.append(name, value);
  }

  override delete(name: string): void {
    this.#note(name);
    super.delete(name);
  }

  #note(name: string): void {
    if (!this.#recording) return;
    const key = name.toLowerCase();
    // `get` refuses an invalid name as `set` would, before anything is noted.
    if (!this.touched.has(key)) this.touched.set(key, super.get(key));
  }
}

/** WHATWG Headers, also from another copy of undici (not `instanceof` this realm's). */
function isHeaders(value: Headers | HeaderRecord): value is Headers {
  return value instanceof Headers || (typeof value.forEach === 'function' && typeof value.get === 'function' && Symbol.iterator in value);
}
