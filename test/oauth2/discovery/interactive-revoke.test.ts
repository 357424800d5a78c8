// interactiveAuth's revoke(): sign-out of the token the configured login produced, at the
// revocation endpoint the login's authenticator was made with, and out of the store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../../adapters/fetch.js';
import { interactiveAuth, MemoryTokenStore, oauth2Auth, type LoginResult } from '../../../src/index.js';
import { startServer, type TestServer } from '../../servers/http-server.js';
import { startDiscoveryServer, type DiscoveryServer } from '../../servers/oidc-discovery.js';

let oidc: DiscoveryServer;
let api: TestServer;
let tokens: TestServer;
let issued = 0;

beforeAll(async () => {
  oidc = await startDiscoveryServer();
  tokens = await startServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    if (request.url === '/token') {
      issued += 1;
      response.end(JSON.stringify({ access_token: `access-${issued}`, token_type: 'Bearer', expires_in: 3600 }));
    } else response.end('{}');
  });
  api = await startServer((request, response) => {
    if (request.url.startsWith('/.well-known/oauth-protected-resource')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ resource: `${api.origin}/`, authorization_servers: [oidc.issuer] }));
      return;
    }
    if (request.headers.authorization?.startsWith('Bearer access-') === true) {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok');
      return;
    }
    response.writeHead(401, { 'www-authenticate': `Bearer resource_metadata="${api.origin}/.well-known/oauth-protected-resource"` });
    response.end();
  });
});
afterAll(async () => {
  await Promise.all([api.close(), tokens.close(), oidc.close()]);
});

describe('interactiveAuth revoke()', () => {
  it("revokes the signed-in token at the login's revocation endpoint and removes it from the store", async () => {
    const store = new MemoryTokenStore();
    let logins = 0;
    const auth = interactiveAuth({
      store,
      authorizationServers: [oidc.issuer],
      login: async (): Promise<LoginResult> => {
        logins += 1;
        // A login standing in for the browser: its authenticator holds a token from the local server.
        const authenticator = oauth2Auth({ grant: 'client_credentials', tokenUrl: `${tokens.origin}/token`, clientId: 'c', clientSecret: 's', revocationUrl: `${tokens.origin}/revoke`, store });
        return { authenticator, token: await authenticator.getToken() };
      },
    });
    await expect(auth.revoke()).resolves.toBeUndefined(); // before any sign-in: nothing to revoke
    const api2 = authFetch(auth, { origins: [api.origin] });
    expect((await api2(`${api.origin}/files`)).status).toBe(200);
    expect(logins).toBe(1);
    const used = auth.current()?.authenticator.tokenManager.currentToken()?.accessToken;
    expect(used).toBe('access-1');

    await auth.revoke();
    const revocations = tokens.requests.filter((request) => request.url === '/revoke');
    expect(revocations.map((request) => new URLSearchParams(request.body).get('token'))).toEqual(['access-1']);
    expect(auth.current()?.authenticator.tokenManager.currentToken()).toBeUndefined();
    await auth.close();
  });
});
