// Node-style header objects ({ name: value | value[] }, as axios, got and node:http keep them)
// seen as WHATWG Headers.
import { isSendableHeaderValue, unsendableHeaderValue } from './header-value.js';
import { none, withItem } from './short-list.js';

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
  /** Lower-case names changed, in order (one or two, usually: arrays cost less than a Map). */
  readonly touched: readonly string[];
  /** The value of each of {@link touched} before its first change (`null`: absent). */
  readonly before: readonly (string | null)[];
}

/** WHATWG Headers that remember, once made, the value of each name before its first change. */
export type RecordingHeaders = Headers & HeaderLog;

/**
 * Headers with the contents of `init` that record every change made to them, so what an
 * authenticator added is known without a second copy to compare against. Made from WHATWG
 * `Headers`, they are a copy (undici copies those fast, and a client can take the copy as it
 * is); made from a Node-style header object, they read through to it (see {@link RecordHeaders}).
 */
export function recordingHeaders(init: Headers | HeaderRecord): RecordingHeaders {
  if (isHeaders(init)) return new (copiedHeaders())(init);
  linkRecordHeaders();
  return new RecordHeaders(init);
}

// The global `Headers` is touched on first use, not at import: reading it makes Node load its
// bundled undici (several milliseconds), which a program that never sends a request through an
// adapter should not pay on a cold start.
let CopiedHeaders: (new (init: Headers) => RecordingHeaders) | undefined;
function copiedHeaders(): new (init: Headers) => RecordingHeaders {
  CopiedHeaders ??= defineCopiedHeaders();
  return CopiedHeaders;
}

let linked = false;
/** `instanceof Headers` holds, and anything these headers do not answer themselves is Headers' own. */
function linkRecordHeaders(): void {
  if (linked) return;
  Object.setPrototypeOf(RecordHeaders.prototype, Headers.prototype);
  linked = true;
}

function defineCopiedHeaders(): new (init: Headers) => RecordingHeaders {
  return class CopiedHeaders extends Headers implements HeaderLog {
    touched: readonly string[] = none;
    before: readonly (string | null)[] = none;

    override set(name: string, value: string): void {
      this.#note(name);
      super.set(name, sendable(name, value));
    }

    override append(name: string, value: string): void {
      this.#note(name);
      super.append(name, sendable(name, value));
    }

    override delete(name: string): void {
      this.#note(name);
      super.delete(name);
    }

    #note(name: string): void {
      const key = name.toLowerCase();
      // `get` refuses an invalid name as `set` would, before anything is noted.
      if (this.touched.includes(key)) return;
      this.before = withItem(this.before, this.get(key));
      this.touched = withItem(this.touched, key);
    }
  };
}

/**
 * Recording headers over a Node-style header object, as axios and got hand them over. `get` and
 * `has` of a name the authenticator has not changed ask the object; the values it sets are kept
 * beside the names. Only when something reads all headers (iteration, `forEach`,
 * `getSetCookie`, `util.inspect`) or appends to one are they all copied into WHATWG `Headers`,
 * which answer from then on. An authenticator that sets a header, the common case, so costs
 * neither a copy of the others nor a `Headers` of its own (axios and got read back only the
 * names that changed). The object is read when asked, even after the authenticator has returned
 * (a challenge gets this request): adapters pass one that nothing changes afterwards.
 *
 * It is a `Headers` to its users (`instanceof` and every method) without being made by the
 * `Headers` constructor: the one it answers from once everything is copied is a real one.
 */
class RecordHeaders implements Headers, HeaderLog {
  touched: readonly string[] = none;
  before: readonly (string | null)[] = none;
  /** The value of each of `touched` now (`null`: deleted), until everything is copied into `#all`. */
  #after: readonly (string | null)[] = none;
  readonly #source: HeaderRecord;
  #all: Headers | undefined;

  constructor(source: HeaderRecord) {
    this.#source = source;
  }

  get(name: string): string | null {
    if (this.#all !== undefined) return this.#all.get(name);
    const key = validName(name, 'get');
    const index = this.touched.indexOf(key);
    return index === -1 ? recordValue(this.#source, key) : (this.#after[index] as string | null);
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  set(name: string, value: string): void {
    const key = validName(name, 'set');
    this.#change(key, validValue(value, key));
  }

  delete(name: string): void {
    this.#change(validName(name, 'delete'), null);
  }

  append(name: string, value: string): void {
    const key = validName(name, 'append');
    const normalized = validValue(value, key);
    const all = this.#everything(); // The new value goes after those already there.
    this.#note(key);
    all.append(key, normalized);
  }

  getSetCookie(): string[] {
    return this.#everything().getSetCookie();
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [key, value] of this.#everything()) callback.call(thisArg, value, key, this);
  }

  entries(): ReturnType<Headers['entries']> {
    return this.#everything().entries();
  }

  keys(): ReturnType<Headers['keys']> {
    return this.#everything().keys();
  }

  values(): ReturnType<Headers['values']> {
    return this.#everything().values();
  }

  [Symbol.iterator](): ReturnType<Headers['entries']> {
    return this.entries();
  }

  /** What `util.inspect` shows: every header, as for plain Headers. */
  [Symbol.for('nodejs.util.inspect.custom')](): Record<string, string> {
    return Object.fromEntries(this.entries());
  }

  /** Gives `key` the value `after` (`null`: deleted), remembering its value before the first change. */
  #change(key: string, after: string | null): void {
    const index = this.touched.indexOf(key);
    if (index === -1) this.#note(key);
    const all = this.#all;
    if (all !== undefined) {
      if (after === null) all.delete(key);
      else all.set(key, after);
    } else if (index === -1) {
      this.#after = withItem(this.#after, after);
    } else {
      this.#after = this.#after.map((value, at) => (at === index ? after : value));
    }
  }

  /** Remembers the value of `key` before its first change. */
  #note(key: string): void {
    if (this.touched.includes(key)) return;
    this.before = withItem(this.before, this.get(key));
    this.touched = withItem(this.touched, key);
  }

  /** All headers as WHATWG Headers: the object's, with the changes made here. */
  #everything(): Headers {
    if (this.#all !== undefined) return this.#all;
    const all = new Headers();
    const source = this.#source;
    for (const name in source) if (!this.touched.includes(name.toLowerCase())) copyRecordEntry(all, source, name);
    this.touched.forEach((key, index) => {
      const value = this.#after[index];
      if (value !== null && value !== undefined) all.set(key, value);
    });
    this.#all = all;
    return all;
  }
}

/** A header name in the form `Headers` accepts, lower-cased; a `TypeError` otherwise, as `Headers` throws. */
function validName(name: string, method: string): string {
  const text = `${name}`;
  // A program uses a handful of names, each on every request: remember them checked and lower-cased.
  const known = checkedNames.get(text);
  if (known !== undefined) return known;
  if (!tokenPattern.test(text)) throw new TypeError(`Headers.${method}: ${JSON.stringify(text)} is an invalid header name.`);
  const key = text.toLowerCase();
  if (checkedNames.size < 256) checkedNames.set(text, key);
  return key;
}

/** Valid header names seen so far, and their lower-case form (bounded: names come from code, not data). */
const checkedNames = new Map<string, string>();

/**
 * A header value as `Headers` keeps it (surrounding whitespace removed); an `AuthError` naming the
 * header but not the value (which may be a credential) when a client could not send it.
 */
function validValue(value: string, key: string): string {
  const text = `${value}`;
  if (plainValue.test(text)) return text; // The usual case: nothing to remove, nothing to refuse.
  if (!isSendableHeaderValue(text)) throw unsendableHeaderValue(key);
  return text.replace(outerWhitespace, '');
}

/** `value` as a string, when every client can send it; an `AuthError` without the value otherwise (Headers' own TypeError quotes it). */
function sendable(name: string, value: string): string {
  const text = `${value}`;
  if (!plainValue.test(text) && !isSendableHeaderValue(text)) throw unsendableHeaderValue(`${name}`.toLowerCase());
  return text;
}

/** An HTTP token (RFC 9110 section 5.6.2): what a header name must be. */
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A value `Headers` keeps as it is: bytes, no control character but tab inside, no whitespace around. */
const plainValue = /^(?:[!-~\x80-\xff](?:[\t -~\x80-\xff]*[!-~\x80-\xff])?)?$/;
/** HTTP whitespace around a value, which Headers drops. */
const outerWhitespace = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/** Scratch space for reading one name of a header object with exactly the rules of `headersFromRecord` (made on first use). */
let scratch: Headers | undefined;

/** The value `headersFromRecord(source).get(key)` would give, without copying the rest. */
function recordValue(source: HeaderRecord, key: string): string | null {
  let matched = false;
  scratch ??= new Headers();
  for (const name in source) {
    if (name.length !== key.length || name.toLowerCase() !== key) continue;
    matched = true;
    copyRecordEntry(scratch, source, name);
  }
  if (!matched) return null;
  const value = scratch.get(key);
  scratch.delete(key);
  return value;
}

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
