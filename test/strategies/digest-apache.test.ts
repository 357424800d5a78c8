// digestAuth through axios, got, ky and fetch against Apache httpd's mod_auth_digest (MD5,
// qop=auth, nonce counts checked), started by the test with its own config. Apache's access log
// shows what went over the wire: one 401 for the first request, none for the ones after it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { digestAuth } from '../../src/index.js';
import type { DriverRequest } from '../conformance/driver.js';
import { drivers } from '../conformance/drivers/index.js';
import { everythingShown } from '../conformance/support.js';
import { APACHE_GET_BODY, findApache, startApacheDigest, type ApacheDigestServer } from '../servers/apache-digest.js';

const apache = findApache();
const username = 'mufasa';
const password = 'Circle of Life ü';

const requests: ReadonlyArray<{ name: string; request: DriverRequest; body?: string }> = [
  { name: 'GET with a query of reserved and non-ASCII characters', request: { url: 'digest/items', query: { q: "a b+c&d=e/f?g!*'()~:@$,;", 'näme': 'ü☃' } } },
  { name: 'GET with an encoded query in the URL', request: { url: 'digest/items?x=1%2B2&y=%E2%98%83&z=a+b' } },
  { name: 'POST with a JSON body', request: { method: 'POST', url: 'digest/items', json: { name: 'wïdget' } }, body: '{"name":"wïdget"}' },
  { name: 'POST with a form body', request: { method: 'POST', url: 'digest/items', form: { name: 'wïdget & co' } }, body: 'name=w%C3%AFdget+%26+co' },
  { name: 'POST with a byte body', request: { method: 'POST', url: 'digest/blob', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from('bytes\u0000\u00ff') }, body: 'bytes\u0000\u00ff' },
];

describe.skipIf(apache === undefined).each(drivers)('$name: digestAuth against Apache mod_auth_digest', (driver) => {
  let server: ApacheDigestServer;
  let logged = 0;
  beforeAll(async () => {
    server = await startApacheDigest(apache ?? '', { [username]: password });
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    logged = server.accessLog().length;
  });
  /** The statuses of the `count` access-log lines since the test began. */
  const statusesSinceStart = async (count: number): Promise<string[]> => (await server.accessLogOf(logged + count)).slice(logged).map((line) => line.split(' ').at(-1) ?? '');

  it('answers the first 401 once, then reuses the nonce: no further 401 for any request kind', async () => {
    const client = driver.create(digestAuth({ username, password }), { baseUrl: `${server.origin}/` });
    try {
      for (const { request, body } of requests) {
        const response = await client.request(request);
        expect(response.status, `${request.method ?? 'GET'} ${request.url}`).toBe(200);
        expect(response.body).toBe(body ?? APACHE_GET_BODY);
      }
      // A second round: the nonce count goes on rising, Apache (AuthDigestNcCheck On) accepts each.
      for (const { request } of requests) expect((await client.request(request)).status).toBe(200);
    } finally {
      client.close();
    }
    expect(await statusesSinceStart(1 + requests.length * 2)).toEqual(['401', ...Array<string>(requests.length * 2).fill('200')]);
  });

  it.each(requests)('$name succeeds as the first request (the 401 answered, the request sent again)', async ({ request, body }) => {
    const client = driver.create(digestAuth({ username, password }), { baseUrl: `${server.origin}/` });
    const response = await client.request(request);
    client.close();
    expect(response.status).toBe(200);
    expect(response.body).toBe(body ?? APACHE_GET_BODY);
    expect(await statusesSinceStart(2)).toEqual(['401', '200']);
  });

  it('a wrong password gets the 401 after one answer, and the caller sees no password or hash of it', async () => {
    const client = driver.create(digestAuth({ username, password: 'wrong password' }), { baseUrl: `${server.origin}/` });
    const response = await client.request({ url: 'digest/items' });
    client.close();
    expect(response.status).toBe(401);
    expect(await statusesSinceStart(2)).toEqual(['401', '401']);
    expect(everythingShown(response)).not.toContain('wrong password');
  });

  it('a same-origin redirect hop is answered for its own URI', async () => {
    const client = driver.create(digestAuth({ username, password }), { baseUrl: `${server.origin}/` });
    try {
      expect((await client.request({ url: 'digest/items' })).status).toBe(200);
      const response = await client.request({ url: 'digest/moved?from=r%C3%A9' });
      expect(response.status).toBe(200);
      expect(response.body).toBe(APACHE_GET_BODY);
    } finally {
      client.close();
    }
    const log = (await server.accessLogOf(logged + 4)).slice(logged);
    expect(log.slice(2)).toEqual(['GET /digest/moved?from=r%C3%A9 302', expect.stringMatching(/^GET \/digest\/landed(\?from=r%C3%A9)? 200$/)]);
  });
});
