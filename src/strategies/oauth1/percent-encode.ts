// RFC 5849 §3.6 percent-encoding: every byte of the UTF-8 form but the unreserved characters
// (ALPHA, DIGIT, "-", ".", "_", "~") is written as %XX with upper-case hex digits.

/** What `encodeURIComponent` leaves alone but RFC 5849 encodes. */
const subDelimiters = /[!'()*]/g;

function escapeSubDelimiter(character: string): string {
  return `%${character.charCodeAt(0).toString(16).toUpperCase()}`;
}

/**
 * `value` percent-encoded as RFC 5849 §3.6 has it. A lone surrogate is encoded as U+FFFD, as
 * its UTF-8 form would be.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.6
 * @internal
 * @example
 * ```ts
 * oauthPercentEncode("Ladies + Gentlemen!"); // 'Ladies%20%2B%20Gentlemen%21'
 * ```
 */
export function oauthPercentEncode(value: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    encoded = encodeURIComponent(Buffer.from(value, 'utf8').toString('utf8'));
  }
  return encoded.replace(subDelimiters, escapeSubDelimiter);
}
