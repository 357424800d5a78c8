import { authFetch } from '../../adapters/fetch.js';
import { isAuthError } from '../errors.js';
import { handleCallback } from '../oauth2/authorization-code/handle-callback.js';
import type { PendingAuthorization } from '../oauth2/authorization-code/pending.js';
import type { AuthorizationCodeOptions } from '../oauth2/authorization-code/types.js';
import { oauth2Auth } from '../oauth2/oauth2-auth.js';
import type { TokenAuthenticator } from '../token-authenticator.js';
import { checkMcpOptions } from './check-options.js';
import { authorizationCodeOptions } from './flow-options.js';
import type { McpAuthProvider, McpAuthProviderOptions, McpFetch, McpSignInOptions } from './options.js';
import { signIn } from './sign-in.js';

/** What is built once the endpoints are known. */
interface Setup {
  readonly flow: AuthorizationCodeOptions;
  readonly authenticator: TokenAuthenticator;
  readonly send: McpFetch;
}

/**
 * Connects a Model Context Protocol client (`@modelcontextprotocol/sdk`, 1.x) to a remote MCP
 * server over Streamable HTTP, with authwire doing the OAuth: authorization code with PKCE S256
 * through `loopbackLogin` (from `authwire`) (or your own redirect handler), the `resource` parameter (RFC
 * 8707) on the authorization request and every token request, refresh ahead of expiry with one
 * refresh per expiry across every process that shares `store`, one retry after a 401 for the
 * current token, and no refresh for a 401 that answered an older token.
 *
 * Pass `provider.fetch` as the transport's `fetch` and give the transport no `authProvider`: the
 * SDK's own provider refreshes on every 401 it sees, with no de-duplication across requests or
 * processes, which spends a rotating refresh token twice. With authwire's fetch the transport
 * sees a 401 only when authwire has already refreshed and retried once.
 *
 * The first request without a usable token signs the user in (`login`), then goes on; requests
 * meanwhile wait for the same sign-in. Nothing is fetched when the provider is created: the
 * issuer's metadata is read on first use.
 *
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization
 * @see https://www.rfc-editor.org/rfc/rfc8707
 * @see https://www.rfc-editor.org/rfc/rfc8252
 * @example
 * ```ts
 * import { Client } from '@modelcontextprotocol/sdk/client/index.js';
 * import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
 * import { FileTokenStore } from 'authwire';
 * import { mcpAuthProvider } from 'authwire/mcp';
 *
 * const provider = mcpAuthProvider({
 *   serverUrl: 'https://mcp.example.com/mcp',
 *   issuer: 'https://auth.example.com',
 *   clientId: 'my-mcp-cli',
 *   scope: ['mcp:tools'],
 *   store: new FileTokenStore({ path: `${homedir()}/.my-cli/tokens.json` }),
 *   login: { open: (url) => console.error(`Sign in: ${url}`) },
 * });
 * const client = new Client({ name: 'my-cli', version: '1.0.0' });
 * await client.connect(new StreamableHTTPClientTransport(provider.serverUrl, { fetch: provider.fetch }));
 * const result = await client.callTool({ name: 'search', arguments: { query: 'authwire' } });
 * ```
 */
export function mcpAuthProvider(options: McpAuthProviderOptions): McpAuthProvider {
  const checked = checkMcpOptions(options);
  const { serverUrl, resource, login } = checked;
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

  const fetch: McpFetch = async (url, init) => {
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
  };

  return {
    serverUrl,
    resource,
    fetch,
    signIn: (signInOptions: McpSignInOptions = {}) => signInOnce(signInOptions.signal),
    async finishSignIn(callbackUrl: string | URL, pending: PendingAuthorization, signInOptions: McpSignInOptions = {}): Promise<void> {
      const { flow } = await ready(signInOptions.signal);
      const redirectUri = login !== false && 'redirectUri' in login ? { redirectUri: login.redirectUri } : {};
      const result = await handleCallback(callbackUrl, pending, {
        ...flow,
        ...redirectUri,
        ...(signInOptions.signal === undefined ? {} : { signal: signInOptions.signal }),
      });
      await result.authenticator.close();
    },
    authenticator: async () => (await ready()).authenticator,
    async close(): Promise<void> {
      closed = true;
      const started = setup;
      if (started === undefined) return;
      const built = await started.catch(() => undefined);
      await built?.authenticator.close();
    },
  };
}
