import { AuthError, invalidConfig } from '../errors.js';

/**
 * Options every adapter takes.
 *
 * @example
 * ```ts
 * const options: AdapterOptions = { origins: ['https://uploads.example.com'] };
 * const api = authFetch(auth, options); // axiosAuth, gotAuth and kyAuth take the same
 * ```
 */
export interface AdapterOptions {
  /**
   * Origins that may receive credentials besides the client's base URL, e.g.
   * `['https://uploads.example.com']`. Without a base URL and without this list, the origin each
   * request is addressed to receives them. Matching is exact: scheme, host and port.
   */
  readonly origins?: readonly string[];
  /** Send credentials over plain `http:` to hosts other than loopback. Off by default; use only on trusted networks. */
  readonly allowInsecureHttp?: boolean;
}

/**
 * Decides which URLs may receive credentials. Built once per adapter.
 *
 * @example
 * ```ts
 * const policy: OriginPolicy = createOriginPolicy({}, 'https://api.example.com/v1/');
 * policy.mayReceive(new URL('https://api.example.com/v1/items')); // true
 * policy.assertSecure(new URL('http://api.example.com/')); // throws ERR_AUTH_INSECURE_URL
 * ```
 */
export interface OriginPolicy {
  /** Whether the first hop of a request to `url` may carry credentials. */
  mayReceive(url: URL): boolean;
  /** Throws `ERR_AUTH_INSECURE_URL` when a credential would go over plain `http:` to a non-loopback host. */
  assertSecure(url: URL): void;
}

/**
 * Builds the {@link OriginPolicy} of one adapter.
 *
 * @param options - the adapter's options
 * @param baseUrl - the client's base URL (axios `baseURL`, got `prefixUrl`, ky `prefixUrl`), if it has one
 * @example
 * ```ts
 * const policy = createOriginPolicy({ origins: ['https://files.example.com'] }, 'https://api.example.com/v1/');
 * policy.mayReceive(new URL('https://evil.example.net/')); // false
 * ```
 */
export function createOriginPolicy(options: AdapterOptions = {}, baseUrl?: string | URL): OriginPolicy {
  const allowed = new Set<string>();
  for (const [index, origin] of (options.origins ?? []).entries()) {
    allowed.add(parseOrigin(origin, `origins[${index}]`));
  }
  if (baseUrl !== undefined && String(baseUrl) !== '') allowed.add(parseOrigin(String(baseUrl), 'baseUrl'));
  const anyOrigin = allowed.size === 0;
  const allowInsecureHttp = options.allowInsecureHttp === true;
  return {
    mayReceive: (url) => anyOrigin || allowed.has(url.origin),
    assertSecure(url) {
      if (url.protocol === 'https:' || allowInsecureHttp || isLoopback(url)) return;
      throw new AuthError(
        'ERR_AUTH_INSECURE_URL',
        `refusing to send credentials over plain http to ${url.origin}; use https, or set allowInsecureHttp: true`,
        { details: { origin: url.origin } },
      );
    },
  };
}

/**
 * Whether `url` names this machine by one of exactly these hosts: `localhost`, an address in
 * `127.0.0.0/8`, or `[::1]`. Every rule of authwire that lets plain `http:` through to loopback
 * (adapters, token and login endpoints, redirect URIs) asks this. Other names that may resolve
 * to this machine (`api.localhost`, `localhost.`, `0.0.0.0`, `[::ffff:127.0.0.1]`) are not
 * loopback here: what a name resolves to is up to the resolver, not to the URL.
 *
 * @example
 * ```ts
 * isLoopback(new URL('http://127.0.0.1:8080/')); // true
 * isLoopback(new URL('http://api.localhost/')); // false
 * isLoopback(new URL('http://api.example.com/')); // false
 * ```
 */
export function isLoopback(url: URL): boolean {
  const host = url.hostname;
  // The URL parser has already normalised IPv4 forms (127.1, 0x7f.0.0.1) to dotted decimal.
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * Whether two URLs differ in scheme, host or port. Subdomains are other origins.
 *
 * @example
 * ```ts
 * isCrossOrigin(new URL('https://api.example.com/a'), new URL('https://files.example.com/b')); // true: another host
 * isCrossOrigin(new URL('https://api.example.com/a'), new URL('https://api.example.com/b')); // false
 * ```
 */
export function isCrossOrigin(from: URL, to: URL): boolean {
  return from.origin !== to.origin;
}

function parseOrigin(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidConfig(field, 'an absolute URL such as https://api.example.com');
  }
  if (url.origin === 'null') throw invalidConfig(field, 'an http or https URL');
  return url.origin;
}
