import type { AuthenticatedRequest } from './authenticate-outgoing.js';

/**
 * Header names that never go to another origin, whoever set them (the caller or the authenticator).
 *
 * @example
 * ```ts
 * for (const name of crossOriginStrippedHeaders) headers.delete(name);
 * ```
 */
export const crossOriginStrippedHeaders: readonly string[] = Object.freeze(['authorization', 'proxy-authorization', 'cookie']);

/**
 * Removes every credential from a request that is about to go to another origin (a redirect's
 * next hop): `Authorization`, `Proxy-Authorization` and `Cookie`, every header the authenticator
 * set in `sent`, and every query parameter it set (a `Location` header often repeats the query
 * string, API key included). Changes `url` and `headers` in place.
 *
 * A credential in the body cannot be removed this way: check {@link redirectKeepsBody} and
 * {@link AuthenticatedRequest.bodyChanged} and refuse the redirect instead.
 *
 * @param url - the next hop's URL
 * @param headers - the next hop's headers
 * @param sent - what {@link authenticateOutgoing} added to the earlier hops of this request
 * @example
 * ```ts
 * if (isCrossOrigin(current, next)) stripCredentials(next, headers, [result]);
 * ```
 */
export function stripCredentials(url: URL, headers: Headers, sent: readonly AuthenticatedRequest[]): void {
  for (const name of crossOriginStrippedHeaders) headers.delete(name);
  for (const result of sent) {
    for (const name of result.credentialHeaders) headers.delete(name);
    for (const name of result.credentialQuery) url.searchParams.delete(name);
  }
}
