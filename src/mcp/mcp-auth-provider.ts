import type { PendingAuthorization } from '../oauth2/authorization-code/pending.js';
import { checkMcpOptions } from './check-options.js';
import { configuredProvider } from './configured.js';
import { discoveringProvider } from './discovering.js';
import type { McpAuthProvider, McpAuthProviderOptions, McpSignInOptions } from './options.js';

/**
 * Connects a Model Context Protocol client (`@modelcontextprotocol/sdk`, 1.x) to a remote MCP
 * server over Streamable HTTP, with authwire doing the OAuth. Given only `serverUrl`, the first
 * request goes out without a token and the server's 401 names its protected resource metadata
 * (RFC 9728), which names the authorization server (RFC 8414); the client registers (RFC 7591,
 * once per authorization server for every process sharing `store`) or uses its client ID
 * metadata document; the user signs in with authorization code and PKCE S256 through
 * `loopbackLogin` (from `authwire`) or your own redirect handler; the `resource` parameter (RFC
 * 8707) goes on the authorization request and every token request. A 403 with
 * `error="insufficient_scope"` signs in once more for the union of the scopes, then retries.
 * With `issuer` (or `tokenUrl`) and `clientId` given, those are used instead and the user signs
 * in before the first request leaves.
 *
 * Either way the token is refreshed ahead of expiry, once per expiry across every process that
 * shares `store`; a 401 for the current token refreshes it once and retries; a 401 that answered
 * an older token retries with the current one, without a refresh. DPoP (RFC 9449) with `dpop`.
 *
 * Pass `provider.fetch` as the transport's `fetch` and give the transport no `authProvider`: the
 * SDK's own provider refreshes on every 401 it sees, with no de-duplication across requests or
 * processes, which spends a rotating refresh token twice. With authwire's fetch the transport
 * sees a 401 only when authwire has already answered it once.
 *
 * Concurrent requests share one discovery and one sign-in. Nothing is fetched when the provider
 * is created.
 *
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization
 * @see https://www.rfc-editor.org/rfc/rfc9728
 * @see https://www.rfc-editor.org/rfc/rfc8707
 * @see https://www.rfc-editor.org/rfc/rfc8252
 * @example
 * ```ts
 * import { homedir } from 'node:os';
 * import { Client } from '@modelcontextprotocol/sdk/client/index.js';
 * import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
 * import { FileTokenStore } from 'authwire';
 * import { mcpAuthProvider } from 'authwire/mcp';
 *
 * const provider = mcpAuthProvider({
 *   serverUrl: 'https://mcp.example.com/mcp',
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
  const core = checked.discover ? discoveringProvider(options, checked) : configuredProvider(options, checked);
  return {
    serverUrl: checked.serverUrl,
    get resource(): string {
      return core.resource();
    },
    fetch: core.fetch,
    signIn: (signInOptions: McpSignInOptions = {}) => core.signIn(signInOptions.signal),
    finishSignIn: (callbackUrl: string | URL, pending: PendingAuthorization, signInOptions: McpSignInOptions = {}) => core.finishSignIn(callbackUrl, pending, signInOptions.signal),
    authenticator: () => core.authenticator(),
    close: () => core.close(),
  };
}
