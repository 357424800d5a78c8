import { AuthError } from '../errors.js';

/**
 * The `ERR_AUTH_REDIRECT_BLOCKED` failure of a redirect from `from` to another origin `to`: by
 * default because it would resend a body that holds a credential; `reason` says otherwise.
 *
 * @example
 * ```ts
 * throw redirectBlocked(307, new URL('https://api.example.com/'), new URL('https://evil.example/'));
 * ```
 */
export function redirectBlocked(status: number | undefined, from: URL | string, to: URL | string, reason = 'it would resend a body that holds a credential'): AuthError {
  const source = typeof from === 'string' ? from : from.origin;
  const target = typeof to === 'string' ? to : to.origin;
  const what = status === undefined ? 'a redirect' : `a ${status} redirect`;
  const details = status === undefined ? { from: source, to: target } : { status, from: source, to: target };
  return new AuthError('ERR_AUTH_REDIRECT_BLOCKED', `refusing to follow ${what} from ${source} to ${target}: ${reason}`, { details });
}
