// A request to an absolute URL on another origin than the client's base URL goes out without
// credentials, unless that origin is listed in `origins`. fetch has no base URL (hasBaseUrl:
// false), so for fetch this is stated as skipped rather than passed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiKeyAuth, bearerAuth, combineAuth } from '../../src/index.js';
import { startServer, type TestServer } from '../servers/http-server.js';
import { drivers } from './drivers/index.js';
import { queryOf } from './support.js';

const token = 'tok_5a1d8c3f7e2b9a4d';
const key = 'key_2b6e9a4d8c1f5e3b';
const auth = () => combineAuth(bearerAuth({ token }), apiKeyAuth({ key, in: 'query', name: 'api_key' }));

describe.each(drivers)('$name: absolute URLs and the base URL', (driver) => {
  let base: TestServer;
  let elsewhere: TestServer;
  beforeAll(async () => {
    base = await startServer();
    elsewhere = await startServer();
  });
  afterAll(async () => {
    await Promise.all([base.close(), elsewhere.close()]);
  });
  beforeEach(() => {
    base.requests.length = 0;
    elsewhere.requests.length = 0;
  });

  it.skipIf(!driver.hasBaseUrl)('an absolute URL on another origin than the base URL gets no credential', async () => {
    const client = driver.create(auth(), { baseUrl: `${base.origin}/v1/` });
    expect((await client.request({ url: `${elsewhere.origin}/hook?x=1` })).status).toBe(200);
    expect((await client.request({ url: 'items' })).status).toBe(200);
    client.close();
    expect(elsewhere.requests).toHaveLength(1);
    expect(elsewhere.requests[0]?.headers.authorization).toBeUndefined();
    expect(queryOf(elsewhere.requests[0]).has('api_key')).toBe(false);
    expect(queryOf(elsewhere.requests[0]).get('x')).toBe('1');
    expect(base.requests[0]?.url).toMatch(/^\/v1\/items\?/);
    expect(base.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it.skipIf(!driver.hasBaseUrl)('an absolute URL on an origin listed in `origins` gets the credentials', async () => {
    const client = driver.create(auth(), { baseUrl: `${base.origin}/v1/`, adapter: { origins: [elsewhere.origin] } });
    expect((await client.request({ url: `${elsewhere.origin}/hook` })).status).toBe(200);
    expect((await client.request({ url: 'items' })).status).toBe(200);
    client.close();
    expect(elsewhere.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(queryOf(elsewhere.requests[0]).get('api_key')).toBe(key);
    expect(base.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it.skipIf(!driver.hasBaseUrl)('an absolute URL on the base URL\'s own origin gets the credentials', async () => {
    const client = driver.create(auth(), { baseUrl: `${base.origin}/v1/` });
    expect((await client.request({ url: `${base.origin}/other/path` })).status).toBe(200);
    client.close();
    expect(base.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it.skipIf(!driver.hasBaseUrl)('a POST to another origin carries no credential in any placement; listed in `origins`, it carries them all', async () => {
    const every = () => combineAuth(auth(), apiKeyAuth({ key, in: 'header', name: 'X-API-Key' }), apiKeyAuth({ key, in: 'json', name: 'auth.key' }));
    const plain = driver.create(every(), { baseUrl: `${base.origin}/v1/` });
    expect((await plain.request({ method: 'POST', url: `${elsewhere.origin}/x`, json: { a: 1 } })).status).toBe(200);
    plain.close();
    const listed = driver.create(every(), { baseUrl: `${base.origin}/v1/`, adapter: { origins: [elsewhere.origin] } });
    expect((await listed.request({ method: 'POST', url: `${elsewhere.origin}/y`, json: { a: 1 } })).status).toBe(200);
    listed.close();
    const [unlisted, allowed] = elsewhere.requests;
    expect(unlisted?.headers.authorization).toBeUndefined();
    expect(unlisted?.headers['x-api-key']).toBeUndefined();
    expect(unlisted?.url).toBe('/x');
    expect(JSON.parse(unlisted?.body ?? '')).toEqual({ a: 1 });
    expect(allowed?.headers.authorization).toBe(`Bearer ${token}`);
    expect(allowed?.headers['x-api-key']).toBe(key);
    expect(queryOf(allowed).get('api_key')).toBe(key);
    expect(JSON.parse(allowed?.body ?? '')).toEqual({ a: 1, auth: { key } });
  });

  it('without a base URL, `origins` limits where credentials go', async () => {
    const client = driver.create(auth(), { adapter: { origins: [base.origin] } });
    expect((await client.request({ url: `${base.origin}/a` })).status).toBe(200);
    expect((await client.request({ url: `${elsewhere.origin}/b` })).status).toBe(200);
    client.close();
    expect(base.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(elsewhere.requests[0]?.headers.authorization).toBeUndefined();
    expect(queryOf(elsewhere.requests[0]).has('api_key')).toBe(false);
  });
});
