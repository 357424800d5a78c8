// Putting a session token into an API request: any placement, or a cookie.
import type { AuthRequest } from '../authenticator.js';
import { invalidConfig } from '../errors.js';
import { applyPlacement, validatePlacement } from '../placement.js';
import { headerSafe } from '../token.js';
import type { CookiePlacement, SessionTokenPlacement } from './session-token-types.js';

const cookieName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Characters a cookie value cannot carry without breaking the `Cookie` header. */
const cookieBreaking = /[;\r\n\0]/;

/**
 * Checks `inject` when the authenticator is created; throws `ERR_AUTH_INVALID_CONFIG`.
 *
 * @example
 * ```ts
 * checkInjection({ in: 'cookie', name: 'session' }, 'inject');
 * ```
 */
export function checkInjection(value: unknown, field: string): SessionTokenPlacement {
  if (typeof value === 'object' && value !== null && (value as { in?: unknown }).in === 'cookie') {
    const { name } = value as { name?: unknown };
    if (typeof name !== 'string' || !cookieName.test(name)) throw invalidConfig(`${field}.name`, 'a valid cookie name');
    return { in: 'cookie', name };
  }
  try {
    validatePlacement(value, field);
  } catch (error) {
    if ((value as { in?: unknown } | null)?.in !== undefined) throw error;
    throw invalidConfig(`${field}.in`, "one of 'header', 'query', 'form', 'json', 'cookie'");
  }
  return value;
}

/**
 * Whether `token` can go where `placement` puts it: any placement needs a token a header can
 * carry (no control characters, nothing above U+00FF, as for every token), and a cookie cannot
 * hold `;` either.
 *
 * @example
 * ```ts
 * fitsPlacement({ in: 'cookie', name: 'session' }, 'a;b'); // false
 * fitsPlacement({ in: 'header', name: 'X-Session' }, 'a\u0000b'); // false
 * ```
 */
export function fitsPlacement(placement: SessionTokenPlacement, token: string): boolean {
  return headerSafe(token) && (placement.in !== 'cookie' || !cookieBreaking.test(token));
}

/**
 * Writes `token` into `request` where `placement` says; a cookie is merged into the request's
 * `Cookie` header (replacing a cookie of the same name).
 *
 * @example
 * ```ts
 * injectToken(request, { in: 'cookie', name: 'session' }, token);
 * ```
 */
export function injectToken(request: AuthRequest, placement: SessionTokenPlacement, token: string): void {
  if (placement.in === 'cookie') setCookie(request, placement, token);
  else applyPlacement(request, placement, token);
}

function setCookie(request: AuthRequest, placement: CookiePlacement, token: string): void {
  const kept = (request.headers.get('cookie') ?? '')
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '' && pair.split('=')[0]?.trim() !== placement.name);
  request.headers.set('Cookie', [...kept, `${placement.name}=${token}`].join('; '));
}
