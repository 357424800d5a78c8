import type { FetchToken } from '../../token-manager/types.js';
import type { GrantContext } from '../grant-context.js';
import { noRefreshToken, refreshAccessToken } from './refresh-request.js';

/**
 * The `refresh_token` grant: the manager hands in the latest stored refresh token (the initial
 * one from the options only until the store holds a newer one; a replaced one never).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function refreshTokenGrant(context: GrantContext): FetchToken {
  return async ({ previous, signal }) => {
    const refreshToken = previous?.refreshToken;
    if (refreshToken === undefined) throw noRefreshToken('refresh_token');
    return refreshAccessToken(context, refreshToken, signal);
  };
}
