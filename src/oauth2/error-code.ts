/**
 * An OAuth2 `error` code as RFC 6749 allows it (printable ASCII without `"` or `\`), at most 64
 * characters; `undefined` for anything else, so a server cannot put arbitrary text in a message.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @example
 * ```ts
 * safeErrorCode(params.get('error')) ?? 'invalid_error';
 * ```
 */
export function safeErrorCode(value: unknown): string | undefined {
  return typeof value === 'string' && /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,64}$/.test(value) ? value : undefined;
}
