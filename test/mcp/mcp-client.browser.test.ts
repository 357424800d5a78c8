// End to end: the MCP SDK's own client (Client + StreamableHTTPClientTransport) against an MCP
// server built with the SDK's server-side auth, with authwire's fetch as the transport's fetch and
// headless Chromium completing the sign-in on the server's consent page. The first tool call
// signs in through the loopback; later calls use the stored token; after it expires, one refresh.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/index.js';
import { mcpAuthProvider } from '../../src/entries/mcp.js';
import { chromiumPath, launchBrowser } from '../servers/browser.js';
import { startMcpServer, type TestMcpServer } from '../servers/mcp-server.js';
import { isolatedPage, loopbackAnswer } from '../oauth2-interactive/support/browser-steps.js';

const TTL_SECONDS = 4;
let server: TestMcpServer;
let browser: Browser;

const sleepUntil = (time: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

describe.runIf(chromiumPath !== undefined)('an MCP client signs in through headless Chromium and calls a tool', () => {
  beforeAll(async () => {
    server = await startMcpServer({ accessTokenTtlSeconds: TTL_SECONDS });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in on the first call, sends the resource indicator throughout, and refreshes once after expiry', async () => {
    const store = new MemoryTokenStore();
    const { context, page } = await isolatedPage(browser);
    let consentUrl = '';
    let browsing: Promise<void> = Promise.resolve();
    const provider = mcpAuthProvider({
      serverUrl: server.url,
      issuer: server.issuer,
      clientId: server.clientId,
      scope: [server.scope],
      store,
      refreshWindowMs: 1_000,
      forcedRefreshWindowMs: 1_000,
      refreshAhead: false,
      login: {
        open: (url) => {
          consentUrl = url;
          browsing = (async () => {
            await page.goto(url, { waitUntil: 'domcontentloaded' });
            await page.locator('#allow').click();
          })();
        },
      },
    });
    const client = new Client({ name: 'authwire-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(provider.serverUrl, { fetch: provider.fetch }));
    await browsing;
    const answer = await loopbackAnswer(page);
    expect(answer.outcome).toBe('success');
    await context.close();

    const first = await client.callTool({ name: 'whoami', arguments: {} });
    expect(first.content).toEqual([{ type: 'text', text: `client ${server.clientId}` }]);

    // The consent URL: PKCE S256, the loopback redirect, the scope and the resource indicator.
    const sent = new URL(consentUrl);
    expect(sent.origin + sent.pathname).toBe(new URL('/authorize', server.issuer).href);
    expect(sent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(sent.searchParams.get('resource')).toBe(server.url);
    expect(sent.searchParams.get('scope')).toBe(server.scope);
    expect(new URL(sent.searchParams.get('redirect_uri') ?? '').hostname).toBe('127.0.0.1');
    expect(server.provider.events).toEqual([expect.objectContaining({ grant: 'authorization_code', ok: true, resource: server.url })]);
    // The sign-in ran before the first request left: nothing reached the server without a token, and no 401 came back.
    expect(server.requests.filter((request) => request.status === 401)).toEqual([]);
    expect(server.requests.every((request) => request.token !== undefined)).toBe(true);

    const stored = await (await provider.authenticator()).getToken();
    await sleepUntil(stored.expiresAt + 50);
    const later = await Promise.all(Array.from({ length: 10 }, () => client.callTool({ name: 'whoami', arguments: {} })));
    expect(later.every((result) => result.isError !== true)).toBe(true);
    expect(server.provider.events.map(({ grant, ok, resource }) => ({ grant, ok, resource }))).toEqual([
      { grant: 'authorization_code', ok: true, resource: server.url },
      { grant: 'refresh_token', ok: true, resource: server.url },
    ]);
    expect(server.provider.authorizations).toHaveLength(1);
    expect(server.provider.familiesIntact).toBe(true);
    await client.close();
    await provider.close();
  });
});
