// One authenticator, 1,000 requests at once through one client: every one carries the credential.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyAuth, bearerAuth, combineAuth } from '../../src/index.js';
import { startServer, type TestServer } from '../servers/http-server.js';
import { drivers } from './drivers/index.js';
import { queryOf } from './support.js';

const count = 1000;

describe.each(drivers)('$name: concurrency', (driver) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(request.url);
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it(`${count} parallel requests all carry the credential`, async () => {
    server.requests.length = 0;
    let calls = 0;
    const auth = combineAuth(
      bearerAuth({ getToken: async () => `tok_${++calls % 7}_a1b2c3d4` }),
      apiKeyAuth({ key: 'key_parallel_5e6f7a8b', in: 'query', name: 'api_key' }),
    );
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    const responses = await Promise.all(Array.from({ length: count }, (_, index) => client.request({ url: `items/${index}` })));
    client.close();
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(server.requests).toHaveLength(count);
    const missing = server.requests.filter(
      (request) => !/^Bearer tok_\d_a1b2c3d4$/.test(String(request.headers.authorization)) || queryOf(request).get('api_key') !== 'key_parallel_5e6f7a8b',
    );
    expect(missing).toEqual([]);
    expect(new Set(server.requests.map((request) => new URL(request.url, 'http://x').pathname)).size).toBe(count);
    expect(calls).toBe(count);
  });
});
