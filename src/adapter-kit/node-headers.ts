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
 *
 * A header object is copied in only when something reads a header the authenticator has not
 * written, or walks the headers: an authenticator that only sets its credential (most do) costs
 * no copy of the client's headers, and reading back a header it wrote needs none either.
 */
export function recordingHeaders(init: Headers | HeaderRecord): RecordingHeaders {
  classes ??= defineRecordingHeaders();
  return isHeaders(init) ? new classes.Copied(init) : new classes.Deferred(init);
}

// The global `Headers` is touched on first use, not at import: reading it makes Node load its
// bundled undici (several milliseconds), which a program that never sends a request through an
// adapter should not pay on a cold start.
let classes: { Copied: new (init: Headers) => RecordingHeaders; Deferred: new (init: HeaderRecord) => RecordingHeaders } | undefined;

function defineRecordingHeaders(): NonNullable<typeof classes> {
  const base = Headers.prototype;

  /** A recording copy of WHATWG Headers: copied at once, by Headers' own constructor. */
  class Copied extends Headers implements HeaderLog {
    readonly touched: string[] = [];
    readonly before: (string | null)[] = [];

    override set(name: string, value: string): void {
      note(this, name, this.get(`${name}`.toLowerCase()));
      super.set(name, sendable(name, value));
    }

    override append(name: string, value: string): void {
      note(this, name, this.get(`${name}`.toLowerCase()));
      super.append(name, sendable(name, value));
    }

    override delete(name: string): void {
      note(this, name, this.get(`${name}`.toLowerCase()));
      super.delete(name);
    }
  }

  /**
   * A recording copy of a header object, copied in on the first read of a header not written
   * here, or the first walk. Until then the Headers hold only what the authenticator wrote, which
   * is what a written name reads as either way; the value a name had before is read from the
   * object itself.
   */
  class Deferred extends Headers implements HeaderLog {
    readonly touched: string[] = [];
    readonly before: (string | null)[] = [];
    #source: HeaderRecord | undefined;

    constructor(init: HeaderRecord) {
      super();
      this.#source = init;
    }

    /** Copies the header object in, but for the names written here (their value is already the one to keep). */
    #fill(): void {
      const source = this.#source;
      if (source === undefined) return;
      this.#source = undefined;
      for (const name in source) if (!this.touched.includes(name.toLowerCase())) copyRecordEntry(this, source, name, base);
    }

    #note(name: string): void {
      // `has` refuses an invalid name as `set` would, before anything is noted.
      const key = `${name}`.toLowerCase();
      const absent = !base.has.call(this, key);
      if (this.touched.includes(key)) return;
      note(this, key, absent && this.#source !== undefined ? recordValue(this.#source, key) : base.get.call(this, key));
    }

    override set(name: string, value: string): void {
      this.#note(name);
      super.set(name, sendable(name, value));
    }

    override append(name: string, value: string): void {
      this.#fill();
      this.#note(name);
      super.append(name, sendable(name, value));
    }

    override delete(name: string): void {
      this.#note(name);
      super.delete(name);
    }

    override get(name: string): string | null {
      if (this.#source !== undefined && !this.touched.includes(`${name}`.toLowerCase())) this.#fill();
      return super.get(name);
    }

    override has(name: string): boolean {
      if (this.#source !== undefined && !this.touched.includes(`${name}`.toLowerCase())) this.#fill();
      return super.has(name);
    }

    override getSetCookie(): string[] {
      this.#fill();
      return super.getSetCookie();
    }

    override forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
      this.#fill();
      super.forEach(callback, thisArg);
    }

    override entries(): HeadersIterator<[string, string]> {
      this.#fill();
      return super.entries();
    }

    override keys(): HeadersIterator<string> {
      this.#fill();
      return super.keys();
    }

    override values(): HeadersIterator<string> {
      this.#fill();
      return super.values();
    }

    override [Symbol.iterator](): HeadersIterator<[string, string]> {
      return this.entries();
    }

    /** util.inspect shows the headers as they are, the client's included. */
    [Symbol.for('nodejs.util.inspect.custom')](...args: unknown[]): unknown {
      this.#fill();
      const show = (base as unknown as Record<symbol, ((...args: unknown[]) => unknown) | undefined>)[Symbol.for('nodejs.util.inspect.custom')];
      return show === undefined ? this : show.apply(this, args);
    }
  }
  return { Copied, Deferred };
}

/** Notes `key`'s value before its first change (`get` has already refused an invalid name). */
function note(log: HeaderLog & { touched: string[]; before: (string | null)[] }, name: string, value: string | null): void {
  const key = `${name}`.toLowerCase();
  if (log.touched.includes(key)) return;
  log.before.push(value);
  log.touched.push(key);
}

/** The value a header object gives `key` once copied into Headers (`null`: none), without copying the rest. */
function recordValue(record: HeaderRecord, key: string): string | null {
  let scratch: Headers | undefined;
  for (const name in record) {
    if (name.length !== key.length || name.toLowerCase() !== key) continue;
    scratch ??= new Headers();
    copyRecordEntry(scratch, record, name);
  }
  return scratch === undefined ? null : scratch.get(key);
}

/** `value` as a string, when every client can send it; an `AuthError` without the value otherwise (Headers' own TypeError quotes it). */
function sendable(name: string, value: string): string {
  const text = `${value}`;
  if (!plainValue.test(text) && !isSendableHeaderValue(text)) throw unsendableHeaderValue(`${name}`.toLowerCase());
  return text;
}

/** A value every client sends as it is: visible ASCII and Latin-1, inner spaces and tabs, nothing around (the usual case, one test). */
const plainValue = /^(?:[!-~\x80-\xff](?:[\t -~\x80-\xff]*[!-~\x80-\xff])?)?$/;

/** Adds `record[name]` to `headers` as {@link headersFromRecord} does, through `methods` (Headers' own, past a subclass's). */
function copyRecordEntry(headers: Headers, record: HeaderRecord, name: string, methods: Pick<Headers, 'set' | 'append'> = headers): void {
  const value = record[name];
  if (value === undefined || value === null || value === false) return;
  try {
    if (Array.isArray(value)) for (const item of value as unknown[]) methods.append.call(headers, name, String(item));
    else methods.set.call(headers, name, String(value));
  } catch {
    // Not a valid header for WHATWG Headers: left out (see headersFromRecord).
  }
}

/** WHATWG Headers, also from another copy of undici (not `instanceof` this realm's). */
function isHeaders(value: Headers | HeaderRecord): value is Headers {
  return value instanceof Headers || (typeof value.forEach === 'function' && typeof value.get === 'function' && Symbol.iterator in value);
}
