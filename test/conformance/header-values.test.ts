// A header value no client can carry (NUL, CR, LF, another control character, a character above
// U+00FF) fails as an AuthError that does not quote it, before anything is sent, whatever the
// client: WHATWG Headers would otherwise throw a TypeError quoting `Bearer <token>`, and Node's
// http a TypeError of its own. Static values are refused when the authenticator is made.
import { describe, expect, it } from 'vitest';
import { apiKeyAuth, bearerAuth, isAuthError, type Authenticator } from '../../src/index.js';
import { type TestServer } from '../servers/http-server.js';
import { useTestServer } from './server-fixture.js';
import { axiosFetchDrivers, drivers } from './drivers/index.js';
import { everythingShown, findAuthError, leaksIn } from './support.js';

const secret = 'tok_4d9a2f7c1e8b3a6d';
const unsendable: ReadonlyArray<{ name: string; token: string }> = [
  { name: 'a NUL', token: `${secret}\u0000x` },
  { name: 'a character above U+00FF', token: `${secret}\u0100x` },
  { name: 'an emoji', token: `${secret}\u{1F511}` },
  { name: 'a line break inside', token: `${secret}\r\nx-injected: 1` },
  { name: 'a control character (U+0001)', token: `${secret}\u0001x` },
];

describe.each([...drivers, ...axiosFetchDrivers])('$name: a header value the client cannot carry', (driver) => {
  let server!: TestServer;
  useTestServer((started) => {
    server = started;
  });

  it.each(unsendable)('getToken returning a token with $name fails as ERR_AUTH_INVALID_CONFIG without the token; nothing is sent', async ({ token }) => {
    const client = driver.create(bearerAuth({ getToken: () => token }), { baseUrl: `${server.origin}/` });
    const error = await client.error({ url: 'items' });
    client.close();
    expect(isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
    expect(findAuthError(error)?.message).toMatch(/authorization: expected a value an HTTP header can carry/);
    expect(everythingShown(error)).not.toContain(secret);
    expect(leaksIn(error, [secret])).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('a custom authenticator setting such a header fails the same way', async () => {
    const auth: Authenticator = {
      name: 'custom',
      authenticate: (request) => {
        request.headers.set('X-Signature', `${secret}\u2028`);
        return Promise.resolve();
      },
    };
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    const error = await client.error({ url: 'items' });
    client.close();
    expect(isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
    expect(everythingShown(error)).not.toContain(secret);
    expect(server.requests).toHaveLength(0);
  });

  it('a token read with its trailing line break is sent without it, as Headers does', async () => {
    const client = driver.create(bearerAuth({ getToken: () => `${secret}\n` }), { baseUrl: `${server.origin}/` });
    expect((await client.request({ url: 'items' })).status).toBe(200);
    client.close();
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${secret}`);
  });
});

describe('static header values are refused when the authenticator is made', () => {
  it.each(unsendable)('bearerAuth({ token }) with $name', ({ token }) => {
    let thrown: unknown;
    try {
      bearerAuth({ token });
    } catch (error) {
      thrown = error;
    }
    expect(isAuthError(thrown, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
    expect((thrown as Error).message).toMatch(/^bearer\.token: expected/);
    expect(everythingShown(thrown)).not.toContain(secret);
  });

  it('apiKeyAuth with a header key holding U+0100; the same key in the query is fine', () => {
    const key = `${secret}\u0100`;
    expect(() => apiKeyAuth({ key, in: 'header', name: 'X-API-Key' })).toThrow(/^apiKey\.key: expected a value an HTTP header can carry/);
    expect(apiKeyAuth({ key, in: 'query', name: 'api_key' }).name).toBe('api-key');
  });
});
