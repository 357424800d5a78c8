// How a resource identifier (RFC 8707, RFC 9728) is compared with the URL a client sent to.

/**
 * Whether `named` is the same resource identifier as `url` (parsed, so `https://a.example` and
 * `https://a.example/` are one; the fragment never counts).
 *
 * @example
 * ```ts
 * sameResource('https://api.example.com', new URL('https://api.example.com/')); // true
 * ```
 */
export function sameResource(named: string, url: URL): boolean {
  if (!URL.canParse(named)) return false;
  const a = new URL(named);
  a.hash = '';
  const b = new URL(url);
  b.hash = '';
  return a.href === b.href;
}

/**
 * Whether the resource `resource` covers a request to `url`: the same origin, and the request's
 * path is the resource's path or below it (`/mcp` covers `/mcp` and `/mcp/tools`, not `/mcpx`).
 *
 * @example
 * ```ts
 * resourceCovers(new URL('https://api.example.com/mcp'), new URL('https://api.example.com/mcp/tools')); // true
 * ```
 */
export function resourceCovers(resource: URL, url: URL): boolean {
  if (resource.origin !== url.origin) return false;
  if (resource.search !== '' && resource.search !== url.search) return false;
  const base = resource.pathname.endsWith('/') ? resource.pathname : `${resource.pathname}/`;
  return url.pathname === resource.pathname || url.pathname.startsWith(base);
}
