// An MCP provider whose authorization server is configured (`issuer`, or `tokenUrl` and
// `authorizationEndpoint`): the endpoints are read once, then every request carries the token,
// and a request without a usable one signs the user in first.
import { authFetch } from '../../adapters/fetch.js';
import { isAuthError } from '../errors.js';
import { handleCallback } from '../oauth2/authorization-code/handle-callback.js';
import type { AuthorizationCodeOptions } from '../oauth2/authorization-code/types.js';
import { oauth2Auth } from '../oauth2/oauth2-auth.js';
import type { TokenAuthenticator } from '../token-authenticator.js';
import type { CheckedMcpOptions } from './check-options.js';
import type { ProviderCore } from './core.js';
import { authorizationCodeOptions } from './flow-options.js';
import type { McpAuthProviderOptions, McpFetch } from './options.js';
import { signIn } from './sign-in.js';

/** What is built once the endpoints are known. */
interface Setup {
  readonly flow: AuthorizationCodeOptions;
  readonly authenticator: TokenAuthenticator;
  readonly send: McpFetch;
}

/** The provider's working part with configured endpoints. Nothing is fetched before first use. */
export function configuredProvider(options: McpAuthProviderOptions, checked: CheckedMcpOptions): ProviderCore {
  const { serverUrl, login } = checked;
  let setup: Promise<Setup> | undefined;
  let signingIn: Promise<void> | undefined;
  let closed = false;

  const ready = (signal?: AbortSignal): Promise<Setup> => {
    const started = (setup ??= build(signal));
    // A failed discovery is not kept: the next call tries again.
    started.catch(() => {
      if (setup === started) setup = undefined;
    });
    return started;
  };
  const build = async (signal?: AbortSignal): Promise<Setup> => {
    const flow = await authorizationCodeOptions(options, checked, signal);
    const authenticator = oauth2Auth(flow);
    const send = authFetch(authenticator, {
      origins: [serverUrl.origin],
      ...(options.allowInsecureHttp === true ? { allowInsecureHttp: true } : {}),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
    return { flow, authenticator, send };
  };
  /** One sign-in at a time in this process; callers that arrive meanwhile wait for it. */
  const signInOnce = async (signal?: AbortSignal): Promise<void> => {
    const { flow, authenticator } = await ready(signal);
    const running = (signingIn ??= signIn({ flow, authenticator, login }, signal).finally(() => {
      if (signingIn === running) signingIn = undefined;
    }));
    await running;
  };

  return {
    async fetch(url, init) {
      const signal = init?.signal ?? undefined;
      const { send } = await ready(signal);
      try {
        return await send(url, init);
      } catch (error) {
        // No usable token (none yet, or its refresh token refused): sign in, then send once more.
        if (!isAuthError(error, 'ERR_AUTH_REAUTH_REQUIRED') || login === false || closed) throw error;
        await signInOnce(signal);
        return send(url, init);
      }
    },
    resource: () => checked.resource,
    signIn: signInOnce,
    async finishSignIn(callbackUrl, pending, signal) {
      const { flow } = await ready(signal);
      const redirectUri = login !== false && 'redirectUri' in login ? { redirectUri: login.redirectUri } : {};
      const result = await handleCallback(callbackUrl, pending, { ...flow, ...redirectUri, ...(signal === undefined ? {} : { signal }) });
      await result.authenticator.close();
    },
    authenticator: async () => (await ready()).authenticator,
    async close() {
      closed = true;
      const started = setup;
      if (started === undefined) return;
      const built = await started.catch(() => undefined);
      await built?.authenticator.close();
    },
  };
}
