// An authenticator written in plain JavaScript whose `authenticate` returns nothing (no promise):
// every client sends its credential, alone and inside combineAuth, instead of failing with a
// TypeError from the adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerAuth, combineAuth, type Authenticator } from '../../src/index.js';
import { drivers } from '../conformance/drivers/index.js';
import { startRawServer, type RawServer } from '../strategies/support/raw-server.js';

/** What a JavaScript user writes: a synchronous method, no `async`, no promise. */
const plain = {
  name: 'plain',
  authenticate(request: { headers: Headers }) {
    request.headers.set('x-api-key', 'plain-key');
  },
} as unknown as Authenticator;

let server: RawServer;
beforeAll(async () => {
  server = await startRawServer(() => ({ status: 200, body: { ok: true } }));
});
afterAll(async () => {
  await server.close();
});

describe.each(drivers)('$name: an authenticate() that returns no promise', (driver) => {
  it('sends the credential it set', async () => {
    const client = driver.create(plain, { baseUrl: server.origin });
    const response = await client.request({ url: `${server.origin}/items` });
    client.close();
    expect(response.status, response.body).toBe(200);
    expect(server.received.at(-1)?.headers['x-api-key']).toBe('plain-key');
  });

  it('sends it beside the others in combineAuth', async () => {
    const client = driver.create(combineAuth(plain, bearerAuth({ token: 'combined-token' })), { baseUrl: server.origin });
    const response = await client.request({ url: `${server.origin}/items` });
    client.close();
    expect(response.status, response.body).toBe(200);
    expect(server.received.at(-1)?.headers).toMatchObject({ 'x-api-key': 'plain-key', authorization: 'Bearer combined-token' });
  });
});
