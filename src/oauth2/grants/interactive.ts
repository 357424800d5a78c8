import { AuthError } from '../../errors.js';
import type { FetchToken } from '../../token-manager/types.js';
import type { GrantContext } from '../grant-context.js';
import { refreshAccessToken } from './refresh-request.js';

/**
 * The token source behind `authorization_code` and `device_code`: the interactive login stores
 * the first token; afterwards this refreshes it with the latest stored refresh token. The
 * profile saved at login (`extra.profile`) is carried over to every refreshed token.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function interactiveGrant(context: GrantContext, grant: 'authorization_code' | 'device_code'): FetchToken {
  return async ({ previous, signal }) => {
    const refreshToken = previous?.refreshToken;
    if (refreshToken === undefined) {
      const login = grant === 'authorization_code' ? 'loopbackLogin() or handleCallback()' : 'deviceLogin()';
      throw new AuthError(
        'ERR_AUTH_REAUTH_REQUIRED',
        `${grant}: no usable token and no refresh token in the store; sign in with ${login} using the same options and store`,
        { details: { retryable: false } },
      );
    }
    const token = await refreshAccessToken(context, refreshToken, signal);
    const profile = previous?.extra?.['profile'];
    if (profile === undefined || token.extra?.['profile'] !== undefined) return token;
    return { ...token, extra: { ...token.extra, profile } };
  };
}
