// mcpAuthProvider given only the MCP server's URL, against an MCP server built with the SDK's own
// server-side auth (mcpAuthRouter and requireBearerAuth) on 127.0.0.1: the first request's 401
// leads to the protected resource metadata, the authorization server's metadata, a dynamic
// registration (kept in the store: a second provider on the same store registers nothing), the
// sign-in and the tool call; a 403 insufficient_scope signs in once more for the union of the
// scopes; a 401 for a token that was already replaced is retried with the current one, without
// a refresh. The consent page is submitted over HTTP (the browser test covers Chromium).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mcpAuthProvider } from '../../src/entries/mcp.js';
import type { McpAuthProvider } from '../../src/entries/mcp.js';
import { MemoryTokenStore } from '../../src/index.js';
import { startMcpServer, type TestMcpServer } from '../servers/mcp-server.js';
import { consentOverHttp } from './support/consent.js';

let server: TestMcpServer;
const open: McpAuthProvider[] = [];
const clients: Client[] = [];

beforeEach(async () => {
  server = await startMcpServer();
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const provider of open.splice(0)) await provider.close();
  await server.close();
});

/** A provider configured with the URL alone (and a store and the login), and the consent URLs it handed out. */
function urlOnly(store: MemoryTokenStore): { provider: McpAuthProvider; consents: URL[] } {
  const consents: URL[] = [];
  const provider = mcpAuthProvider({
    serverUrl: server.url,
    store,
    login: {
      open: async (url) => {
        consents.push(new URL(url));
        await consentOverHttp(url);
      },
    },
  });
  open.push(provider);
  return { provider, consents };
}

async function connect(provider: McpAuthProvider): Promise<Client> {
  const client = new Client({ name: 'authwire-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(provider.serverUrl, { fetch: provider.fetch }));
  clients.push(client);
  return client;
}

const whoami = (client: Client) => client.callTool({ name: 'whoami', arguments: {} });

describe('mcpAuthProvider with only the server URL', () => {
  it('discovers from the first 401, registers once per store, signs in with PKCE and the resource, and calls a tool', async () => {
    const store = new MemoryTokenStore();
    const { provider, consents } = urlOnly(store);
    const client = await connect(provider);
    const answer = await whoami(client);

    // The client the server saw is the one authwire registered, not the pre-registered one.
    expect(server.provider.clientsStore.registrations).toBe(1);
    const [text] = answer.content as { type: string; text: string }[];
    expect(text?.text).toMatch(/^client registered-/);
    // The first request carried no token and got the 401 that started discovery.
    expect(server.requests[0]).toEqual(expect.objectContaining({ token: undefined, status: 401 }));
    expect(server.requests.filter((request) => request.status === 401)).toHaveLength(1);
    // One sign-in: PKCE S256, the loopback redirect, the scope from the challenge, the resource from the metadata.
    expect(consents).toHaveLength(1);
    const consent = consents[0]!;
    expect(consent.origin + consent.pathname).toBe(new URL('/authorize', server.issuer).href);
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(consent.searchParams.get('resource')).toBe(server.url);
    expect(consent.searchParams.get('scope')).toBe(server.scope);
    expect(new URL(consent.searchParams.get('redirect_uri') ?? '').hostname).toBe('127.0.0.1');
    expect(server.provider.events).toEqual([expect.objectContaining({ grant: 'authorization_code', ok: true, resource: server.url })]);
    expect(provider.resource).toBe(server.url);

    // Another provider on the same store (another process): the stored registration and token, no sign-in.
    const second = mcpAuthProvider({ serverUrl: server.url, store, login: { open: () => Promise.reject(new Error('no second sign-in expected')) } });
    open.push(second);
    const again = await whoami(await connect(second));
    expect(again.content).toEqual(answer.content);
    expect(server.provider.clientsStore.registrations).toBe(1);
    expect(server.provider.authorizations).toHaveLength(1);
    expect(server.provider.events.filter((event) => event.grant === 'authorization_code')).toHaveLength(1);
  });

  it('steps up once on 403 insufficient_scope, for the union of the scopes, and retries the call', async () => {
    const { provider, consents } = urlOnly(new MemoryTokenStore());
    const client = await connect(provider);
    expect((await whoami(client)).isError).not.toBe(true);
    expect(consents).toHaveLength(1);

    server.requiredScopes.push('mcp:admin');
    const stepped = await whoami(client);
    expect(stepped.isError).not.toBe(true);
    // The refusal named both scopes; the second sign-in asked for both; nothing else signed in.
    expect(server.requests.filter((request) => request.status === 403)).toHaveLength(1);
    expect(consents).toHaveLength(2);
    expect(consents[1]!.searchParams.get('scope')).toBe('mcp:tools mcp:admin');
    expect(server.provider.authorizations.map((params) => params.scopes)).toEqual([['mcp:tools'], ['mcp:tools', 'mcp:admin']]);
    // Later calls use the stepped-up token: no more refusals, no more sign-ins.
    await whoami(client);
    expect(server.requests.filter((request) => request.status === 403)).toHaveLength(1);
    expect(consents).toHaveLength(2);
  });

  it('answers a 401 for a token that was already replaced by retrying with the current one, without a refresh', async () => {
    const { provider } = urlOnly(new MemoryTokenStore());
    const client = await connect(provider);
    await whoami(client);
    const authenticator = await provider.authenticator();
    const first = (await authenticator.getToken()).accessToken;

    // Hold the next request carrying the first token at the server, before its token is checked.
    let release: () => void = () => undefined;
    let held: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (held = resolve));
    server.gate = (token) => {
      if (token !== first) return undefined;
      server.gate = undefined;
      held();
      return new Promise<void>((resolve) => (release = resolve));
    };
    const call = whoami(client);
    await arrived;
    // Meanwhile the token is replaced (one refresh) and the server forgets the first one: the held request will get a 401.
    const second = await authenticator.tokenManager.rejectToken(first);
    expect(second.accessToken).not.toBe(first);
    server.provider.forgetAccessToken(first);
    release();
    const answer = await call;

    expect(answer.isError).not.toBe(true);
    // The 401 answered the first token; the retry used the second; the only refresh is the one made above.
    const afterHold = server.requests.slice(server.requests.findIndex((request) => request.token === first && request.status === 401));
    expect(afterHold[0]).toEqual(expect.objectContaining({ token: first, status: 401 }));
    expect(afterHold.slice(1).every((request) => request.token === second.accessToken && request.status !== 401)).toBe(true);
    expect(server.provider.events.filter((event) => event.grant === 'refresh_token')).toEqual([expect.objectContaining({ ok: true })]);
    expect((await authenticator.getToken()).accessToken).toBe(second.accessToken);
  });
});
