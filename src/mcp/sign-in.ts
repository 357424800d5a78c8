// Signing a user in for an MCP provider: loopback (CLI, desktop) or the caller's own redirect
// (web apps). Before asking anyone, the store is read again: another request of this process,
// or another process sharing the store, may have signed in meanwhile.
import { AuthError, isAuthError } from '../errors.js';
import { authorizationUrl } from '../oauth2/authorization-code/authorization-url.js';
import type { AuthorizationCodeOptions } from '../oauth2/authorization-code/types.js';
import type { LoginResult } from '../oauth2/login-types.js';
import { loopbackLogin } from '../oauth2/loopback-login.js';
import type { LoopbackLoginOptions } from '../oauth2/loopback-options.js';
import type { TokenAuthenticator } from '../token-authenticator.js';
import type { McpLoopbackLogin, McpRedirectLogin } from './options.js';

/** What a sign-in needs: the flow's options, the authenticator that will use the token, and how to ask the user. */
export interface SignInSetup {
  readonly flow: AuthorizationCodeOptions;
  readonly authenticator: TokenAuthenticator;
  readonly login: McpLoopbackLogin | McpRedirectLogin | false;
}

/**
 * Resolves once the store holds a token: at once when it already does, else after the user signed
 * in through the loopback. A redirect sign-in is started and rejects with
 * `ERR_AUTH_REAUTH_REQUIRED` (`reason: 'sign-in-started'`); `login: false` rejects with it too.
 */
export async function signIn(setup: SignInSetup, signal?: AbortSignal): Promise<void> {
  if (await hasUsableToken(setup.authenticator, signal)) return;
  const { login, flow } = setup;
  const result = await askUser(login, flow, signal);
  // The token is in the store; the provider's authenticator reads it there (no second write,
  // which could put back a token a sibling process has rotated since).
  await result.authenticator.close();
}

/**
 * Asks the user to sign in for `flow`: through the loopback (resolves once the token is in the
 * store), or by starting the caller's redirect (rejects with `ERR_AUTH_REAUTH_REQUIRED`,
 * `reason: 'sign-in-started'`); `login: false` rejects with `reason: 'no-login'`.
 */
export async function askUser(login: McpLoopbackLogin | McpRedirectLogin | false, flow: Omit<LoopbackLoginOptions, 'open' | 'timeoutMs'>, signal?: AbortSignal): Promise<LoginResult> {
  if (login === false) {
    throw new AuthError('ERR_AUTH_REAUTH_REQUIRED', 'mcpAuthProvider: the store holds no usable token and login is false; sign in from a process with the same options and store', {
      details: { retryable: false, reason: 'no-login' },
    });
  }
  if ('redirectUri' in login) {
    const { url, pending } = authorizationUrl({ ...flow, redirectUri: login.redirectUri });
    await login.redirect(url, pending);
    throw new AuthError('ERR_AUTH_REAUTH_REQUIRED', 'mcpAuthProvider: sign-in started; call finishSignIn() with the callback URL once the browser comes back', {
      details: { retryable: false, reason: 'sign-in-started' },
    });
  }
  return loopbackLogin({
    ...flow,
    ...(login.open === undefined ? {} : { open: login.open }),
    ...(login.port === undefined ? {} : { port: login.port }),
    ...(login.callbackPath === undefined ? {} : { callbackPath: login.callbackPath }),
    ...(login.timeoutMs === undefined ? {} : { timeoutMs: login.timeoutMs }),
    ...(signal === undefined ? {} : { signal }),
  });
}

/**
 * Whether the authenticator can hand out a token now (from its cache or the store, refreshed if
 * need be). Only "sign in again" answers no; any other failure (the authorization server down)
 * is thrown, so that nobody is sent to a browser for it.
 */
async function hasUsableToken(authenticator: TokenAuthenticator, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await authenticator.getToken(signal === undefined ? {} : { signal });
    return true;
  } catch (error) {
    if (isAuthError(error, 'ERR_AUTH_REAUTH_REQUIRED')) return false;
    throw error;
  }
}
