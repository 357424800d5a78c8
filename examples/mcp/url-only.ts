import { homedir } from 'node:os';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { FileTokenStore } from 'authwire';
import { mcpAuthProvider } from 'authwire/mcp';

const provider = mcpAuthProvider({
  serverUrl: 'https://mcp.example.com/mcp', // everything else is discovered from its first 401
  store: new FileTokenStore({ path: `${homedir()}/.my-cli/tokens.json` }), // the token and the client registration
  login: { open: (url) => console.error(`Sign in: ${url}`) },
});

const client = new Client({ name: 'my-cli', version: '1.0.0' });
// authwire's fetch, and no authProvider: see below.
await client.connect(new StreamableHTTPClientTransport(provider.serverUrl, { fetch: provider.fetch }));
const result = await client.callTool({ name: 'search', arguments: { query: 'authwire' } });
console.log(result.content);
await client.close();
await provider.close();
