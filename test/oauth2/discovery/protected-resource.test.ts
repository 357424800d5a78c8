import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverProtectedResource, isAuthError } from '../../../src/index.js';
import { startServer, type TestServer } from '../../servers/http-server.js';
import { startOidcServer, type OidcServer } from '../../servers/oidc.js';

let resourceServer: TestServer;
let otherOrigin: TestServer;
let oidc: OidcServer;

beforeAll(async () => {
  oidc = await startOidcServer();
  resourceServer = await startServer();
  otherOrigin = await startServer();
});
afterAll(async () => {
  await Promise.all([resourceServer.close(), otherOrigin.close(), oidc.close()]);
});

function serveMetadata(server: TestServer, document: (origin: string) => Record<string, unknown>): void {
  server.handle((request, response) => {
    if (!request.url.startsWith('/.well-known/oauth-protected-resource')) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(document(server.origin)));
  });
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; reason: unknown; message: string }> {
  const error: unknown = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isAuthError(error)) throw new Error(`expected an AuthError, got ${String(error)}`);
  return { code: error.code, reason: error.details['reason'], message: error.message };
}

describe('discoverProtectedResource', () => {
  it('reads the path-suffixed well-known document and the metadata of the authorization server it names', async () => {
    serveMetadata(resourceServer, (origin) => ({ resource: `${origin}/api/v1`, authorization_servers: [oidc.issuer], scopes_supported: ['api:read'], resource_name: 'Reports' }));
    const before = resourceServer.requests.length;
    const found = await discoverProtectedResource(`${resourceServer.origin}/api/v1`);
    expect(resourceServer.requests.slice(before).map((request) => request.url)).toEqual(['/.well-known/oauth-protected-resource/api/v1']);
    expect(found.resource).toMatchObject({ resource: `${resourceServer.origin}/api/v1`, authorizationServers: [oidc.issuer], scopesSupported: ['api:read'], resourceName: 'Reports' });
    expect(found.authorizationServer).toMatchObject({ issuer: oidc.issuer, tokenUrl: oidc.tokenUrl });
  });

  it('refuses a document that names another resource (RFC 9728 §3.3)', async () => {
    serveMetadata(resourceServer, () => ({ resource: 'https://bank.example.com/', authorization_servers: [oidc.issuer] }));
    expect(await refusal(discoverProtectedResource(`${resourceServer.origin}/`))).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', reason: 'resource_mismatch' });
  });

  it('refuses a resource_metadata URL on another origin than the resource that sent it', async () => {
    serveMetadata(otherOrigin, () => ({ resource: `${resourceServer.origin}/`, authorization_servers: [oidc.issuer] }));
    const before = otherOrigin.requests.length;
    const result = await refusal(discoverProtectedResource(`${resourceServer.origin}/`, { metadataUrl: `${otherOrigin.origin}/.well-known/oauth-protected-resource` }));
    expect(result).toMatchObject({ reason: 'metadata_origin' });
    expect(otherOrigin.requests.length).toBe(before); // nothing was fetched from it
  });

  it('accepts resource_metadata naming a resource whose path covers the refused URL, not a sibling path', async () => {
    serveMetadata(resourceServer, (origin) => ({ resource: `${origin}/mcp`, authorization_servers: [oidc.issuer] }));
    const metadataUrl = `${resourceServer.origin}/.well-known/oauth-protected-resource/mcp`;
    const found = await discoverProtectedResource(`${resourceServer.origin}/mcp/tools`, { metadataUrl });
    expect(found.resource.resource).toBe(`${resourceServer.origin}/mcp`);
    expect(await refusal(discoverProtectedResource(`${resourceServer.origin}/mcpx`, { metadataUrl }))).toMatchObject({ reason: 'resource_mismatch' });
  });

  it('refuses a resource whose authorization servers are not among those the client accepts (RFC 9728 §7.6)', async () => {
    serveMetadata(resourceServer, (origin) => ({ resource: `${origin}/`, authorization_servers: [otherOrigin.origin] }));
    const result = await refusal(discoverProtectedResource(`${resourceServer.origin}/`, { authorizationServers: [oidc.issuer] }));
    expect(result).toMatchObject({ reason: 'authorization_server_not_allowed' });
    expect(result.message).not.toContain(otherOrigin.origin);
  });

  it('picks the first listed authorization server the client accepts', async () => {
    serveMetadata(resourceServer, (origin) => ({ resource: `${origin}/`, authorization_servers: [otherOrigin.origin, oidc.issuer] }));
    const found = await discoverProtectedResource(`${resourceServer.origin}/`, { authorizationServers: [oidc.issuer] });
    expect(found.authorizationServer.issuer).toBe(oidc.issuer);
  });

  it('reads the document with the 1 MiB cap of authwire\'s own requests', async () => {
    resourceServer.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`{"resource":"${resourceServer.origin}/","pad":"${'x'.repeat(2 << 20)}"}`);
    });
    const error: unknown = await discoverProtectedResource(`${resourceServer.origin}/`).then(() => undefined, (caught: unknown) => caught);
    expect(isAuthError(error, 'ERR_AUTH_TOKEN_REQUEST_FAILED') && error.details['maxResponseBytes']).toBe(1 << 20);
  });

  it('fails on a 404 and on a body that is not a JSON object', async () => {
    resourceServer.handle((_request, response) => void response.writeHead(404).end());
    expect(await refusal(discoverProtectedResource(`${resourceServer.origin}/`))).toMatchObject({ reason: 'status' });
    resourceServer.handle((_request, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end('[1]'));
    expect(await refusal(discoverProtectedResource(`${resourceServer.origin}/`))).toMatchObject({ reason: 'not_json' });
  });
});
