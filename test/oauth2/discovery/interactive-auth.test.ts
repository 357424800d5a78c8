// interactiveAuth refuses what a resource's challenge must not make it do, before anyone is asked
// to sign in: fetch metadata from another origin, trust metadata naming another resource, or use
// an authorization server the client does not accept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../../adapters/fetch.js';
import { interactiveAuth, isAuthError, MemoryTokenStore, type LoopbackLoginOptions } from '../../../src/index.js';
import { startServer, type TestServer } from '../../servers/http-server.js';
import { startDiscoveryServer, type DiscoveryServer } from '../../servers/oidc-discovery.js';

let oidc: DiscoveryServer;
let api: TestServer;
let elsewhere: TestServer;
/** What the API's well-known document says, and where its 401 points. */
let metadata: (origin: string) => Record<string, unknown> = () => ({});
let metadataUrl: (origin: string) => string = (origin) => `${origin}/.well-known/oauth-protected-resource`;

beforeAll(async () => {
  oidc = await startDiscoveryServer();
  elsewhere = await startServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ resource: `${api.origin}/`, authorization_servers: [oidc.issuer] }));
  });
  api = await startServer((request, response) => {
    if (request.url.startsWith('/.well-known/oauth-protected-resource')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(metadata(api.origin)));
      return;
    }
    response.writeHead(401, { 'www-authenticate': `Bearer resource_metadata="${metadataUrl(api.origin)}"` });
    response.end();
  });
});
afterAll(async () => {
  await Promise.all([api.close(), elsewhere.close(), oidc.close()]);
});

async function attempt(): Promise<{ reason: unknown; logins: number; registrations: number }> {
  let logins = 0;
  const before = oidc.registrations.length;
  const auth = interactiveAuth({
    store: new MemoryTokenStore(),
    authorizationServers: [oidc.issuer],
    login: (_options: LoopbackLoginOptions) => {
      logins += 1;
      return Promise.reject(new Error('no sign-in expected'));
    },
  });
  const error: unknown = await authFetch(auth, { origins: [api.origin] })(`${api.origin}/files`).then(() => undefined, (caught: unknown) => caught);
  await auth.close();
  if (!isAuthError(error)) throw new Error(`expected an AuthError, got ${String(error)}`);
  return { reason: error.details['reason'], logins, registrations: oidc.registrations.length - before };
}

describe('interactiveAuth refuses a resource challenge that points where it may not', () => {
  it('a resource_metadata URL on another origin is not fetched', async () => {
    metadataUrl = () => `${elsewhere.origin}/.well-known/oauth-protected-resource`;
    const seen = elsewhere.requests.length;
    expect(await attempt()).toEqual({ reason: 'metadata_origin', logins: 0, registrations: 0 });
    expect(elsewhere.requests.length).toBe(seen);
  });

  it('metadata naming another resource is refused', async () => {
    metadataUrl = (origin) => `${origin}/.well-known/oauth-protected-resource`;
    metadata = () => ({ resource: 'https://bank.example.com/', authorization_servers: [oidc.issuer] });
    expect(await attempt()).toEqual({ reason: 'resource_mismatch', logins: 0, registrations: 0 });
  });

  it('an authorization server the client does not accept is refused before registering there', async () => {
    metadata = (origin) => ({ resource: `${origin}/`, authorization_servers: [elsewhere.origin] });
    expect(await attempt()).toEqual({ reason: 'authorization_server_not_allowed', logins: 0, registrations: 0 });
  });

  it('an accepted server: registration once, then the configured login with the resource indicator', async () => {
    metadata = (origin) => ({ resource: `${origin}/`, authorization_servers: [oidc.issuer], scopes_supported: ['api:read'] });
    const seen: LoopbackLoginOptions[] = [];
    const auth = interactiveAuth({
      store: new MemoryTokenStore(),
      login: (options) => {
        seen.push(options);
        return Promise.reject(new Error('stop here'));
      },
    });
    const api2 = authFetch(auth, { origins: [api.origin] });
    const before = oidc.registrations.length;
    const results = await Promise.allSettled([api2(`${api.origin}/a`), api2(`${api.origin}/b`), api2(`${api.origin}/c`)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(oidc.registrations.length - before).toBe(1);
    expect(seen).toHaveLength(1); // three refused requests, one sign-in
    expect(seen[0]).toMatchObject({ issuer: oidc.issuer, resource: `${api.origin}/`, scope: ['api:read'], clientId: expect.any(String) });
    await auth.close();
  });
});
