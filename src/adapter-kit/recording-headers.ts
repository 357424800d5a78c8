// The headers an authenticator is given: WHATWG Headers that remember what it changed, so that
// what it added is known without a second copy to compare against.
import { isSendableHeaderValue, unsendableHeaderValue } from './header-value.js';
import { copyRecordEntry, isHeaders, type HeaderRecord } from './node-headers.js';

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
 * `headersFromRecord` reads it) that records every change made to it.
 *
 * A header object is not copied at all while the authenticator only writes headers and reads
 * back what it wrote (most do: they set one credential): those headers are kept apart, as WHATWG
 * Headers would keep them, and the value a name had before is read from the object itself. The
 * first other read, walk or append copies the object into real Headers, which then answer
 * everything. Either way it is `instanceof Headers`.
 */
export function recordingHeaders(init: Headers | HeaderRecord): RecordingHeaders {
  classes ??= defineRecordingHeaders();
  return isHeaders(init) ? new classes.Copied(init) : new classes.Deferred(init);
}

// The global `Headers` is touched on first use, not at import: reading it makes Node load its
// bundled undici (several milliseconds), which a program that never sends a request through an
// adapter should not pay on a cold start.
let classes: { Copied: new (init: Headers) => RecordingHeaders; Deferred: new (init: HeaderRecord) => RecordingHeaders } | undefined;

type Log = HeaderLog & { touched: string[]; before: (string | null)[] };

function defineRecordingHeaders(): NonNullable<typeof classes> {
  /** A recording copy of WHATWG Headers, copied at once by Headers' own constructor. */
  class Copied extends Headers implements HeaderLog {
    readonly touched: string[] = [];
    readonly before: (string | null)[] = [];

    override set(name: string, value: string): void {
      note(this, name, this.get(name));
      super.set(name, sendable(name, value));
    }

    override append(name: string, value: string): void {
      note(this, name, this.get(name));
      super.append(name, sendable(name, value));
    }

    override delete(name: string): void {
      note(this, name, this.get(name));
      super.delete(name);
    }
  }

  // The prototype of Headers without its constructor: Deferred is `instanceof Headers` without
  // undici's internal state, which it makes only when it has to (see `#copy`).
  const Shell = function HeadersShell(): void {} as unknown as typeof Headers;
  Shell.prototype = Headers.prototype;

  /** A header object seen as WHATWG Headers, copied into real ones only when it has to. */
  class Deferred extends Shell implements HeaderLog {
    readonly touched: string[] = [];
    readonly before: (string | null)[] = [];
    /** The value of each of `touched` now (`null`: deleted), until `#headers` exists. */
    readonly #values: (string | null)[] = [];
    readonly #source: HeaderRecord;
    /** The real Headers, once made: the record, then the changes so far. */
    #headers: RecordingHeaders | undefined;

    constructor(init: HeaderRecord) {
      super();
      this.#source = init;
    }

    /** The real Headers: made on the first call that needs them. */
    #copy(): RecordingHeaders {
      if (this.#headers !== undefined) return this.#headers;
      const headers = new Copied();
      const { touched } = this;
      for (const name in this.#source) if (!touched.includes(name.toLowerCase())) copyRecordEntry(headers, this.#source, name, Headers.prototype);
      const values = this.#values;
      for (let index = 0; index < touched.length; index++) if (values[index] !== null) Headers.prototype.set.call(headers, touched[index] as string, values[index] as string);
      // What is noted from here on, `headers` notes; these lists stay the log.
      (headers as unknown as { touched: string[] }).touched = this.touched;
      (headers as unknown as { before: (string | null)[] }).before = this.before;
      this.#headers = headers;
      return headers;
    }

    /** The index of `name` in `touched`, noting it first; `-1`: only the real Headers can answer. */
    #slot(name: string): number {
      const key = plainName(name);
      if (key === undefined) return -1;
      let index = this.touched.indexOf(key);
      if (index === -1) {
        index = this.touched.push(key) - 1;
        this.before.push(recordValue(this.#source, key));
        this.#values.push(this.before[index] as string | null);
      }
      return index;
    }

    override set(name: string, value: string): void {
      const text = this.#headers === undefined ? `${value}` : undefined;
      const index = text !== undefined && isPlainValue(text) ? this.#slot(name) : -1;
      if (index === -1) this.#copy().set(name, value);
      else this.#values[index] = text as string;
    }

    override delete(name: string): void {
      const index = this.#headers === undefined ? this.#slot(name) : -1;
      if (index === -1) this.#copy().delete(name);
      else this.#values[index] = null;
    }

    override get(name: string): string | null {
      const index = this.#headers === undefined ? this.touched.indexOf(plainName(name) ?? '') : -1;
      return index === -1 ? this.#copy().get(name) : (this.#values[index] as string | null);
    }

    override has(name: string): boolean {
      return this.get(name) !== null;
    }

    override append(name: string, value: string): void {
      this.#copy().append(name, value);
    }

    override getSetCookie(): string[] {
      return this.#copy().getSetCookie();
    }

    override forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
      this.#copy().forEach((value, key) => callback.call(thisArg, value, key, this));
    }

    override entries(): HeadersIterator<[string, string]> {
      return this.#copy().entries();
    }

    override keys(): HeadersIterator<string> {
      return this.#copy().keys();
    }

    override values(): HeadersIterator<string> {
      return this.#copy().values();
    }

    override [Symbol.iterator](): HeadersIterator<[string, string]> {
      return this.#copy().entries();
    }

    /** util.inspect shows the headers as they are, the client's included. */
    [Symbol.for('nodejs.util.inspect.custom')](...args: unknown[]): unknown {
      const headers = this.#copy();
      const show = (headers as unknown as Record<symbol, (...args: unknown[]) => unknown>)[Symbol.for('nodejs.util.inspect.custom')];
      return show === undefined ? headers : show.apply(headers, args);
    }
  }
  return { Copied, Deferred };
}

/** Notes `name`'s value before its first change (`get` has already refused an invalid name). */
function note(log: Log, name: string, value: string | null): void {
  const key = `${name}`.toLowerCase();
  if (log.touched.includes(key)) return;
  log.before.push(value);
  log.touched.push(key);
}

/** A header name as WHATWG Headers take it (an HTTP token), lower-cased; `undefined` for anything else, which real Headers then refuse. */
function plainName(name: string): string | undefined {
  const text = `${name}`;
  // An authenticator sets the same name on every request: the last answer is kept.
  if (text === lastName) return lastKey;
  const key = token.test(text) ? text.toLowerCase() : undefined;
  lastName = text;
  lastKey = key;
  return key;
}

let lastName = '';
let lastKey: string | undefined;

const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

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
  if (!isPlainValue(text) && !isSendableHeaderValue(text)) throw unsendableHeaderValue(`${name}`.toLowerCase());
  return text;
}

/**
 * Whether `text` matches {@link plainValue}. A credential is usually the very string of the
 * request before (a cached token, a composed header kept by its strategy): the last plain
 * value is kept, and the same string is answered without running the expression again.
 */
function isPlainValue(text: string): boolean {
  if (text === lastPlain) return true;
  if (!plainValue.test(text)) return false;
  lastPlain = text;
  return true;
}

let lastPlain = '';

/** A value every client sends as it is: visible ASCII and Latin-1, inner spaces and tabs, nothing around (the usual case, one test). */
const plainValue = /^(?:[!-~\x80-\xff](?:[\t -~\x80-\xff]*[!-~\x80-\xff])?)?$/;
