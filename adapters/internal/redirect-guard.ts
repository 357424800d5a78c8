// What axios (follow-redirects) and got must do to a redirect's next hop, whatever they do by
// themselves: no credential to another origin, and the same credential on the same origin.
import {
  AuthError,
  crossOriginStrippedHeaders,
  isCrossOrigin,
  redirectKeepsBody,
  stripCredentials,
  type AuthenticatedRequest,
} from '../../src/index.js';

/** One attempt of a request as its redirects are followed. */
export interface RedirectGuard {
  /** The URL of the attempt's first hop, credentials included. */
  readonly first: URL;
  /** What the authenticator added to the first hop. */
  readonly result: AuthenticatedRequest;
  /** Set once a hop has gone to another origin: later hops get no credential back. */
  left: boolean;
}

/**
 * Prepares the next hop of a redirect. To another origin than the first hop (scheme, host or
 * port): returns the header names to delete (`Authorization`, `Proxy-Authorization`, `Cookie`
 * and the authenticator's headers) and removes the authenticator's query parameters from `next`;
 * throws `ERR_AUTH_REDIRECT_BLOCKED` when the body holds a credential and the redirect resends it.
 * On the first hop's origin, puts the authenticator's query parameters back on `next` (the
 * client keeps the headers and the body by itself). Edits `next` in place.
 *
 * @param method - the next hop's method, after the client's own rewriting (POST → GET on 301/302/303)
 * @param keepsBody - whether the client sends the body again on this hop; a client that says so
 *   itself (got: the next hop's options still hold a body) passes it, others leave it to
 *   {@link redirectKeepsBody} of `status` and `method`
 */
export function guardRedirect(guard: RedirectGuard, next: URL, status: number, method: string, keepsBody = redirectKeepsBody(status, method)): ReadonlySet<string> {
  const { result } = guard;
  if (!isCrossOrigin(guard.first, next)) {
    if (!guard.left) {
      for (const name of result.credentialQuery) {
        next.searchParams.delete(name);
        for (const value of result.url.searchParams.getAll(name)) next.searchParams.append(name, value);
      }
    }
    return new Set();
  }
  if (result.bodyChanged && keepsBody) throw redirectBlocked(status, guard.first, next);
  guard.left = true;
  stripCredentials(next, new Headers(), [result]);
  return new Set([...crossOriginStrippedHeaders, ...result.credentialHeaders]);
}

/**
 * The `ERR_AUTH_REDIRECT_BLOCKED` failure of a redirect from `from` to another origin `to` that
 * would resend a body holding a credential.
 */
export function redirectBlocked(status: number, from: URL, to: URL): AuthError {
  return new AuthError(
    'ERR_AUTH_REDIRECT_BLOCKED',
    `refusing to follow a ${status} redirect from ${from.origin} to ${to.origin}: it would resend a body that holds a credential`,
    { details: { status, from: from.origin, to: to.origin } },
  );
}
