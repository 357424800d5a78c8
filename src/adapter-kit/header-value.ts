// What a header value may hold so that every client sends it as it is: RFC 9110 field-value
// characters (visible ASCII, space, tab, obs-text U+0080–U+00FF). WHATWG Headers refuse less
// (only NUL, CR, LF and characters above U+00FF) and quote the value in their TypeError; Node's
// http refuses every other control character too. One rule, checked before any client sees the
// value, gives the same AuthError, without the value, through every adapter.
import { AuthError } from '../errors.js';

/** Characters of an RFC 9110 field value. */
const fieldValue = /^[\t\x20-\x7e\x80-\xff]*$/;
/** HTTP whitespace around a value, which `Headers` drops. */
const outerWhitespace = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/**
 * Whether every client can send `value` as a header value (after the surrounding whitespace,
 * which `Headers` drops, is removed).
 *
 * @example
 * ```ts
 * isSendableHeaderValue('Bearer tok_123'); // true
 * isSendableHeaderValue('Bearer tok\u0000'); // false
 * isSendableHeaderValue('Bearer tök€'); // false: € is above U+00FF
 * ```
 */
export function isSendableHeaderValue(value: string): boolean {
  return fieldValue.test(value.replace(outerWhitespace, ''));
}

/**
 * The `AuthError` for a header value no client can send: `ERR_AUTH_INVALID_CONFIG`, naming the
 * header (or the option) and never the value, which is usually a credential.
 *
 * @param field - the header name, or the option the value came from (`bearer.token`)
 * @example
 * ```ts
 * if (!isSendableHeaderValue(value)) throw unsendableHeaderValue('authorization');
 * ```
 */
export function unsendableHeaderValue(field: string): AuthError {
  return new AuthError(
    'ERR_AUTH_INVALID_CONFIG',
    `${field}: expected a value an HTTP header can carry (visible ASCII, spaces, tabs and Latin-1 characters; no NUL, line break, other control character or character above U+00FF)`,
    { details: { field } },
  );
}
