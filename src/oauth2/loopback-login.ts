import { invalidConfig } from '../errors.js';
import { loopbackSettings, runLoopback } from '../loopback/loopback-server.js';
import { abortedError } from '../token-manager/timers.js';
import { checkLoginOptions } from '../validate/oauth2-options.js';
import { buildAuthorizationUrl, pushAuthorization, pushesAuthorization } from './authorization-code/authorization-url.js';
import { completeAuthorization, prepareAuthorizationCode } from './authorization-code/flow.js';
import type { AuthorizationCodeOptions } from './authorization-code/types.js';
import type { LoginResult } from './login-types.js';
import type { LoopbackLoginOptions } from './loopback-options.js';

/**
 * Signs a user in from a CLI or desktop app (RFC 8252): listens on `127.0.0.1` (a free port by
 * default), builds the consent URL with `redirect_uri=http://127.0.0.1:PORT/callback`, PKCE S256,
 * `state` and `nonce` (pushed first, RFC 9126, when the server has a pushed authorization request
 * endpoint), hands it to `open`, and waits for the browser to come back. The callback
 * is checked and the code exchanged as {@link handleCallback} does; the browser is answered with a
 * small page saying it worked or what failed (no token in it). The server is closed before this
 * returns — on success, error, timeout (`ERR_AUTH_TIMEOUT`) and abort (`ERR_AUTH_ABORTED`) alike.
 *
 * A callback with a wrong `state`, `iss` or an `error=` ends the login with that error. Requests
 * with another `Host` header (DNS rebinding) or path are refused without ending it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 * @see https://www.rfc-editor.org/rfc/rfc7636
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1
 * @example
 * ```ts
 * import { FileTokenStore, loopbackLogin, oauth2Auth } from 'authwire';
 *
 * const options = {
 *   authorizationEndpoint: 'https://auth.example.com/authorize',
 *   tokenUrl: 'https://auth.example.com/token',
 *   issuer: 'https://auth.example.com',
 *   clientId: 'my-cli',
 *   scope: ['openid', 'offline_access'],
 *   store: new FileTokenStore({ path: `${homedir()}/.my-cli/tokens.json` }),
 * };
 * const { authenticator } = await loopbackLogin({ ...options, signal: AbortSignal.timeout(120_000) });
 * // Later runs: oauth2Auth({ grant: 'authorization_code', ...options }) uses and refreshes the stored token.
 * ```
 */
export async function loopbackLogin(options: LoopbackLoginOptions): Promise<LoginResult> {
  if (typeof options !== 'object' || options === null) throw invalidConfig('options', 'an options object');
  checkLoginOptions(options, 'loopbackLogin');
  const settings = loopbackSettings(options);
  if (settings.signal?.aborted === true) throw abortedError(settings.signal, 'the loopback login');

  const flow = prepareAuthorizationCode(flowOptions(options), true);
  return runLoopback(settings, {
    label: 'loopback login',
    what: 'the loopback login',
    prepare: async (redirectUri, signal) => {
      const request = buildAuthorizationUrl(flow.request, redirectUri);
      if (!pushesAuthorization(flow.request)) return request;
      // Pushed (RFC 9126) with the client authentication and DPoP key of the code exchange, before the browser is involved.
      return pushAuthorization(flow.request, request, flow.setup, flow.setup.context.dpop, signal);
    },
    complete: (callback, pending, signal) => completeAuthorization(flow, callback, pending, signal),
    dispose: () => flow.setup.authenticator.close(),
  });
}

/** The flow's options: the loopback's own removed, and a `redirectUri` from options shared with `authorizationUrl` ignored. */
function flowOptions(options: LoopbackLoginOptions): AuthorizationCodeOptions {
  const { port: _port, callbackPath: _path, open: _open, timeoutMs: _timeout, signal: _signal, ...rest } = options;
  const { redirectUri: _redirectUri, ...flow } = rest as AuthorizationCodeOptions;
  return flow;
}
