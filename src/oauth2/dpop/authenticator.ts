// Resource requests with a DPoP-bound token: `Authorization: DPoP <token>` and a proof for the
// request's method and URL with `ath`, a new one for each attempt and each redirect hop; a 401
// asking for a nonce (WWW-Authenticate: DPoP error="use_dpop_nonce" with DPoP-Nonce) is answered
// with exactly one retry carrying it. A token the server issued as Bearer is sent as Bearer.
import type { AuthContext, AuthRequest } from '../../authenticator.js';
import type { ClientTls } from '../../authenticator.js';
import { AuthError } from '../../errors.js';
import { parseWwwAuthenticate } from '../../http/www-authenticate.js';
import type { Token } from '../../token.js';
import { createTokenAuthenticator, withCurrentToken, type TokenAuthenticator } from '../../token-authenticator.js';
import type { TokenManager } from '../../token-manager/token-manager.js';
import type { Dpop } from './dpop.js';
import type { DpopKey } from './key.js';

/** What {@link createDpopAuthenticator} needs. */
export interface DpopAuthenticatorOptions {
  readonly name: string;
  readonly manager: TokenManager;
  readonly dpop: Dpop;
  readonly tls?: ClientTls | undefined;
}

/** A {@link TokenAuthenticator} that proves possession of the token's key on every request. */
export function createDpopAuthenticator(options: DpopAuthenticatorOptions): TokenAuthenticator {
  const { manager, dpop } = options;
  const base = createTokenAuthenticator({ name: options.name, manager, ...(options.tls === undefined ? {} : { tls: options.tls }) });
  /** The key and token each attempt used, for its redirect hops. */
  const used = new WeakMap<AuthContext, { key: DpopKey; accessToken: string }>();

  const useToken = (request: AuthRequest, context: AuthContext, token: Token): void => {
    context.credential = token.accessToken;
    if (token.tokenType.toLowerCase() !== 'dpop') {
      request.headers.set('Authorization', `Bearer ${token.accessToken}`);
      return;
    }
    const key = dpop.keyOf(token);
    if (key === undefined) {
      throw new AuthError('ERR_AUTH_INVALID_CONFIG', 'dpop: the stored DPoP token carries no key and none is configured (dpop.key)', { details: { field: 'dpop.key' } });
    }
    request.headers.set('Authorization', `DPoP ${token.accessToken}`);
    request.headers.set('DPoP', dpop.proof(key, { method: request.method, url: request.url, accessToken: token.accessToken }));
    used.set(context, { key, accessToken: token.accessToken });
  };

  return {
    ...base,
    authenticate: (request, context) => withCurrentToken(manager, request, context, useToken),
    async challenge(response, request, context) {
      if (context.attempt === 0 && response.status === 401 && used.has(context)) {
        const asksNonce = parseWwwAuthenticate(response.headers.get('www-authenticate')).some(
          (challenge) => challenge.scheme === 'dpop' && challenge.params['error'] === 'use_dpop_nonce',
        );
        // Retried once with the nonce, without a refresh: the token is fine.
        if (asksNonce) return dpop.noteNonce(request.url, response.headers);
      }
      return base.challenge(response, request, context);
    },
    hopHeaders(method, url, context) {
      const attempt = used.get(context);
      if (attempt === undefined) return undefined;
      return { dpop: dpop.proof(attempt.key, { method, url, accessToken: attempt.accessToken }) };
    },
  };
}
