import type { Authenticator, AuthContext, AuthRequest, AuthResponse, ClientTls } from './authenticator.js';
import { invalidConfig } from './errors.js';
import { challengeErrors } from './http/www-authenticate.js';
import { insufficientScopeError, readStepUpChallenge } from './oauth2/step-up.js';
import { applyPlacement, validatePlacement, type Placement } from './placement.js';
import type { Token } from './token.js';
import { placedHeader, withHeadersAtHand, type HeadersAtHand } from './headers-at-hand.js';
import { runNow } from './run-now.js';
import { TokenManager } from './token-manager/token-manager.js';
import type { GetTokenOptions } from './token-manager/types.js';

/**
 * Options of {@link createTokenAuthenticator}.
 *
 * @example
 * ```ts
 * const options: TokenAuthenticatorOptions = { name: 'session', manager, placement: { in: 'header', name: 'X-Session' } };
 * ```
 */
export interface TokenAuthenticatorOptions {
  /** The authenticator's name, e.g. `oauth2:client_credentials`. */
  readonly name: string;
  /** Where tokens come from. */
  readonly manager: TokenManager;
  /** Where the access token goes. Default `Authorization: Bearer <token>`. */
  readonly placement?: Placement;
  /** Client certificate and CAs, passed through to adapters. */
  readonly tls?: ClientTls;
  /**
   * What a step-up challenge (`error="insufficient_scope"`, RFC 9470
   * `insufficient_user_authentication`) does: `'decline'` (default) hands the response back;
   * `'error'` fails the request with `ERR_AUTH_INSUFFICIENT_SCOPE` naming the scope required.
   */
  readonly insufficientScope?: 'decline' | 'error';
}

/**
 * An {@link Authenticator} backed by a {@link TokenManager}: OAuth2 grants, session tokens.
 *
 * @example
 * ```ts
 * const auth: TokenAuthenticator = oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId, clientSecret });
 * const token = await auth.getToken();
 * ```
 */
export interface TokenAuthenticator extends Authenticator {
  /** The manager deciding when tokens are fetched. */
  readonly tokenManager: TokenManager;
  /** The current token, fetched or refreshed if needed. */
  getToken(options?: GetTokenOptions): Promise<Token>;
  /**
   * A 401 for the token this request used: the token is refreshed once (concurrent 401s share
   * the refresh) and `true` asks for one retry. A 401 for an older token retries with the current
   * one, without a refresh. A 403, or a second refusal, returns `false`; `insufficient_scope`
   * returns `false` or, for OAuth2 grants, rejects with `ERR_AUTH_INSUFFICIENT_SCOPE`.
   */
  challenge(response: AuthResponse, request: AuthRequest, context: AuthContext): Promise<boolean>;
  /** Clears timers; never needed for the process to exit. */
  close(): Promise<void>;
}

/**
 * Turns a {@link TokenManager} into an {@link Authenticator}: puts the access token where
 * `placement` says, records it in `context.credential` (so a late 401 for it is recognised as
 * stale), and refreshes on a 401 for the current token.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 * @example
 * ```ts
 * const manager = new TokenManager({ key: { tokenUrl: loginUrl, subject: user }, fetchToken: login });
 * const auth = createTokenAuthenticator({ name: 'session', manager });
 * ```
 */
export function createTokenAuthenticator(options: TokenAuthenticatorOptions): TokenAuthenticator {
  const { name, manager } = options;
  if (!(manager instanceof TokenManager)) throw invalidConfig('manager', 'a TokenManager');
  const placement: Placement = options.placement ?? { in: 'header', name: 'Authorization', prefix: 'Bearer' };
  validatePlacement(placement, 'placement');
  const useToken = (request: AuthRequest, context: AuthContext, token: Token): void => {
    applyPlacement(request, placement, token.accessToken);
    context.credential = token.accessToken;
  };
  return {
    name,
    tokenManager: manager,
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    getToken: (getOptions) => manager.getToken(getOptions),
    authenticate: withHeadersAtHand((request, context) => withCurrentToken(manager, request, context, useToken), currentHeaders(manager, placement)),
    async challenge(response, _request, context) {
      if (options.insufficientScope === 'error') {
        const needed = readStepUpChallenge(response.headers);
        if (needed !== undefined) throw insufficientScopeError(needed, response.status, name);
      }
      if (context.attempt > 0 || response.status === 403) return false;
      const errors = challengeErrors(response.headers.get('www-authenticate'));
      if (errors.has('insufficient_scope')) return false;
      if (response.status !== 401 && !errors.has('invalid_token')) return false;
      const used = context.credential;
      if (typeof used !== 'string' || used === '') return false;
      await manager.rejectToken(used, context.signal === undefined ? {} : { signal: context.signal });
      return true;
    },
    close: () => manager.close(),
  };
}

/** What `useToken` would set with the manager's token at hand; the header is made once per token. */
function currentHeaders(manager: TokenManager, placement: Placement): HeadersAtHand {
  let last: { readonly accessToken: string; readonly headers: Readonly<Record<string, string>> | undefined } | undefined;
  return (context) => {
    let token: Token | undefined;
    try {
      token = manager.currentToken();
    } catch {
      return undefined; // authenticate() gives the error.
    }
    if (token === undefined) return undefined;
    const { accessToken } = token;
    if (last?.accessToken !== accessToken) last = { accessToken, headers: placedHeader(placement, accessToken) };
    if (last.headers !== undefined) context.credential = accessToken;
    return last.headers;
  };
}

/**
 * Runs `useToken` with the manager's token: at once for a cached one (the usual case), else after
 * the token request. Never throws: a failure is a rejected promise.
 *
 * @internal
 * @example
 * ```ts
 * authenticate: (request, context) => withCurrentToken(manager, request, context, useToken),
 * ```
 */
export function withCurrentToken(
  manager: TokenManager,
  request: AuthRequest,
  context: AuthContext,
  useToken: (request: AuthRequest, context: AuthContext, token: Token) => void,
): Promise<void> {
  let token: Token | undefined;
  try {
    token = manager.currentToken();
  } catch (error) {
    return Promise.reject(error);
  }
  if (token !== undefined) return runNow(useToken, request, context, token);
  return manager.getToken(context.signal === undefined ? {} : { signal: context.signal }).then((fresh) => useToken(request, context, fresh));
}
