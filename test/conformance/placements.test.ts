// Every placement arrives at a real server as configured, and the caller's own headers, query
// and body arrive with it.
import { describe, expect, it } from 'vitest';
import { apiKeyAuth, basicAuth, bearerAuth, combineAuth, type Authenticator } from '../../src/index.js';
import { type ReceivedRequest, type TestServer } from '../servers/http-server.js';
import { useTestServer } from './server-fixture.js';
import type { DriverRequest } from './driver.js';
import { drivers } from './drivers/index.js';
import { findAuthError, queryOf } from './support.js';

const token = 'tok_3f9a1c7e5b2d8a4f';
const key = 'key_7c1e9b3a5d2f8e6a';

describe.each(drivers)('$name: placements', (driver) => {
  let server!: TestServer;
  useTestServer((started) => {
    server = started;
  });

  async function send(auth: Authenticator, request: DriverRequest): Promise<ReceivedRequest> {
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    try {
      const response = await client.request(request);
      expect(response.status).toBe(200);
      expect(server.requests).toHaveLength(1);
      return server.requests[0]!;
    } finally {
      client.close();
    }
  }

  it.each([
    { prefix: undefined, expected: `Bearer ${token}` },
    { prefix: 'Bearer', expected: `Bearer ${token}` },
    { prefix: 'JWT', expected: `JWT ${token}` },
    { prefix: 'Token', expected: `Token ${token}` },
    { prefix: '', expected: token },
  ])('a bearer token with prefix $prefix arrives as "$expected", beside the caller\'s headers and query', async ({ prefix, expected }) => {
    const auth = prefix === undefined ? bearerAuth({ token }) : bearerAuth({ token, prefix });
    const received = await send(auth, { url: 'items?page=2', headers: { 'X-Caller': 'kept', Accept: 'application/json' }, query: { sort: 'name' } });
    expect(received.headers.authorization).toBe(expected);
    expect(received.headers['x-caller']).toBe('kept');
    expect(received.headers.accept).toBe('application/json');
    expect(received.url).toMatch(/^\/items\?/);
    expect(Object.fromEntries(queryOf(received))).toEqual({ page: '2', sort: 'name' });
  });

  it('Basic credentials with a colon and non-ASCII in the password arrive UTF-8 encoded (RFC 7617)', async () => {
    const password = 'pa:ss wörd-✓-ключ';
    const received = await send(basicAuth({ username: 'api-user', password }), { url: 'items' });
    expect(received.headers.authorization).toBe(`Basic ${Buffer.from(`api-user:${password}`, 'utf8').toString('base64')}`);
    const decoded = Buffer.from(String(received.headers.authorization).slice('Basic '.length), 'base64').toString('utf8');
    expect(decoded).toBe(`api-user:${password}`);
  });

  it('an API key header (with and without prefix) arrives beside an existing Authorization header of the caller', async () => {
    const auth = combineAuth(apiKeyAuth({ key, in: 'header', name: 'X-API-Key' }), apiKeyAuth({ key, in: 'header', name: 'X-Signature', prefix: 'Key' }));
    const received = await send(auth, { url: 'items', headers: { Authorization: 'Caller own' } });
    expect(received.headers['x-api-key']).toBe(key);
    expect(received.headers['x-signature']).toBe(`Key ${key}`);
    expect(received.headers.authorization).toBe('Caller own');
  });

  it('a query key arrives beside the caller\'s query, with Cache-Control: no-store', async () => {
    const received = await send(apiKeyAuth({ key, in: 'query', name: 'api_key' }), { url: 'items?page=2', query: { q: 'a b' } });
    const query = queryOf(received);
    expect(query.getAll('api_key')).toEqual([key]);
    expect(query.get('page')).toBe('2');
    expect(query.get('q')).toBe('a b');
    expect(received.headers['cache-control']).toBe('no-store');
  });

  it('a form key is merged into the caller\'s form body', async () => {
    const received = await send(apiKeyAuth({ key, in: 'form', name: 'api_key' }), { method: 'POST', url: 'items', form: { name: 'widget', note: 'a&b=c' } });
    expect(received.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(received.body))).toEqual({ name: 'widget', note: 'a&b=c', api_key: key });
  });

  it('a form key makes a form body when a POST has none', async () => {
    const received = await send(apiKeyAuth({ key, in: 'form', name: 'api_key' }), { method: 'POST', url: 'items' });
    expect(received.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(received.body))).toEqual({ api_key: key });
  });

  it('a JSON key at a dotted path is merged into the caller\'s JSON body', async () => {
    const received = await send(apiKeyAuth({ key, in: 'json', name: 'auth.api_key' }), {
      method: 'PUT',
      url: 'items/1',
      json: { name: 'widget', auth: { user: 'u1' }, tags: ['a', 'b'] },
    });
    expect(received.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(received.body)).toEqual({ name: 'widget', auth: { user: 'u1', api_key: key }, tags: ['a', 'b'] });
  });

  it('a JSON key in a raw body with a JSON content type is merged too', async () => {
    const received = await send(apiKeyAuth({ key, in: 'json', name: 'api_key' }), {
      method: 'POST',
      url: 'items',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"widget"}',
    });
    expect(JSON.parse(received.body)).toEqual({ name: 'widget', api_key: key });
  });

  it('a raw body is sent byte for byte when the credential is in a header', async () => {
    const text = 'raw\u0000bytes é ✓\r\n{"not":"parsed"}';
    const received = await send(bearerAuth({ token }), { method: 'POST', url: 'upload', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(text, 'utf8') });
    expect(received.headers.authorization).toBe(`Bearer ${token}`);
    expect(received.body).toBe(text);
  });

  it.each(['json', 'form'] as const)('a %s key on a GET is an AuthError, and nothing is sent', async (placement) => {
    const client = driver.create(apiKeyAuth({ key, in: placement, name: 'api_key' }), { baseUrl: `${server.origin}/` });
    const error = await client.error({ url: 'items' });
    expect(findAuthError(error, 'ERR_AUTH_BODY_PLACEMENT')).toBeDefined();
    expect(server.requests).toHaveLength(0);
    client.close();
  });
});
