// Concurrent calls through one access-token expiry, against a server that rotates refresh tokens
// and revokes the family when a rotated one comes back: authwire's fetch refreshes once. Beside
// it, the SDK's own authProvider path on the same kind of server, whose figures (refresh requests,
// reuse detected, failed calls) are printed, not asserted: how many of its refreshes overlap
// depends on scheduling.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { afterEach, describe, expect, it } from 'vitest';
import { mcpAuthProvider } from '../../src/entries/mcp.js';
import { MemoryTokenStore } from '../../src/index.js';
import { startMcpServer, type TestMcpServer } from '../servers/mcp-server.js';
import { consentOverHttp } from './support/consent.js';

const TTL_SECONDS = 2;
const CALLS = 6;
const servers: TestMcpServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
const sleepUntil = (time: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

/** The SDK's OAuthClientProvider in memory; the consent's redirect is read, never followed. */
class MemoryProvider implements OAuthClientProvider {
  readonly redirectUrl = 'http://127.0.0.1:9/callback';
  readonly clientMetadata: OAuthClientMetadata = {
    client_name: 'sdk',
    redirect_uris: [this.redirectUrl],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  };
  authorizationUrl: URL | undefined;
  #client: OAuthClientInformationMixed | undefined;
  #tokens: OAuthTokens | undefined;
  #verifier = '';
  clientInformation = (): OAuthClientInformationMixed | undefined => this.#client;
  saveClientInformation = (client: OAuthClientInformationMixed): void => void (this.#client = client);
  tokens = (): OAuthTokens | undefined => this.#tokens;
  saveTokens = (tokens: OAuthTokens): void => void (this.#tokens = tokens);
  redirectToAuthorization = (url: URL): void => void (this.authorizationUrl = url);
  saveCodeVerifier = (verifier: string): void => void (this.#verifier = verifier);
  codeVerifier = (): string => this.#verifier;
}

/** Submits the consent form and returns the code from the redirect it answers with. */
async function consentCode(url: URL): Promise<string> {
  const page = await fetch(url);
  const request = /name="request" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const answer = await fetch(new URL('/consent', url), { method: 'POST', body: new URLSearchParams({ request }), redirect: 'manual' });
  return new URL(answer.headers.get('location') ?? '').searchParams.get('code') ?? '';
}

async function callsThroughExpiry(client: Client, expiresAt: number): Promise<number> {
  await sleepUntil(expiresAt + 100);
  const results = await Promise.allSettled(Array.from({ length: CALLS }, () => client.callTool({ name: 'whoami', arguments: {} })));
  return results.filter((result) => result.status === 'rejected' || result.value.isError === true).length;
}

describe('concurrent calls through one expiry with rotating refresh tokens', () => {
  it("authwire refreshes once; the SDK's own provider figures are printed beside it", async () => {
    // The SDK's authProvider.
    const sdkServer = await startMcpServer({ accessTokenTtlSeconds: TTL_SECONDS });
    servers.push(sdkServer);
    const sdk = new MemoryProvider();
    const first = new StreamableHTTPClientTransport(new URL(sdkServer.url), { authProvider: sdk });
    await new Client({ name: 'sdk', version: '1.0.0' }).connect(first).catch(() => undefined);
    await first.finishAuth(await consentCode(sdk.authorizationUrl!));
    const sdkClient = new Client({ name: 'sdk', version: '1.0.0' });
    await sdkClient.connect(new StreamableHTTPClientTransport(new URL(sdkServer.url), { authProvider: sdk }));
    const sdkFailed = await callsThroughExpiry(sdkClient, Date.now() + TTL_SECONDS * 1000);
    await sdkClient.close().catch(() => undefined);
    const sdkRefreshes = sdkServer.provider.events.filter((event) => event.grant === 'refresh_token');
    console.log(
      `SDK authProvider, ${CALLS} concurrent calls after expiry: ${sdkRefreshes.length} refresh request(s), ` +
        `${sdkRefreshes.filter((event) => event.error === 'reuse').length} reuse(s) detected, ${sdkServer.provider.revokedFamilies} family revoked, ${sdkFailed} failed call(s)`,
    );

    // authwire's fetch, the URL alone configured.
    const server = await startMcpServer({ accessTokenTtlSeconds: TTL_SECONDS });
    servers.push(server);
    const provider = mcpAuthProvider({
      serverUrl: server.url,
      store: new MemoryTokenStore(),
      refreshWindowMs: 500,
      forcedRefreshWindowMs: 500,
      refreshAhead: false,
      login: { open: (url) => void consentOverHttp(url) },
    });
    const client = new Client({ name: 'authwire', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(provider.serverUrl, { fetch: provider.fetch }));
    const token = await (await provider.authenticator()).getToken();
    const failed = await callsThroughExpiry(client, token.expiresAt);
    await client.close();
    await provider.close();
    console.log(`authwire, ${CALLS} concurrent calls after expiry: ${server.provider.events.filter((event) => event.grant === 'refresh_token').length} refresh request(s), ${failed} failed call(s)`);

    expect(failed).toBe(0);
    expect(server.provider.events.filter((event) => event.grant === 'refresh_token')).toEqual([expect.objectContaining({ ok: true })]);
    expect(server.provider.revokedFamilies).toBe(0);
  });
});
