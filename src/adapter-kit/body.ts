import type { AuthBody } from '../authenticator.js';

/**
 * Reads a buffered request body into an {@link AuthBody} by its content type: JSON and form
 * bodies become editable; anything else stays `bytes`.
 *
 * @example
 * ```ts
 * parseBody('{"a":1}', 'application/json'); // { type: 'json', value: { a: 1 } }
 * ```
 */
export function parseBody(data: string | Uint8Array | undefined, contentType: string | null | undefined): AuthBody {
  if (data === undefined) return { type: 'none' };
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = (): string => (typeof data === 'string' ? data : new TextDecoder().decode(data));
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return { type: 'json', value: JSON.parse(text()) as unknown };
    } catch {
      // Not JSON after all: leave it untouched.
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
 * serialize: the adapter keeps its client's original body.
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
      return { data: JSON.stringify(body.value), contentType: 'application/json' };
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
      return { type: 'json', value: structuredClone(body.value) };
    case 'form':
      return { type: 'form', value: new URLSearchParams(body.value) };
    default:
      return body;
  }
}
