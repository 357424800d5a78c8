// The Response a caller receives: no credential in its URL, `redirected` true when we followed one.

const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/**
 * Returns the response to hand to the caller. When the URL that was sent holds a query-string
 * credential, the response is copied into a new `Response` whose `url` is `visibleUrl` (the URL
 * without it), so that neither `response.url` nor `util.inspect(response)` shows the credential.
 *
 * @example
 * ```ts
 * return presentResponse(response, { visibleUrl: new URL('https://a.example/items'), hideUrl: true, redirected: false });
 * ```
 */
export function presentResponse(response: Response, options: { readonly visibleUrl: URL; readonly hideUrl: boolean; readonly redirected: boolean }): Response {
  let result = response;
  if (options.hideUrl) {
    result = new Response(nullBodyStatuses.has(response.status) ? null : response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    Object.defineProperty(result, 'url', { value: options.visibleUrl.href, configurable: true });
  }
  if (options.redirected && !result.redirected) Object.defineProperty(result, 'redirected', { value: true, configurable: true });
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
