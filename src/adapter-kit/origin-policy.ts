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
  return new Policy(allowed, options.allowInsecureHttp === true);
}

/** What a policy holds true of every URL whose string starts with `prefix` (its origin and a `/`). */
interface Verdict {
  readonly prefix: string | undefined;
  readonly mayReceive: boolean;
  /** The origin, when credentials may not go there over plain http (`undefined`: they may). */
  readonly insecureOrigin: string | undefined;
}

/**
 * The policy {@link createOriginPolicy} makes. It also answers for a URL still in its string
 * form, and remembers its answer for the last origin it parsed: everything after
 * `scheme://host:port/` is path, query or fragment, which neither changes the origin nor makes
 * the string fail to parse, so the answer holds for every string with that prefix.
 */
class Policy implements OriginPolicy {
  readonly #allowed: ReadonlySet<string>;
  readonly #allowInsecureHttp: boolean;
  #last: Verdict | undefined;

  constructor(allowed: ReadonlySet<string>, allowInsecureHttp: boolean) {
    this.#allowed = allowed;
    this.#allowInsecureHttp = allowInsecureHttp;
  }

  // Arrow functions, so that they also work taken off the policy (`const { mayReceive } = policy`).
  readonly mayReceive = (url: URL): boolean => this.#allowed.size === 0 || this.#allowed.has(url.origin);

  readonly assertSecure = (url: URL): void => {
    if (this.#secure(url)) return;
    throw insecure(url.origin);
  };

  /** The verdict for the absolute URL `href`, parsed unless it starts as the last one did; a TypeError if it is no URL. */
  verdict(href: string): Verdict {
    const last = this.#last;
    if (last?.prefix !== undefined && href.startsWith(last.prefix)) return last;
    const url = new URL(href);
    const { origin } = url;
    const special = url.protocol === 'https:' || url.protocol === 'http:';
    const prefix = special && href.startsWith(origin) && href.charCodeAt(origin.length) === 0x2f ? `${origin}/` : undefined;
    const verdict: Verdict = { prefix, mayReceive: this.mayReceive(url), insecureOrigin: this.#secure(url) ? undefined : origin };
    if (prefix !== undefined) this.#last = verdict;
    return verdict;
  }

  #secure(url: URL): boolean {
    return url.protocol === 'https:' || this.#allowInsecureHttp || isLoopback(url);
  }
}

function insecure(origin: string): AuthError {
  return new AuthError(
    'ERR_AUTH_INSECURE_URL',
    `refusing to send credentials over plain http to ${origin}; use https, or set allowInsecureHttp: true`,
    { details: { origin } },
  );
}

/**
 * Whether `policy` may receive credentials for the absolute URL `href`: a TypeError if it is none.
 * A policy made by `createOriginPolicy` parses it only when its origin is not the one it parsed
 * last; any other policy is given the parsed URL.
 *
 * @example
 * ```ts
 * mayReceiveHref(createOriginPolicy({}, 'https://api.example.com/'), 'https://api.example.com/items'); // true
 * ```
 */
export function mayReceiveHref(policy: OriginPolicy, href: string): boolean {
  return policy instanceof Policy ? policy.verdict(href).mayReceive : policy.mayReceive(new URL(href));
}

/**
 * Whether a credential may go to `url` and over its scheme: what {@link mayReceiveHref} and
 * {@link assertSecureHref} together allow, without an error (`false` for no URL at all); a
 * string is parsed only when the policy cannot tell from it.
 *
 * @example
 * ```ts
 * sendsCredentialsTo(createOriginPolicy(), 'http://api.example.com/'); // false: plain http beyond loopback
 * ```
 */
export function sendsCredentialsTo(policy: OriginPolicy, url: URL | string): boolean {
  try {
    if (policy instanceof Policy) {
      const verdict = policy.verdict(typeof url === 'string' ? url : url.href);
      return verdict.mayReceive && verdict.insecureOrigin === undefined;
    }
    const parsed = typeof url === 'string' ? new URL(url) : url;
    if (!policy.mayReceive(parsed)) return false;
    policy.assertSecure(parsed);
    return true;
  } catch {
    return false; // Not a URL, or not secure: the full path gives the error.
  }
}

/**
 * `policy.assertSecure` for the absolute URL `href`, parsing it only when the policy cannot tell
 * from the string.
 *
 * @example
 * ```ts
 * assertSecureHref(createOriginPolicy(), 'https://api.example.com/'); // nothing thrown
 * ```
 */
export function assertSecureHref(policy: OriginPolicy, href: string): void {
  if (!(policy instanceof Policy)) {
    policy.assertSecure(new URL(href));
    return;
  }
  const { insecureOrigin } = policy.verdict(href);
  if (insecureOrigin !== undefined) throw insecure(insecureOrigin);
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
