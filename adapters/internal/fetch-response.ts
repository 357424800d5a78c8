// The Response a caller receives: no credential in its URL, `redirected` true when we followed one.

const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/**
 * Returns the response to hand to the caller. When the URL that was sent holds a query-string
 * credential (`credentialQuery` names its parameters), the response is copied into a new
 * `Response` whose `url` is `url` without them, so that neither `response.url` nor
 * `util.inspect(response)` shows the credential.
 *
 * @example
 * ```ts
 * return presentResponse(response, new URL('https://a.example/items?api_key=k'), ['api_key'], false);
 * ```
 */
export function presentResponse(response: Response, url: URL | string, credentialQuery: readonly string[], redirected: boolean): Response {
  let result = response;
  if (credentialQuery.length > 0) {
    const visibleUrl = new URL(url);
    for (const name of credentialQuery) visibleUrl.searchParams.delete(name);
    result = new Response(nullBodyStatuses.has(response.status) ? null : response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    Object.defineProperty(result, 'url', { value: visibleUrl.href, configurable: true });
  }
  if (redirected && !result.redirected) Object.defineProperty(result, 'redirected', { value: true, configurable: true });
  return result;
}

/**
 * Lets go of a response we will not hand on (a redirect, a refused attempt), so its connection is freed.
 *
 * @example
 * ```ts
 * await discard(redirectResponse);
 * ```
 */
export async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already read or cancelled: nothing to free.
  }
}
