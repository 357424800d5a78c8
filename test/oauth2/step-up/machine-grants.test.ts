// A machine grant cannot ask anyone for more scope: a step-up challenge from the resource ends the
// request with ERR_AUTH_INSUFFICIENT_SCOPE naming what the resource requires, through every
// adapter, with the request sent once and no token refreshed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAuthError, oauth2Auth } from '../../../src/index.js';
import { drivers } from '../../conformance/drivers/index.js';
import { useTestServer } from '../../conformance/server-fixture.js';
import type { TestServer } from '../../servers/http-server.js';
import { startTokenServer, type TokenServer } from '../../servers/token-server.js';

let tokens: TokenServer;
beforeAll(async () => {
  tokens = await startTokenServer();
});
afterAll(async () => {
  await tokens.close();
});

let clients = 0;
/** A client id of its own per test: instances with the same credentials share one cached token. */
const clientId = (): string => `reports-${(clients += 1)}`;

const challenges = [
  { status: 403, header: 'Bearer realm="api", error="insufficient_scope", scope="reports:write reports:read"', details: { scope: 'reports:write reports:read', error: 'insufficient_scope' } },
  { status: 401, header: 'Bearer error="insufficient_scope", scope="reports:write"', details: { scope: 'reports:write', error: 'insufficient_scope' } },
  { status: 401, header: 'Bearer error="insufficient_user_authentication", acr_values="urn:mace:incommon:iap:silver", max_age="300"', details: { scope: '', acrValues: 'urn:mace:incommon:iap:silver', maxAge: 300 } },
];

describe.each(drivers)('$name: step-up challenge to a machine grant', (driver) => {
  let server!: TestServer;
  useTestServer((started) => {
    server = started;
  });

  it.each(challenges)('a $status with "$header" fails with ERR_AUTH_INSUFFICIENT_SCOPE, sent once, no refresh', async ({ status, header, details }) => {
    server.handle((_request, response) => {
      response.writeHead(status, { 'www-authenticate': header, 'content-type': 'application/json' });
      response.end('{"error":"insufficient_scope"}');
    });
    const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl: tokens.tokenUrl, clientId: clientId(), clientSecret: 'reports-secret-value', scope: ['reports:read'] });
    const before = tokens.requests.length;
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    const error = await client.error({ url: 'reports' });
    expect(isAuthError(error, 'ERR_AUTH_INSUFFICIENT_SCOPE')).toBe(true);
    expect(isAuthError(error) ? error.details : {}).toMatchObject({ status, ...details });
    expect(server.requests).toHaveLength(1);
    expect(tokens.requests.length - before).toBe(1);
    expect(JSON.stringify(error)).not.toContain('reports-secret-value');
    client.close();
    await auth.close();
  });

  it('a 403 without a step-up challenge is still the answer', async () => {
    server.handle((_request, response) => {
      response.writeHead(403, { 'www-authenticate': 'Bearer error="invalid_token"' });
      response.end('forbidden');
    });
    const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl: tokens.tokenUrl, clientId: clientId(), clientSecret: 'reports-secret-value' });
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    expect((await client.request({ url: 'reports' })).status).toBe(403);
    expect(server.requests).toHaveLength(1);
    client.close();
    await auth.close();
  });
});
