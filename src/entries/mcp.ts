/**
 * `authwire/mcp`: OAuth for Model Context Protocol clients. {@link mcpAuthProvider} gives the
 * `@modelcontextprotocol/sdk` Streamable HTTP transport a `fetch` that discovers the
 * authorization server from the server's 401, registers the client, signs the user in, sends the
 * `resource` parameter, steps up on `insufficient_scope`, and refreshes the token once per expiry
 * across every process that shares a store.
 *
 * @example
 * ```ts
 * import { mcpAuthProvider } from 'authwire/mcp';
 * const provider = mcpAuthProvider({ serverUrl: 'https://mcp.example.com/mcp', store: new FileTokenStore({ path: `${homedir()}/.my-cli/tokens.json` }) });
 * const transport = new StreamableHTTPClientTransport(provider.serverUrl, { fetch: provider.fetch });
 * ```
 *
 * @module authwire/mcp
 */
export { mcpAuthProvider } from '../mcp/mcp-auth-provider.js';
export type { McpAuthProvider, McpAuthProviderOptions, McpFetch, McpLoopbackLogin, McpRedirectLogin, McpSignInOptions } from '../mcp/options.js';
