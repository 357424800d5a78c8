const unreservedOnly = /^[A-Za-z0-9\-_.~]*$/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * AWS's URI encoding: every byte but the unreserved characters `A-Z a-z 0-9 - _ . ~` as `%XY`
 * with upper-case hex (a space is `%20`, never `+`).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */
export function awsUriEncode(value: string): string {
  if (unreservedOnly.test(value)) return value;
  // encodeURIComponent leaves !'()* alone; AWS encodes them. Lone surrogates become U+FFFD, as in a URL.
  return encodeURIComponent(value.replace(loneSurrogate, '\uFFFD')).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Decodes percent escapes, leaving the text as it is where they are not valid UTF-8. */
export function percentDecode(value: string, plusIsSpace = false): string {
  const text = plusIsSpace ? value.replace(/\+/g, ' ') : value;
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
