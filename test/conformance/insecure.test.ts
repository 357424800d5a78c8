// No credential over plain http to a host other than loopback, unless allowInsecureHttp is set.
// Nothing here leaves the machine: http://api.example.test/ is refused before any lookup, and the
// allowed case uses http://0.0.0.0:PORT, which is not loopback by name yet reaches a local server.
// Loopback is exactly `localhost`, 127.0.0.0/8 and [::1]: names that may resolve here
// (`api.localhost`, `localhost.`) are other hosts, for the adapters and for every endpoint.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authorizationUrl, bearerAuth, createAuth, isAuthError, oauth2Auth, sessionTokenAuth } from '../../src/index.js';
import { startServer, type TestServer } from '../servers/http-server.js';
import { drivers } from './drivers/index.js';
import { everythingShown, findAuthError } from './support.js';

const token = 'tok_8c4f1a7e3d9b2c6a';

describe.each(drivers)('$name: plain http', (driver) => {
  let server: TestServer;
  let unspecified: string;
  beforeAll(async () => {
    server = await startServer();
    unspecified = `http://0.0.0.0:${new URL(server.origin).port}`;
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('a request to http://api.example.test/ is refused with ERR_AUTH_INSECURE_URL before anything is sent', async () => {
    const client = driver.create(bearerAuth({ token }), { baseUrl: 'http://api.example.test/' });
    const error = await client.error({ url: 'items' });
    client.close();
    // The caller gets the AuthError itself, not the client's error wrapping it.
    expect(isAuthError(error, 'ERR_AUTH_INSECURE_URL')).toBe(true);
    expect(findAuthError(error, 'ERR_AUTH_INSECURE_URL')?.message).toContain('http://api.example.test');
    expect(everythingShown(error)).not.toContain(token);
  });

  it('a request to a non-loopback http host is refused, and the server receives nothing', async () => {
    const client = driver.create(bearerAuth({ token }), { baseUrl: `${unspecified}/` });
    const error = await client.error({ url: 'items' });
    client.close();
    expect(findAuthError(error, 'ERR_AUTH_INSECURE_URL')).toBeDefined();
    expect(server.requests).toHaveLength(0);
  });

  it('with allowInsecureHttp: true the credential goes over plain http', async () => {
    const client = driver.create(bearerAuth({ token }), { baseUrl: `${unspecified}/`, adapter: { allowInsecureHttp: true } });
    const response = await client.request({ url: 'items' });
    client.close();
    expect(response.status).toBe(200);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it.each(['http://api.localhost', 'http://localhost.', 'http://[::ffff:127.0.0.1]'])(
    'a request to %s:PORT (loopback by resolution only) is refused, and the server receives nothing',
    async (host) => {
      const client = driver.create(bearerAuth({ token }), { baseUrl: `${host}:${new URL(server.origin).port}/` });
      const error = await client.error({ url: 'items' });
      client.close();
      expect(findAuthError(error, 'ERR_AUTH_INSECURE_URL')).toBeDefined();
      expect(everythingShown(error)).not.toContain(token);
      expect(server.requests).toHaveLength(0);
    },
  );

  it('loopback by address (127.1, which the URL parser reads as 127.0.0.1) over plain http is allowed without the opt-in', async () => {
    const client = driver.create(bearerAuth({ token }), { baseUrl: `http://127.1:${new URL(server.origin).port}/` });
    expect((await client.request({ url: 'items' })).status).toBe(200);
    client.close();
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('loopback over plain http is allowed without the opt-in', async () => {
    const client = driver.create(bearerAuth({ token }), { baseUrl: `${server.origin}/` });
    expect((await client.request({ url: 'items' })).status).toBe(200);
    client.close();
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });
});

describe('endpoints: the same loopback rule', () => {
  const insecure = expect.objectContaining({ code: 'ERR_AUTH_INSECURE_URL' }) as Error;

  it('a token endpoint on http://auth.localhost is refused when the authenticator is made', () => {
    const options = { grant: 'client_credentials', tokenUrl: 'http://auth.localhost/token', clientId: 'app', clientSecret: 'secret-1' } as const;
    expect(() => oauth2Auth(options)).toThrow(insecure);
    expect(() => createAuth({ type: 'oauth2', ...options })).toThrow(/tokenUrl/);
    expect(oauth2Auth({ ...options, tokenUrl: 'http://127.0.0.1:1/token' }).name).toContain('oauth2');
  });

  it('a login URL on http://login.localhost is refused', () => {
    const options = { login: { url: 'http://login.localhost/session', json: { u: 'a' } }, tokenPath: 'id', expiresIn: 'P1D' } as const;
    expect(() => sessionTokenAuth(options)).toThrow(insecure);
  });

  it('a redirect URI on http://app.localhost is refused; http://127.0.0.1 and http://[::1] are loopback', () => {
    const base = { authorizationEndpoint: 'https://auth.example.com/authorize', clientId: 'app' };
    expect(() => authorizationUrl({ ...base, redirectUri: 'http://app.localhost/callback' })).toThrow(insecure);
    expect(authorizationUrl({ ...base, redirectUri: 'http://127.0.0.1:8123/callback' }).url).toContain('redirect_uri=');
    expect(authorizationUrl({ ...base, redirectUri: 'http://[::1]:8123/callback' }).url).toContain('redirect_uri=');
  });
});
