// got.paginate builds every page after the first from one Options (made from the first page's
// arguments) by merging what `pagination.paginate` returned into it, and sets `prefixUrl: ''`
// when that names a URL (got 14 always, got 16 unless `allowAbsoluteUrls` is false). A page is
// a fresh request to authwire, so without a pin its origin policy would lose the base URL and
// any origin a server's `Link: <…>; rel="next"` names would receive credentials.
//
// got runs `init` hooks on that merge, before the URL and `prefixUrl` change, with the shared
// Options as `self`; each page's Options is a copy of it, `context` included (shallowly). The
// pin, written into its `context` then, is what every later page reads. An Options that already
// has a URL is met in `init` only there and in `retryWithMergedOptions` (which keeps the request's
// own state): a request as the caller makes it has no URL yet when its options merge.
//
// A server's next link often repeats the query string it was sent, a query credential included
// (`Link: <https://elsewhere/items?api_key=…&page=2>`): on a page the policy gives no credential,
// the parameters the authenticator sets are taken out of the URL before got sends it.
import type { GotOptionsView } from './got-request.js';

/**
 * On Options about to become a next page: pins the policy base of the pages to come, once, as
 * the first page had it: its `prefixUrl`; without one, its origin, unless the adapter lists
 * `origins` (which then decide alone, as for the first page).
 */
export function pinPagePolicy(self: GotOptionsView | undefined, key: symbol, hasOrigins: boolean): void {
  // ky 2 runs init hooks too, with no got Options: beforeRequest then says which adapter ky takes.
  if (typeof self !== 'object' || self === null) return;
  const url = self.url;
  if (!(url instanceof URL)) return;
  const context = self.context as Record<PropertyKey, unknown>;
  if (typeof context[key] === 'string') return;
  const prefix = String(self.prefixUrl);
  try {
    context[key] = prefix !== '' ? prefix : hasOrigins ? '' : url.origin;
  } catch {
    // Frozen context (an instance's defaults): no page is made from it.
  }
}

/** The policy base pinned on a page's Options, if it is a next page of a pagination. */
export function pagePolicyBase(request: GotOptionsView, key: symbol): string | undefined {
  const pinned = (request.context as Record<PropertyKey, unknown>)[key];
  return typeof pinned === 'string' ? pinned : undefined;
}

/**
 * The query parameters an authenticator has set on the requests of one `gotAuth` (an API key
 * `in: 'query'`, say), to be taken out of a next page's URL that the origin policy gives no
 * credential.
 */
export class PageQueryCredentials {
  readonly #names = new Set<string>();

  /** Notes the names of query parameters the authenticator set on a request. */
  note(names: readonly string[]): void {
    for (const name of names) this.#names.add(name);
  }

  /** Removes every noted parameter from `request.url`, leaving the other parameters as the link wrote them. */
  stripFrom(request: GotOptionsView): void {
    const url = request.url;
    if (!(url instanceof URL) || url.search === '' || this.#names.size === 0) return;
    const pairs = url.search.slice(1).split('&');
    // Each pair's name as a server reads it (form decoding), compared with the names noted.
    const kept = pairs.filter((pair) => !this.#names.has(new URLSearchParams(pair).keys().next().value ?? ''));
    if (kept.length === pairs.length) return;
    const stripped = new URL(url.href);
    stripped.search = kept.join('&');
    request.url = stripped;
  }
}
