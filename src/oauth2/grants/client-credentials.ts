import { withoutRefreshToken } from '../../token.js';
import type { FetchToken } from '../../token-manager/types.js';
import type { GrantContext } from '../grant-context.js';

/**
 * The `client_credentials` grant: a new token from the client's own credentials each time
 * (a refresh token in the answer, which RFC 6749 §4.4.3 says should not be issued, is ignored).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4.2
 */
export function clientCredentialsGrant(context: GrantContext): FetchToken {
  return async ({ signal }) => {
    const token = await context.send({
      entries: [['grant_type', 'client_credentials']],
      withScope: true,
      secrets: [],
      invalidGrantMeansReauth: false,
      signal,
    });
    return withoutRefreshToken(token);
  };
}
