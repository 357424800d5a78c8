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
  for (const name in record) copyRecordEntry(headers, record, name);
  return headers;
}

/**
 * Adds `record[name]` to `headers` as {@link headersFromRecord} does, through `methods`
 * (Headers' own, past a subclass's).
 *
 * @example
 * ```ts
 * copyRecordEntry(headers, { cookie: ['a=1', 'b=2'] }, 'cookie'); // headers.get('cookie') === 'a=1; b=2'
 * ```
 */
export function copyRecordEntry(headers: Headers, record: HeaderRecord, name: string, methods: Pick<Headers, 'set' | 'append'> = headers): void {
  const value = record[name];
  if (value === undefined || value === null || value === false) return;
  try {
    if (Array.isArray(value)) for (const item of value as unknown[]) methods.append.call(headers, name, String(item));
    else methods.set.call(headers, name, String(value));
  } catch {
    // Not a valid header for WHATWG Headers: left out (see headersFromRecord).
  }
}

/**
 * WHATWG Headers, also from another copy of undici (not `instanceof` this realm's).
 *
 * @example
 * ```ts
 * isHeaders(new Headers()); // true
 * isHeaders({ accept: 'text/plain' }); // false
 * ```
 */
export function isHeaders(value: Headers | HeaderRecord): value is Headers {
  return value instanceof Headers || (typeof value.forEach === 'function' && typeof value.get === 'function' && Symbol.iterator in value);
}
