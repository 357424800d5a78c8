import type { AuthContext, AuthRequest, AuthResponse } from '../../authenticator.js';
import { invalidConfig, isAuthError } from '../../errors.js';
import { parseWwwAuthenticate } from '../../http/www-authenticate.js';
import { insufficientScopeError, readStepUpChallenge, scopeUnion, type StepUpChallenge } from '../step-up.js';
import { tokenList } from '../../validate/values.js';
import { discoverFrom, signIn, type Discovered } from './interactive-session.js';
import type { InteractiveAuthenticator, InteractiveAuthOptions, InteractiveState } from './interactive-types.js';
import type { RevokeOptions } from '../revocation.js';

const NAME = 'oauth2:interactive';

/**
 * An authorization-code authenticator that needs only a client id (or registers one, RFC 7591)
 * and finds everything else from the resource: the first request goes out without a token; the
 * resource's 401 (`WWW-Authenticate: Bearer resource_metadata="…"`, RFC 9728) names its metadata,
 * which names the authorization server (RFC 8414); then the stored token is used, or a person
 * signs in through `login` (default {@link loopbackLogin}), and the request is sent once more.
 * The resource indicator (RFC 8707) goes in the authorization request, the code exchange and
 * every refresh.
 *
 * Step-up: a 401 or 403 with `error="insufficient_scope"` and a `scope` (or RFC 9470's
 * `insufficient_user_authentication` with `acr_values` / `max_age`) signs in once more, for the
 * union of the scopes held and those required, and retries the request once. Concurrent requests
 * share one discovery and one sign-in. A resource that still refuses the scope it was just
 * granted gets `ERR_AUTH_INSUFFICIENT_SCOPE` instead of another sign-in.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-5
 * @see https://www.rfc-editor.org/rfc/rfc8707
 * @see https://www.rfc-editor.org/rfc/rfc9470
 * @example
 * ```ts
 * import { FileTokenStore, interactiveAuth } from 'authwire';
 * import { authFetch } from 'authwire/fetch';
 *
 * const auth = interactiveAuth({
 *   clientId: 'my-cli',
 *   store: new FileTokenStore({ path: `${homedir()}/.my-cli/tokens.json` }),
 *   open: (url) => console.error(`Sign in: ${url}`),
 * });
 * const api = authFetch(auth, { origins: ['https://files.example.com'] });
 * await api('https://files.example.com/v1/files'); // 401 → discovery → sign-in → 200
 * ```
 */
export function interactiveAuth(options: InteractiveAuthOptions): InteractiveAuthenticator {
  if (typeof options !== 'object' || options === null) throw invalidConfig('options', 'an options object');
  const baseScope = tokenList(options.scope, 'scope');
  if (options.login !== undefined && typeof options.login !== 'function') throw invalidConfig('login', 'a function (options) => Promise<LoginResult>');
  if (options.clientId !== undefined && (typeof options.clientId !== 'string' || options.clientId === '')) throw invalidConfig('clientId', 'a non-empty string');
  const resourceUrl = options.resource === undefined ? undefined : new URL(String(options.resource));
  let found: Discovered | undefined;
  let state: InteractiveState | undefined;
  let pending: Promise<void> | undefined;
  let closed = false;

  /** One set-up at a time: callers that arrive while one runs wait for it instead of starting another. */
  const once = (work: () => Promise<void>): Promise<void> => {
    const running = (pending ??= work().finally(() => {
      if (pending === running) pending = undefined;
    }));
    return running;
  };
  const replace = async (next: InteractiveState): Promise<void> => {
    const previous = state;
    state = next;
    if (previous !== undefined && previous.authenticator !== next.authenticator) await previous.authenticator.close();
  };
  const start = (url: URL, metadataUrl: string | undefined, named: readonly string[]): Promise<void> =>
    once(async () => {
      if (state !== undefined) return;
      found ??= await discoverFrom(url, metadataUrl, options);
      // What the challenge names, else what the resource lists; with the configured scopes before them.
      const required = named.length > 0 ? named : (found.resource.scopesSupported ?? []);
      await replace(await signIn(found, scopeUnion(baseScope, required), options));
    });
  const stepUp = (needed: StepUpChallenge, used: unknown): Promise<void> =>
    once(async () => {
      if (state === undefined || found === undefined) return;
      // Another request stepped up since this one was sent: its retry uses the new token.
      if (state.authenticator.tokenManager.currentToken()?.accessToken !== used) return;
      const extra: Record<string, string> = {};
      if (needed.acrValues !== undefined) extra['acr_values'] = needed.acrValues;
      if (needed.maxAge !== undefined) extra['max_age'] = String(needed.maxAge);
      await replace(await signIn(found, scopeUnion(state.scope, needed.scope), options, extra, false));
    });

  return {
    name: NAME,
    current: () => state,
    async authenticate(request: AuthRequest, context: AuthContext) {
      if (closed) return;
      if (pending !== undefined) await pending;
      if (state === undefined && resourceUrl !== undefined) await start(resourceUrl, undefined, []);
      // Before discovery the request goes without a token: the resource's 401 says where to get one.
      if (state === undefined) return;
      try {
        await state.authenticator.authenticate(request, context);
      } catch (error) {
        if (!isAuthError(error, 'ERR_AUTH_REAUTH_REQUIRED') || found === undefined) throw error;
        const discovered = found;
        const scope = state.scope;
        await once(async () => replace(await signIn(discovered, scope, options, {}, false)));
        await state.authenticator.authenticate(request, context);
      }
    },
    async challenge(response: AuthResponse, request: AuthRequest, context: AuthContext) {
      if (context.attempt > 0 || closed) return false;
      const needed = readStepUpChallenge(response.headers);
      if (state === undefined || context.credential === undefined) {
        if (response.status !== 401 && needed === undefined) return false;
        const bearer = parseWwwAuthenticate(response.headers.get('www-authenticate')).find((item) => item.scheme === 'bearer' || item.scheme === 'dpop');
        // The scope a 401 names (RFC 6750 §3) counts as much as a step-up's.
        const named = needed?.scope ?? (bearer?.params['scope'] ?? '').split(' ').filter((item) => item !== '');
        await start(request.url, bearer?.params['resource_metadata'], named);
        return state !== undefined;
      }
      if (needed !== undefined) {
        const wanted = scopeUnion(state.scope, needed.scope);
        const stronger = needed.acrValues !== undefined || needed.maxAge !== undefined;
        const current = state.authenticator.tokenManager.currentToken()?.accessToken;
        if (current === context.credential && wanted.length === state.scope.length && !stronger) {
          throw insufficientScopeError(needed, response.status, NAME, 'the token has that scope and the resource still refuses it');
        }
        await stepUp(needed, context.credential);
        return true;
      }
      return state.authenticator.challenge(response, request, context);
    },
    async revoke(revokeOptions?: RevokeOptions) {
      if (pending !== undefined) await pending.catch(() => undefined);
      await state?.authenticator.revoke(revokeOptions);
    },
    async close() {
      closed = true;
      await state?.authenticator.close();
    },
  };
}
