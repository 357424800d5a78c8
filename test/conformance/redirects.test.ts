// Redirects: a hop to another origin (another port, or localhost instead of 127.0.0.1) carries no
// credential, whatever the client does by itself; a hop on the same origin keeps them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiKeyAuth, bearerAuth, combineAuth, isAuthError, type Authenticator } from '../../src/index.js';
import { startDualProtocolServer, testCertificate } from '../adapters/support/dual-protocol-server.js';
import type { ReceivedRequest } from '../servers/http-server.js';
import { startServer, type TestServer } from '../servers/http-server.js';
import { axiosFetchDrivers, drivers } from './drivers/index.js';
import { everythingShown, formsOf, leaked, queryOf, receivedAt, redirectPath, redirectingEcho } from './support.js';

const token = 'tok_9d2b7e4a1c6f3b8e';
const key = 'key_4e8a2c6f1b9d3e7a';
/** Characters that URLs and forms encode. */
const queryKey = 'qry key/+=&2d7c?x';
/** Characters that JSON escapes. */
const bodyKey = 'body-key"\\8b3f';
const statuses = [301, 302, 303, 307, 308] as const;

interface Credential {
  readonly name: string;
  readonly auth: () => Authenticator;
  /** The credential as this request carries it, or undefined. */
  readonly carried: (request: ReceivedRequest | undefined) => string | undefined;
}

const credentials: readonly Credential[] = [
  { name: 'bearer header', auth: () => bearerAuth({ token }), carried: (request) => request?.headers.authorization },
  { name: 'API-key header', auth: () => apiKeyAuth({ key, in: 'header', name: 'X-API-Key' }), carried: (request) => request?.headers['x-api-key'] as string | undefined },
  { name: 'API-key query', auth: () => apiKeyAuth({ key, in: 'query', name: 'api_key' }), carried: (request) => queryOf(request).get('api_key') ?? undefined },
];

describe.each([...drivers, ...axiosFetchDrivers])('$name: redirects', (driver) => {
  let main: TestServer;
  let other: TestServer;
  let mainHost: string;
  let localhostHost: string;
  beforeAll(async () => {
    main = await startServer(redirectingEcho);
    other = await startServer(redirectingEcho);
    mainHost = new URL(main.origin).host;
    localhostHost = `localhost:${new URL(main.origin).port}`;
  });
  afterAll(async () => {
    await Promise.all([main.close(), other.close()]);
  });
  beforeEach(() => {
    main.requests.length = 0;
    other.requests.length = 0;
    main.handle(redirectingEcho);
  });

  const targets = [
    { name: 'another port', url: () => `${other.origin}/landing`, landed: () => other.requests },
    { name: 'localhost instead of 127.0.0.1', url: () => `http://${localhostHost}/landing`, landed: () => receivedAt(main, localhostHost) },
  ];

  describe.each(targets)('to $name', (target) => {
    describe.each(credentials)('$name', (credential) => {
      it.each(statuses)('a %i hop arrives without the credential', async (status) => {
        const client = driver.create(credential.auth(), { baseUrl: `${main.origin}/` });
        const response = await client.request({ url: redirectPath(status, target.url()) });
        client.close();
        expect(response.status).toBe(200);
        const first = receivedAt(main, mainHost);
        expect(first).toHaveLength(1);
        expect(credential.carried(first[0])).toBeDefined();
        const landed = target.landed();
        expect(landed).toHaveLength(1);
        expect(credential.carried(landed[0])).toBeUndefined();
        expect(JSON.stringify(landed)).not.toContain(credential.name.startsWith('bearer') ? token : key);
      });
    });
  });

  describe.each(credentials)('same origin, $name', (credential) => {
    it.each(statuses)('a %i hop on the same origin keeps the credential', async (status) => {
      const client = driver.create(credential.auth(), { baseUrl: `${main.origin}/` });
      const response = await client.request({ url: redirectPath(status, `${main.origin}/landing`) });
      client.close();
      expect(response.status).toBe(200);
      expect(main.requests).toHaveLength(2);
      expect(main.requests[1]?.url).toMatch(/^\/landing/);
      expect(credential.carried(main.requests[1])).toBe(credential.name.startsWith('bearer') ? `Bearer ${token}` : key);
      if (credential.name === 'API-key query') expect(queryOf(main.requests[1]).getAll('api_key')).toEqual([key]);
    });
  });

  it('a same-origin hop to a Location without a query still carries every credential, the query key once', async () => {
    main.handle((request, response) => {
      if (!request.url.startsWith('/old')) return redirectingEcho(request, response);
      response.writeHead(301, { location: '/new' }).end();
    });
    const auth = combineAuth(bearerAuth({ token }), apiKeyAuth({ key, in: 'header', name: 'X-API-Key' }), apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' }));
    const client = driver.create(auth, { baseUrl: `${main.origin}/` });
    const response = await client.request({ url: 'old' });
    client.close();
    expect(response.status).toBe(200);
    const hop = main.requests[1];
    expect(hop?.url).toMatch(/^\/new\?/);
    expect(hop?.headers.authorization).toBe(`Bearer ${token}`);
    expect(hop?.headers['x-api-key']).toBe(key);
    expect(queryOf(hop).getAll('api_key')).toEqual([queryKey]);
  });

  it('a hop from https to plain http on the same host and port is another origin: no credential', async () => {
    const dual = await startDualProtocolServer((request, response) => {
      if (request.scheme === 'https') response.writeHead(302, { location: `http://127.0.0.1:${dual.port}/plain` }).end();
      else response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    try {
      const client = driver.create(combineAuth(bearerAuth({ token }), apiKeyAuth({ key, in: 'header', name: 'X-API-Key' })), { ownTls: { ca: testCertificate } });
      const response = await client.request({ url: `https://127.0.0.1:${dual.port}/secure` });
      client.close();
      expect(response.status).toBe(200);
      expect(dual.requests.map((request) => request.scheme)).toEqual(['https', 'http']);
      expect(dual.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
      expect(dual.requests[1]?.headers.authorization).toBeUndefined();
      expect(dual.requests[1]?.headers['x-api-key']).toBeUndefined();
    } finally {
      await dual.close();
    }
  });

  it('a 307 to another origin resends the POST body, without the credential', async () => {
    const client = driver.create(bearerAuth({ token }), { baseUrl: `${main.origin}/` });
    const response = await client.request({ method: 'POST', url: redirectPath(307, `${other.origin}/landing`), json: { name: 'widget' } });
    client.close();
    expect(response.status).toBe(200);
    expect(other.requests).toHaveLength(1);
    expect(other.requests[0]).toMatchObject({ method: 'POST', body: '{"name":"widget"}' });
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
  });

  it.each([307, 308])('a %i to another origin that would resend a body holding the credential is refused, with an error that does not show it', async (status) => {
    const client = driver.create(apiKeyAuth({ key: bodyKey, in: 'json', name: 'auth.key' }), { baseUrl: `${main.origin}/` });
    const error = await client.error({ method: 'POST', url: redirectPath(status, `${other.origin}/landing`), json: { name: 'widget' } });
    client.close();
    // The caller gets the AuthError itself, not the client's error wrapping it.
    expect(isAuthError(error, 'ERR_AUTH_REDIRECT_BLOCKED')).toBe(true);
    expect(leaked(everythingShown(error), formsOf([bodyKey]))).toEqual([]);
    expect(other.requests).toHaveLength(0);
  });

  it('a 303 to another origin drops a body holding the credential and follows with a GET', async () => {
    const client = driver.create(apiKeyAuth({ key, in: 'json', name: 'auth.key' }), { baseUrl: `${main.origin}/` });
    const response = await client.request({ method: 'POST', url: redirectPath(303, `${other.origin}/landing`), json: { name: 'widget' } });
    client.close();
    expect(response.status).toBe(200);
    expect(other.requests).toHaveLength(1);
    expect(other.requests[0]).toMatchObject({ method: 'GET', body: '' });
  });
});
