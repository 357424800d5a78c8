import type { AuthBody } from '../authenticator.js';
import { spliceJson } from './json-splice.js';

/** Strict UTF-8 that keeps a byte order mark: JSON text that is not plain UTF-8 stays bytes, untouched. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a buffered request body into an {@link AuthBody} by its content type: JSON and form
 * bodies become editable; anything else stays `bytes`. A JSON body keeps its text, so that
 * {@link serializeBody} sends what the caller wrote with only the authenticator's changes in it.
 *
 * @example
 * ```ts
 * parseBody('{"a":1}', 'application/json'); // { type: 'json', value: { a: 1 }, text: '{"a":1}' }
 * ```
 */
export function parseBody(data: string | Uint8Array | undefined, contentType: string | null | undefined): AuthBody {
  if (data === undefined) return { type: 'none' };
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = (): string => (typeof data === 'string' ? data : new TextDecoder().decode(data));
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      const json = typeof data === 'string' ? data : strictUtf8.decode(data);
      return { type: 'json', value: JSON.parse(json) as unknown, text: json };
    } catch {
      // Not JSON (or not UTF-8) after all: leave it untouched.
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { type: 'form', value: new URLSearchParams(text()) };
  }
  return { type: 'bytes', value: typeof data === 'string' ? new TextEncoder().encode(data) : data };
}

/**
 * A body ready to send, with the content type it needs when the request has none.
 *
 * @example
 * ```ts
 * const { data, contentType }: SerializedBody = serializeBody({ type: 'form', value: new URLSearchParams({ a: '1' }) });
 * // data 'a=1', contentType 'application/x-www-form-urlencoded'
 * ```
 */
export interface SerializedBody {
  /** The bytes or text to send; `undefined` for no body. */
  readonly data: string | Uint8Array | undefined;
  /** The content type a JSON or form body needs. */
  readonly contentType: string | undefined;
}

/**
 * Turns an {@link AuthBody} back into what a client sends. A `stream` body has nothing to
 * serialize: the adapter keeps its client's original body. A JSON body with its `text` is that
 * text with the changes to `value` spliced in (numbers, key order, whitespace and escapes the
 * authenticator did not touch arrive as written); without `text` it is `JSON.stringify(value)`.
 *
 * @example
 * ```ts
 * serializeBody({ type: 'form', value: new URLSearchParams({ a: '1' }) }); // { data: 'a=1', contentType: 'application/x-www-form-urlencoded' }
 * ```
 */
export function serializeBody(body: AuthBody): SerializedBody {
  switch (body.type) {
    case 'none':
    case 'stream':
      return { data: undefined, contentType: undefined };
    case 'json':
      return { data: jsonText(body.value, body.text), contentType: 'application/json' };
    case 'form':
      return { data: body.value.toString(), contentType: 'application/x-www-form-urlencoded' };
    case 'bytes':
      return { data: body.value, contentType: undefined };
    default:
      throw body satisfies never;
  }
}

/**
 * A deep copy, so that an authenticator's edits never reach the caller's objects.
 *
 * @example
 * ```ts
 * const copy = cloneBody(body); // an authenticator may edit copy; body stays as the caller made it
 * ```
 */
export function cloneBody(body: AuthBody): AuthBody {
  switch (body.type) {
    case 'json':
      return { ...body, value: structuredClone(body.value) };
    case 'form':
      return { type: 'form', value: new URLSearchParams(body.value) };
    default:
      return body;
  }
}

function jsonText(value: unknown, text: string | undefined): string {
  if (text !== undefined) {
    try {
      return spliceJson(text, value);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error; // a BigInt in value fails as JSON.stringify would
    }
  }
  return JSON.stringify(value);
}
