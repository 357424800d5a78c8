import { AuthError } from '../../errors.js';
import type { Token } from '../../token.js';
import type { GrantContext } from '../grant-context.js';

/**
 * One `refresh_token` request. `invalid_grant` becomes `ERR_AUTH_REAUTH_REQUIRED`; the scope is
 * sent only when `scopeOnRefresh` is set.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function refreshAccessToken(context: GrantContext, refreshToken: string, signal: AbortSignal): Promise<Token> {
  return context.send({
    grant: 'refresh_token',
    entries: [
      ['grant_type', 'refresh_token'],
      ['refresh_token', refreshToken],
    ],
    withScope: context.scopeOnRefresh,
    secrets: [refreshToken],
    invalidGrantMeansReauth: true,
    signal,
  });
}

/** The error when no refresh token is left to send. */
export function noRefreshToken(grant: string): AuthError {
  return new AuthError('ERR_AUTH_REAUTH_REQUIRED', `${grant}: no valid refresh token is left (it was refused or replaced); sign in again`, {
    details: { retryable: false },
  });
}
