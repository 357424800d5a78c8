// Node-style header objects ({ name: value | value[] }, as axios, got and node:http keep them)
// seen as WHATWG Headers.
import { isSendableHeaderValue, unsendableHeaderValue } from './header-value.js';

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

/** What the headers given to an authenticator remember of its changes. */
export interface HeaderLog {
  /** Lower-case names changed, in order. */
  readonly touched: readonly string[];
  /** The value of each of {@link touched} before its first change (`null`: absent). */
  readonly before: readonly (string | null)[];
}

/** WHATWG Headers that remember, once made, the value of each name before its first change. */
export type RecordingHeaders = Headers & HeaderLog;

/**
 * A copy of `init` (WHATWG `Headers`, or a Node-style header object read as
 * {@link headersFromRecord} reads it) that records every change made to it, so what an
 * authenticator added is known without a second copy to compare against.
 */
export function recordingHeaders(init: Headers | HeaderRecord): RecordingHeaders {
  ChangeRecordingHeaders ??= defineChangeRecordingHeaders();
  return new ChangeRecordingHeaders(init);
}

// The global `Headers` is touched on first use, not at import: reading it makes Node load its
// bundled undici (several milliseconds), which a program that never sends a request through an
// adapter should not pay on a cold start.
let ChangeRecordingHeaders: (new (init: Headers | HeaderRecord) => RecordingHeaders) | undefined;

function defineChangeRecordingHeaders(): new (init: Headers | HeaderRecord) => RecordingHeaders {
  return class ChangeRecordingHeaders extends Headers implements HeaderLog {
    readonly touched: string[] = [];
    readonly before: (string | null)[] = [];
    /** Off while the constructor copies `init` in: only the authenticator's changes are recorded. */
    #recording = false;

    constructor(init: Headers | HeaderRecord) {
      const copy = isHeaders(init);
      super(copy ? init : undefined);
      if (!copy) for (const name in init) copyRecordEntry(this, init, name);
      this.#recording = true;
    }

    override set(name: string, value: string): void {
      this.#note(name);
      super.set(name, this.#recording ? sendable(name, value) : value);
    }

    override append(name: string, value: string): void {
      this.#note(name);
      super.append(name, this.#recording ? sendable(name, value) : value);
    }

    override delete(name: string): void {
      this.#note(name);
      super.delete(name);
    }

    #note(name: string): void {
      if (!this.#recording) return;
      const key = `${name}`.toLowerCase();
      if (this.touched.includes(key)) return;
      // `get` refuses an invalid name as `set` would, before anything is noted.
      this.before.push(this.get(key));
      this.touched.push(key);
    }
  };
}

/** `value` as a string, when every client can send it; an `AuthError` without the value otherwise (Headers' own TypeError quotes it). */
function sendable(name: string, value: string): string {
  const text = `${value}`;
  if (!plainValue.test(text) && !isSendableHeaderValue(text)) throw unsendableHeaderValue(`${name}`.toLowerCase());
  return text;
}

/** A value every client sends as it is: visible ASCII and Latin-1, inner spaces and tabs, nothing around (the usual case, one test). */
const plainValue = /^(?:[!-~\x80-\xff](?:[\t -~\x80-\xff]*[!-~\x80-\xff])?)?$/;

/** Adds `record[name]` to `headers` as {@link headersFromRecord} does. */
function copyRecordEntry(headers: Headers, record: HeaderRecord, name: string): void {
  const value = record[name];
  if (value === undefined || value === null || value === false) return;
  try {
    if (Array.isArray(value)) for (const item of value as unknown[]) headers.append(name, String(item));
    else headers.set(name, String(value));
  } catch {
    // Not a valid header for WHATWG Headers: left out (see headersFromRecord).
  }
}

/** WHATWG Headers, also from another copy of undici (not `instanceof` this realm's). */
function isHeaders(value: Headers | HeaderRecord): value is Headers {
  return value instanceof Headers || (typeof value.forEach === 'function' && typeof value.get === 'function' && Symbol.iterator in value);
}
