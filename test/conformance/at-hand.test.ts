// A credential at hand (a static header, a cached token) is sent without building the request
// `authenticate()` edits. What the server receives must be exactly what `authenticate()` would
// have set: the caller's header of the same name replaced in any case, the current token after a
// change, and nothing of the shortcut carried over to an authenticator built from another.
import { describe, expect, it } from 'vitest';
import { apiKeyAuth, basicAuth, bearerAuth, createTokenAuthenticator, TokenManager, type Authenticator } from '../../src/index.js';
import { type ReceivedRequest, type TestServer } from '../servers/http-server.js';
import { useTestServer } from './server-fixture.js';
import type { DriverRequest } from './driver.js';
import { drivers } from './drivers/index.js';
import { authFetch } from '../../adapters/fetch.js';

const token = 'tok_8b2e5d1a9c3f7e4b';

describe.each(drivers)('$name: a credential at hand', (driver) => {
  let server!: TestServer;
  useTestServer((started) => {
    server = started;
  });

  async function send(auth: Authenticator, ...requests: DriverRequest[]): Promise<ReceivedRequest[]> {
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    try {
      for (const request of requests) expect((await client.request(request)).status).toBe(200);
      return server.requests;
    } finally {
      client.close();
    }
  }

  it.each([
    { name: 'bearerAuth', auth: () => bearerAuth({ token }), header: 'authorization', callerName: 'AUTHORIZATION', expected: `Bearer ${token}` },
    { name: 'basicAuth', auth: () => basicAuth({ username: 'u', password: 'p' }), header: 'authorization', callerName: 'Authorization', expected: `Basic ${Buffer.from('u:p').toString('base64')}` },
    { name: 'apiKeyAuth', auth: () => apiKeyAuth({ key: token, in: 'header', name: 'X-API-Key', prefix: 'Key' }), header: 'x-api-key', callerName: 'x-Api-KEY', expected: `Key ${token}` },
  ])('$name replaces the caller\'s own $callerName, never joins it', async ({ auth, header, callerName, expected }) => {
    const [received] = await send(auth(), { url: 'items', headers: { [callerName]: 'caller-value', 'X-Caller': 'kept' } });
    expect(received?.headers[header]).toBe(expected);
    expect(received?.headers['x-caller']).toBe('kept');
  });

  it('an origin the policy does not allow gets no credential', async () => {
    const other = server.origin.replace('127.0.0.1', 'localhost');
    const client = driver.create(bearerAuth({ token }), { adapter: { origins: [server.origin] }, ...(driver.hasBaseUrl ? { baseUrl: `${server.origin}/` } : {}) });
    try {
      expect((await client.request({ url: `${other}/elsewhere` })).status).toBe(200);
      expect((await client.request({ url: `${server.origin}/allowed` })).status).toBe(200);
    } finally {
      client.close();
    }
    expect(server.requests.map((request) => [request.url, request.headers.authorization])).toEqual([['/elsewhere', undefined], ['/allowed', `Bearer ${token}`]]);
  });

  it('a cached token sends the current one after it changes', async () => {
    let issued = 0;
    const manager = new TokenManager({
      key: { tokenUrl: `${server.origin}/token`, subject: `at-hand-${driver.name}` },
      fetchToken: () => Promise.resolve({ accessToken: `first_${token}_${(issued += 1)}`, tokenType: 'Bearer', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 }),
    });
    const auth = createTokenAuthenticator({ name: 'session', manager });
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    try {
      await client.request({ url: 'one' });
      await client.request({ url: 'two' });
      await manager.setToken({ accessToken: `second_${token}`, tokenType: 'Bearer', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 });
      await client.request({ url: 'three' });
    } finally {
      client.close();
      await manager.close();
    }
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([`Bearer first_${token}_1`, `Bearer first_${token}_1`, `Bearer second_${token}`]);
  });

  it('an authenticator spread from bearerAuth with its own authenticate sends what that sets', async () => {
    const base = bearerAuth({ token });
    const own: Authenticator = {
      ...base,
      name: 'own',
      authenticate: (request) => {
        request.headers.set('Authorization', `Own ${token}`);
        return Promise.resolve();
      },
    };
    const [received] = await send(own, { url: 'items' });
    expect(received?.headers.authorization).toBe(`Own ${token}`);
  });
});

describe('authFetch: a credential at hand with the caller\'s headers as a plain object', () => {
  let server!: TestServer;
  useTestServer((started) => {
    server = started;
  });

  it('replaces the caller\'s Authorization of any case and keeps the rest', async () => {
    const send = authFetch(bearerAuth({ token }));
    const response = await send(`${server.origin}/items`, { headers: { AUTHORIZATION: 'caller-value', 'X-Caller': 'kept' } });
    expect(response.status).toBe(200);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(server.requests[0]?.headers['x-caller']).toBe('kept');
  });
});
