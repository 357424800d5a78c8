/**
 * `authwire/mcp`: OAuth for Model Context Protocol clients. {@link mcpAuthProvider} gives the
 * `@modelcontextprotocol/sdk` Streamable HTTP transport a `fetch` that signs the user in, sends
 * the `resource` parameter, and refreshes the token once per expiry across every process that
 * shares a store.
 *
 * @example
 * ```ts
 * import { mcpAuthProvider } from 'authwire/mcp';
 * const provider = mcpAuthProvider({ serverUrl: 'https://mcp.example.com/mcp', issuer: 'https://auth.example.com', clientId: 'my-cli' });
 * const transport = new StreamableHTTPClientTransport(provider.serverUrl, { fetch: provider.fetch });
 * ```
 *
 * @module authwire/mcp
 */
export { mcpAuthProvider } from '../mcp/mcp-auth-provider.js';
export type { McpAuthProvider, McpAuthProviderOptions, McpFetch, McpLoopbackLogin, McpRedirectLogin, McpSignInOptions } from '../mcp/options.js';
