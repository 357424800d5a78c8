import { isAuthError } from '../../errors.js';
import type { FetchToken } from '../../token-manager/types.js';
import type { GrantContext } from '../grant-context.js';
import { noRefreshToken, refreshAccessToken } from './refresh-request.js';

/**
 * The resource owner password grant (legacy; RFC 9700 says not to use it). Refreshes with the
 * refresh token when there is one; asks with the password otherwise. The password is dropped
 * as soon as a refresh token is issued, so afterwards a dead refresh token means signing in again.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3.2
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.4
 */
export function passwordGrant(context: GrantContext, username: string, initialPassword: string): FetchToken {
  let password: string | undefined = initialPassword;
  return async ({ previous, signal }) => {
    if (previous?.refreshToken !== undefined) {
      try {
        const refreshed = await refreshAccessToken(context, previous.refreshToken, signal);
        password = undefined;
        return refreshed;
      } catch (error) {
        if (!isAuthError(error, 'ERR_AUTH_REAUTH_REQUIRED') || password === undefined) throw error;
      }
    }
    if (password === undefined) throw noRefreshToken('password');
    const token = await context.send({
      entries: [
        ['grant_type', 'password'],
        ['username', username],
        ['password', password],
      ],
      withScope: true,
      secrets: [password],
      invalidGrantMeansReauth: true,
      signal,
    });
    if (token.refreshToken !== undefined) password = undefined;
    return token;
  };
}
