// Where the session token is in the login response: a JSON path, a header, or a Set-Cookie.
import { invalidConfig } from '../errors.js';
import { readPath } from '../read-path.js';

/**
 * Where to find the token.
 *
 * @example
 * ```ts
 * const source: TokenSource = { kind: 'cookie', name: 'session' };
 * ```
 */
export type TokenSource =
  | { readonly kind: 'path'; readonly path: string; readonly label: string }
  | { readonly kind: 'header'; readonly name: string }
  | { readonly kind: 'cookie'; readonly name: string };

/**
 * One cookie of a `Set-Cookie` header: its value and the attributes that tell its expiry.
 *
 * @example
 * ```ts
 * const cookie: SetCookie = { value: 'abc', maxAge: 3600, expires: undefined };
 * ```
 */
export interface SetCookie {
  readonly value: string;
  /** `Max-Age` in seconds. */
  readonly maxAge: number | undefined;
  /** `Expires` in epoch ms. */
  readonly expires: number | undefined;
}

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A cookie name is an RFC 7230 token. */
const cookieName = headerName;
/** `a.b[0].c` or `a.0.c`: segments without dots or brackets, indexes in brackets. */
const jsonPath = /^[^.[\]]+(?:\.[^.[\]]+|\[\d+\])*$/;

/**
 * `data.tokens[0].value` → `data.tokens.0.value` (the form {@link readPath} reads).
 *
 * @example
 * ```ts
 * toDottedPath('data.tokens[0].value'); // 'data.tokens.0.value'
 * ```
 */
export function toDottedPath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1');
}

/**
 * Checks a JSON path option; throws `ERR_AUTH_INVALID_CONFIG` naming `field`.
 *
 * @example
 * ```ts
 * checkJsonPath('data.tokens[0].value', 'tokenPath'); // returned as given
 * ```
 */
export function checkJsonPath(value: unknown, field: string): string {
  if (typeof value !== 'string' || !jsonPath.test(value)) throw invalidConfig(field, 'a dotted path such as data.token or data.tokens[0].value');
  return value;
}

/**
 * The token source of the options: exactly one of `tokenPath`, `tokenHeader` and `tokenCookie`.
 *
 * @example
 * ```ts
 * tokenSource({ tokenPath: 'id' }); // { kind: 'path', path: 'id', label: 'id' }
 * ```
 */
export function tokenSource(options: { readonly tokenPath?: unknown; readonly tokenHeader?: unknown; readonly tokenCookie?: unknown }): TokenSource {
  const given = [options.tokenPath, options.tokenHeader, options.tokenCookie].filter((value) => value !== undefined);
  if (given.length !== 1) throw invalidConfig('session', 'exactly one of tokenPath, tokenHeader and tokenCookie');
  if (options.tokenPath !== undefined) {
    const label = checkJsonPath(options.tokenPath, 'tokenPath');
    return { kind: 'path', path: toDottedPath(label), label };
  }
  if (options.tokenHeader !== undefined) {
    if (typeof options.tokenHeader !== 'string' || !headerName.test(options.tokenHeader)) throw invalidConfig('tokenHeader', 'a valid HTTP header name');
    return { kind: 'header', name: options.tokenHeader };
  }
  if (typeof options.tokenCookie !== 'string' || !cookieName.test(options.tokenCookie)) throw invalidConfig('tokenCookie', 'a valid cookie name');
  return { kind: 'cookie', name: options.tokenCookie };
}

/**
 * The last `Set-Cookie` of the response that sets `name` (a cookie that deletes it — empty,
 * `Max-Age` ≤ 0 — counts as none).
 *
 * @example
 * ```ts
 * findSetCookie(response.headers, 'session')?.value;
 * ```
 */
export function findSetCookie(headers: Headers, name: string): SetCookie | undefined {
  let found: SetCookie | undefined;
  for (const line of headers.getSetCookie()) {
    const [pair = '', ...attributes] = line.split(';');
    const equals = pair.indexOf('=');
    if (equals < 0 || pair.slice(0, equals).trim() !== name) continue;
    const value = pair.slice(equals + 1).trim();
    let maxAge: number | undefined;
    let expires: number | undefined;
    for (const attribute of attributes) {
      const at = attribute.indexOf('=');
      const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
      const text = at < 0 ? '' : attribute.slice(at + 1).trim();
      if (key === 'max-age' && /^-?\d+$/.test(text)) maxAge = Number(text);
      if (key === 'expires') {
        const parsed = Date.parse(text);
        if (!Number.isNaN(parsed)) expires = parsed;
      }
    }
    const deleted = value === '' || (maxAge !== undefined && maxAge <= 0);
    found = deleted ? undefined : { value, maxAge, expires };
  }
  return found;
}

/**
 * The raw token value at `source` (before prefix removal and checks), or `undefined`.
 *
 * @example
 * ```ts
 * readTokenValue({ kind: 'header', name: 'X-Auth-Token' }, undefined, response.headers, undefined);
 * ```
 */
export function readTokenValue(source: TokenSource, body: unknown, headers: Headers, cookie: SetCookie | undefined): unknown {
  switch (source.kind) {
    case 'path': {
      const value = readPath(body, source.path);
      return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    }
    case 'header':
      return headers.get(source.name) ?? undefined;
    case 'cookie':
      return cookie?.value;
    default:
      throw source satisfies never;
  }
}

/**
 * Where the token was looked for, for messages (names, never values).
 *
 * @example
 * ```ts
 * describeSource({ kind: 'header', name: 'X-Auth-Token' }); // 'in the response header X-Auth-Token'
 * ```
 */
export function describeSource(source: TokenSource): string {
  switch (source.kind) {
    case 'path':
      return `at "${source.label}" in the response body`;
    case 'header':
      return `in the response header ${source.name}`;
    case 'cookie':
      return `in a Set-Cookie for "${source.name}"`;
    default:
      throw source satisfies never;
  }
}
