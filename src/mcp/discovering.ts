// An MCP provider that is given only the server's URL: interactiveAuth finds the rest from the
// server's first 401 (RFC 9728 protected resource metadata, then RFC 8414), registers the client
// (RFC 7591, kept in the store) unless one is given, signs in, and steps up on insufficient_scope.
import { authFetch } from '../../adapters/fetch.js';
import { AuthError } from '../errors.js';
import { handleCallback } from '../oauth2/authorization-code/handle-callback.js';
import { interactiveAuth } from '../oauth2/discovery/interactive-auth.js';
import { DEFAULT_REGISTRATION } from '../oauth2/discovery/interactive-session.js';
import { lifecycleOptions } from '../oauth2/lifecycle-options.js';
import type { LoopbackLoginOptions } from '../oauth2/loopback-options.js';
import type { ClientMetadata } from '../oauth2/registration/types.js';
import type { CheckedMcpOptions } from './check-options.js';
import { ownFetch, type ProviderCore } from './core.js';
import type { McpAuthProviderOptions } from './options.js';
import { askUser } from './sign-in.js';

/** Thrown inside the login while finishSignIn only needs the flow's options (no redirect started). */
const FLOW_ONLY = Symbol('flow only');

/** The provider's working part when everything is discovered. Nothing is fetched before first use. */
export function discoveringProvider(options: McpAuthProviderOptions, checked: CheckedMcpOptions): ProviderCore {
  const { serverUrl, login } = checked;
  const fetch = ownFetch(options.fetch);
  const insecure = options.allowInsecureHttp === true;
  /** The options of the last sign-in asked for: what finishSignIn exchanges the code with. */
  let lastFlow: Omit<LoopbackLoginOptions, 'open' | 'timeoutMs'> | undefined;
  let flowOnly = false;
  const interactive = interactiveAuth({
    ...lifecycleOptions(options),
    ...(options.clientId === undefined ? {} : { clientId: options.clientId }),
    ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }),
    registration: registrationFor(options, checked),
    ...(options.clientIdMetadataDocument === undefined ? {} : { clientIdMetadataDocument: options.clientIdMetadataDocument }),
    ...(options.authorizationServers === undefined ? {} : { authorizationServers: options.authorizationServers }),
    ...(options.dpop === undefined ? {} : { dpop: options.dpop }),
    scope: checked.scope,
    login: async (flow) => {
      lastFlow = flow;
      if (flowOnly) throw FLOW_ONLY;
      return askUser(login, flow);
    },
    ...(fetch === undefined ? {} : { fetch }),
    ...(insecure ? { allowInsecureHttp: true } : {}),
  });
  const send = authFetch(interactive, {
    origins: [serverUrl.origin],
    ...(insecure ? { allowInsecureHttp: true } : {}),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  /**
   * What the SDK's transport sends to open its event stream: a GET of the endpoint. Its 401
   * starts discovery and the sign-in; the answer itself is not read.
   */
  const probe = async (signal?: AbortSignal): Promise<void> => {
    const response = await send(serverUrl, { method: 'GET', headers: { accept: 'text/event-stream' }, ...(signal === undefined ? {} : { signal }) });
    await response.body?.cancel().catch(() => undefined);
  };

  return {
    fetch: send,
    resource: () => interactive.current()?.resource ?? serverUrl.href,
    signIn: probe,
    async finishSignIn(callbackUrl, pending, signal) {
      if (lastFlow === undefined) {
        // A process that did not start this sign-in (a web app restarted meanwhile): discover
        // again, up to the point where the login would be asked for, to learn the flow's options.
        flowOnly = true;
        try {
          await probe(signal);
        } catch (error) {
          if (error !== FLOW_ONLY) throw error;
        } finally {
          flowOnly = false;
        }
      }
      const flow = lastFlow;
      if (flow === undefined) throw notProtected(serverUrl);
      const redirectUri = login !== false && 'redirectUri' in login ? { redirectUri: login.redirectUri } : {};
      const result = await handleCallback(callbackUrl, pending, { grant: 'authorization_code', ...flow, ...redirectUri, ...(signal === undefined ? {} : { signal }) });
      await result.authenticator.close();
    },
    async authenticator(signal?: AbortSignal) {
      if (interactive.current() === undefined) await probe(signal);
      const state = interactive.current();
      if (state === undefined) throw notProtected(serverUrl);
      return state.authenticator;
    },
    close: () => interactive.close(),
  };
}

/** The client registered when there is no client id: the caller's metadata, else a public client for the loopback or the redirect URI. */
function registrationFor(options: McpAuthProviderOptions, checked: CheckedMcpOptions): ClientMetadata {
  if (options.registration !== undefined) return options.registration;
  const { login } = checked;
  if (login !== false && 'redirectUri' in login) return { ...DEFAULT_REGISTRATION, application_type: 'web', redirect_uris: [String(login.redirectUri)] };
  return DEFAULT_REGISTRATION;
}

function notProtected(serverUrl: URL): AuthError {
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `mcpAuthProvider: ${serverUrl.origin}${serverUrl.pathname} did not ask for a token (no 401 with protected resource metadata)`, {
    details: { retryable: false, reason: 'no_challenge' },
  });
}

