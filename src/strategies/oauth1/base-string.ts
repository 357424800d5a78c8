// The signature base string of RFC 5849 §3.4.1: the method, the base string URI and the
// normalized request parameters (query, protocol parameters and a form body), each encoded.
import { oauthPercentEncode } from './percent-encode.js';

/** One name/value pair, decoded. */
export type OAuth1Parameter = readonly [name: string, value: string];

/**
 * The base string URI (§3.4.1.2): scheme and host in lower case, the port only when it is not
 * the scheme's default, the path as sent, no query or fragment.
 *
 * @internal
 * @example
 * ```ts
 * baseStringUri(new URL('HTTP://EXAMPLE.COM:80/r%20v/X?id=123')); // 'http://example.com/r%20v/X'
 * ```
 */
export function baseStringUri(url: URL): string {
  // WHATWG URL already lower-cases the scheme and host and drops a default port.
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * The normalized request parameters (§3.4.1.3.2): each name and value encoded, sorted by name
 * and then value (byte order of the encoded text), joined by `=` and `&`.
 *
 * @internal
 * @example
 * ```ts
 * normalizeParameters([['b', '2'], ['a', 'x y']]); // 'a=x%20y&b=2'
 * ```
 */
export function normalizeParameters(parameters: readonly OAuth1Parameter[]): string {
  const encoded = parameters.map(([name, value]) => [oauthPercentEncode(name), oauthPercentEncode(value)] as const);
  // Encoded text is ASCII, so UTF-16 order is byte order.
  encoded.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let out = '';
  for (const [name, value] of encoded) out += `${out === '' ? '' : '&'}${name}=${value}`;
  return out;
}

/**
 * The signature base string (§3.4.1.1) of a request to `url` (whose query is read as a form, as
 * §3.4.1.3.1 says) with these further parameters: the protocol parameters and a form body's.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1
 * @internal
 * @example
 * ```ts
 * signatureBaseString('GET', new URL('http://photos.example.net/photos?size=original'), [['oauth_consumer_key', 'dpf43f3p2l4k3l03']]);
 * ```
 */
export function signatureBaseString(method: string, url: URL, parameters: readonly OAuth1Parameter[]): string {
  const all: OAuth1Parameter[] = [...url.searchParams, ...parameters];
  return `${oauthPercentEncode(method.toUpperCase())}&${oauthPercentEncode(baseStringUri(url))}&${oauthPercentEncode(normalizeParameters(all))}`;
}
