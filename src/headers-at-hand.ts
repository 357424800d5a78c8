// The headers an authenticator would set right now, for adapters that can send them without
// building the request `authenticate()` edits. Known only to authwire's own strategies: the
// answer is tied to the very `authenticate` function it belongs to, so an authenticator spread
// into another with its own `authenticate` (a DPoP or cookie variant, a user's wrapper) never
// inherits a shortcut that would send something else.
import type { AuthContext, Authenticator } from './authenticator.js';
import { isSendableHeaderValue } from './adapter-kit/header-value.js';
import type { Placement } from './placement.js';

/**
 * The headers `authenticate()` would set on any request right now, names in lower case, when
 * setting them is all it would do and it has them at hand (a static credential, a cached token);
 * `undefined` when `authenticate()` must run. It notes `context.credential` as `authenticate()`
 * would.
 */
export type HeadersAtHand = (context: AuthContext) => Readonly<Record<string, string>> | undefined;

const known = new WeakMap<Authenticator['authenticate'], HeadersAtHand>();

/**
 * Returns `authenticate` after noting `atHand` as what it would set at once.
 *
 * @example
 * ```ts
 * const authenticate = withHeadersAtHand((request, context) => withCurrentToken(manager, request, context, useToken), currentHeaders(manager, placement));
 * ```
 */
export function withHeadersAtHand<F extends Authenticator['authenticate']>(authenticate: F, atHand: HeadersAtHand): F {
  known.set(authenticate, atHand);
  return authenticate;
}

/**
 * `authenticate`, noted as setting `headers` on every request when they are defined (a static
 * credential): what a strategy whose headers never change returns as its `authenticate`.
 *
 * @example
 * ```ts
 * return { name: 'basic', authenticate: withStaticHeaders((request) => runNow(applyPlacement, request, authorization, value), headerAtHand('Authorization', value)) };
 * ```
 */
export function withStaticHeaders<F extends Authenticator['authenticate']>(authenticate: F, headers: Readonly<Record<string, string>> | undefined): F {
  return headers === undefined ? authenticate : withHeadersAtHand(authenticate, () => headers);
}

/**
 * What `authenticator` would set at once, if its `authenticate` is one whose answer is known.
 *
 * @example
 * ```ts
 * const headers = headersAtHandOf(auth)?.(context); // e.g. { authorization: 'Bearer …' }
 * ```
 */
export function headersAtHandOf(authenticator: Authenticator): HeadersAtHand | undefined {
  const { authenticate } = authenticator;
  // An adapter asks for the same authenticator on every request: the last answer is kept.
  if (authenticate !== lastAuthenticate) {
    lastAuthenticate = authenticate;
    lastAtHand = known.get(authenticate);
  }
  return lastAtHand;
}

let lastAuthenticate: Authenticator['authenticate'] | undefined;
let lastAtHand: HeadersAtHand | undefined;

/**
 * One header as {@link HeadersAtHand} answers it, frozen: `undefined` for a value that
 * `authenticate()` would refuse (it then runs and names the header).
 *
 * @example
 * ```ts
 * headerAtHand('Authorization', 'Bearer tok_123'); // { authorization: 'Bearer tok_123' }
 * ```
 */
export function headerAtHand(name: string, value: string): Readonly<Record<string, string>> | undefined {
  if (!isSendableHeaderValue(value) || value !== value.trim()) return undefined;
  return Object.freeze({ [name.toLowerCase()]: value });
}

/**
 * What `applyPlacement(request, placement, value)` would set, as {@link headerAtHand} answers it:
 * `undefined` for a placement other than a header.
 *
 * @example
 * ```ts
 * placedHeader({ in: 'header', name: 'Authorization', prefix: 'Bearer' }, token); // { authorization: 'Bearer …' }
 * ```
 */
export function placedHeader(placement: Placement, value: string): Readonly<Record<string, string>> | undefined {
  if (placement.in !== 'header') return undefined;
  const prefix = placement.prefix ?? '';
  return headerAtHand(placement.name, prefix === '' ? value : `${prefix} ${value}`);
}
