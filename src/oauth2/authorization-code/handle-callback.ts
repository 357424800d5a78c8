import type { LoginResult } from '../login-types.js';
import { completeAuthorization, prepareAuthorizationCode } from './flow.js';
import type { PendingAuthorization } from './pending.js';
import type { HandleCallbackOptions } from './types.js';
import { checkAuthorizationCodeOptions } from '../../validate/oauth2-options.js';

/**
 * Completes an authorization-code login from the URL the browser came back to. In order:
 *
 * 1. `state` must be present and equal to the pending request's (else `ERR_AUTH_CALLBACK`); the
 *    pending request is then used up, so a replayed callback is refused (`ERR_AUTH_CALLBACK`),
 *    and must not have expired (`ERR_AUTH_EXPIRED`);
 * 2. `iss` (RFC 9207) must equal `issuer` when the server sends it, and must be there when
 *    `requireIssuerInResponse` is set (else `ERR_AUTH_CALLBACK`);
 * 3. `error=access_denied` is `ERR_AUTH_ACCESS_DENIED`, any other `error=` `ERR_AUTH_CALLBACK`,
 *    with the server's `error_description` (sanitised) in the message;
 * 4. the code is exchanged with the PKCE verifier and the configured client authentication (a
 *    refused code is `ERR_AUTH_CALLBACK`); an ID token's `nonce`, `aud` and `iss` are checked;
 * 5. the profile is fetched (with `profile`), and the token is stored in `store`.
 *
 * Nothing is stored unless every step succeeds. The returned authenticator refreshes the token
 * through its refresh token like any other; so does any `oauth2Auth({ grant: 'authorization_code' })`
 * built with the same options and store.
 *
 * @param callbackUrl - the full callback URL, or the path and query your web framework received
 * @param pending - what {@link authorizationUrl} returned for this login
 * @param options - the same options the authorization URL was built with, plus the token endpoint
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.5
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1
 * @example
 * ```ts
 * import { handleCallback, isAuthError, PendingAuthorization } from 'authwire';
 *
 * app.get('/oauth/callback', async (request, response) => {
 *   const pending = PendingAuthorization.fromRecord(request.session.oauth);
 *   try {
 *     const { profile } = await handleCallback(request.url, pending, { ...options, subject: request.session.userId });
 *     delete request.session.oauth;
 *     response.send(`Connected as ${profile?.email ?? 'you'}`);
 *   } catch (error) {
 *     // A callback with a wrong or missing state may be forged: keep the record for the real one.
 *     const reason = isAuthError(error) ? error.details['reason'] : undefined;
 *     if (reason !== 'state_mismatch' && reason !== 'missing_state') delete request.session.oauth;
 *     throw error;
 *   }
 * });
 * ```
 */
export async function handleCallback(callbackUrl: string | URL, pending: PendingAuthorization, options: HandleCallbackOptions): Promise<LoginResult> {
  checkAuthorizationCodeOptions(options, 'handleCallback');
  const flow = prepareAuthorizationCode(options);
  try {
    return await completeAuthorization(flow, callbackUrl, pending, options.signal);
  } catch (error) {
    await flow.setup.authenticator.close();
    throw error;
  }
}
