// kyAuth beyond the conformance suite: ky's own retries, its errors, its hooks, ky 1 and ky 2.
import { inspect } from 'node:util';
import ky, { type Options } from 'ky';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kyAuth } from '../../adapters/ky.js';
import { apiKeyAuth, bearerAuth, combineAuth, isAuthError, type Authenticator } from '../../src/index.js';
import { kyMajor } from '../conformance/drivers/ky.js';
import { echo, startServer, type TestServer } from '../servers/http-server.js';

const token = 'tok_ky_7d3a9e1c';
const key = 'key_ky_2f6b8d4a';

let server: TestServer;
let other: TestServer;
beforeAll(async () => {
  server = await startServer();
  other = await startServer();
});
afterAll(async () => {
  await Promise.all([server.close(), other.close()]);
});
beforeEach(() => {
  server.requests.length = 0;
  other.requests.length = 0;
  server.handle(echo);
});

/** ky's base-URL option: `prefixUrl` in ky 1, `prefix` in ky 2. */
function withBase(base: string, options: Options = {}): Options {
  return Object.assign(options, kyMajor === 2 ? { prefix: base } : { prefixUrl: base });
}

describe(`kyAuth with ky ${kyMajor}`, () => {
  it('plugs into ky.create(...).extend(...) and authenticates', async () => {
    const api = ky.create(withBase(`${server.origin}/v1/`)).extend(kyAuth(bearerAuth({ token })));
    const body = await api.get('items').json<{ url: string; headers: Record<string, string> }>();
    expect(body.url).toBe('/v1/items');
    expect(body.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('authenticates every attempt of ky\'s own retries', async () => {
    let calls = 0;
    server.handle((request, response) => {
      calls += 1;
      if (calls < 3) {
        response.writeHead(503);
        response.end();
        return;
      }
      return echo(request, response);
    });
    let tokens = 0;
    const api = ky.create({ ...kyAuth(bearerAuth({ getToken: () => `tok_${++tokens}_abcd` })), retry: { limit: 2, delay: () => 1 } });
    const response = await api.get(`${server.origin}/flaky`);
    expect(response.status).toBe(200);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(['Bearer tok_1_abcd', 'Bearer tok_2_abcd', 'Bearer tok_3_abcd']);
  });

  it('never sends its private call-description header', async () => {
    await ky.create(withBase(`${server.origin}/`)).extend(kyAuth(bearerAuth({ token }))).post('x', { json: { a: 1 } });
    expect(Object.keys(server.requests[0]!.headers).filter((name) => name.startsWith('x-authwire'))).toEqual([]);
  });

  it('keeps the caller\'s own hooks working beside its own', async () => {
    const api = ky
      .create(withBase(`${server.origin}/`))
      .extend(kyAuth(bearerAuth({ token })))
      .extend({ hooks: { beforeRequest: [(first: unknown) => (first instanceof Request ? first : (first as { request: Request }).request).headers.set('X-Hook', 'ran')] } });
    await api.get('x');
    expect(server.requests[0]?.headers['x-hook']).toBe('ran');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('ky\'s HTTPError holds no credential and no private header', async () => {
    server.handle((_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end('{"error":"unauthorized"}');
    });
    const auth = combineAuth(bearerAuth({ token }), apiKeyAuth({ key, in: 'query', name: 'api_key' }));
    const error: unknown = await ky.create(withBase(`${server.origin}/`)).extend(kyAuth(auth)).get('me').catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('HTTPError');
    const { response, request } = error as { response: Response; request: Request };
    expect(response.url).toBe(`${server.origin}/me`);
    expect(request.headers.has('x-authwire-ky-call')).toBe(false);
    expect(inspect(error, { depth: Infinity })).not.toContain(key);
    expect(inspect(error, { depth: Infinity })).not.toContain(token);
    expect(new URL(server.requests[0]!.url, 'http://x').searchParams.get('api_key')).toBe(key);
  });

  it('a 401 whose body echoes the credential still gives an HTTPError without it (ky 2 keeps the body in error.data)', async () => {
    server.handle((request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'unauthorized', youSent: request.headers.authorization }));
    });
    const error: unknown = await ky.create({ ...kyAuth(bearerAuth({ token })) }).get(`${server.origin}/me`).catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('HTTPError');
    expect(`${JSON.stringify(error)}${inspect(error, { depth: Infinity })}`).not.toContain(token);
  });

  it('does not let ky retry an AuthError', async () => {
    let calls = 0;
    const counting: Authenticator = { name: 'counting', authenticate: async (request) => { calls += 1; request.headers.set('Authorization', `Bearer ${token}`); } };
    const api = ky.create({ ...kyAuth(counting), retry: { limit: 5, delay: () => 1 } });
    const error: unknown = await api.get('http://api.example.test/items').catch((caught: unknown) => caught);
    expect(isAuthError(error, 'ERR_AUTH_INSECURE_URL')).toBe(true);
    expect(calls).toBe(1);
  });

  it('sends through the fetch given to kyAuth', async () => {
    const seen: string[] = [];
    const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      seen.push(String(input));
      return fetch(input, init);
    };
    await ky.create({ ...kyAuth(bearerAuth({ token }), { fetch: wrapped }) }).get(`${server.origin}/wrapped`);
    expect(seen).toEqual([`${server.origin}/wrapped`]);
  });

  it('one kyAuth on two instances with different base URLs, called in turn: each call is sent with its own base', async () => {
    const auth = kyAuth(bearerAuth({ token }));
    const first = ky.create(withBase(`${server.origin}/one/`)).extend(auth);
    const second = ky.create(withBase(`${other.origin}/two/`)).extend(auth);
    for (const name of ['a', 'b', 'c']) {
      await first.get(name);
      await second.get(name);
    }
    // A call described with the other instance's base would not be allowed a credential on its origin.
    expect(server.requests.map((request) => [request.url, request.headers.authorization])).toEqual(['a', 'b', 'c'].map((name) => [`/one/${name}`, `Bearer ${token}`]));
    expect(other.requests.map((request) => [request.url, request.headers.authorization])).toEqual(['a', 'b', 'c'].map((name) => [`/two/${name}`, `Bearer ${token}`]));
  });

  it.runIf(kyMajor === 2)('ky 2: an absolute URL on another origin than `baseUrl` gets no credential', async () => {
    const api = ky.create({ ...kyAuth(bearerAuth({ token })), ...({ baseUrl: `${server.origin}/v1/` } as Options) });
    await api.get(`${other.origin}/elsewhere`);
    await api.get('items');
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
    expect(server.requests[0]).toMatchObject({ url: '/v1/items', headers: { authorization: `Bearer ${token}` } });
  });

  it.runIf(kyMajor === 1)('ky 1: an absolute URL object bypasses `prefixUrl` and, on another origin, gets no credential', async () => {
    const api = ky.create(withBase(`${server.origin}/v1/`)).extend(kyAuth(bearerAuth({ token })));
    await api.get(new URL(`${other.origin}/elsewhere`));
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('a fetch option set after kyAuth is refused on the request, and the server receives nothing (no private header either)', async () => {
    const own: string[] = [];
    const ownFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      own.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const api = ky.create({ retry: 0 }).extend(kyAuth(bearerAuth({ token }))).extend({ fetch: ownFetch });
    const error = await api.get(`${server.origin}/after`).then(() => undefined, (caught: unknown) => caught);
    expect(isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
    expect((error as Error).message).toMatch(/fetch option was set after kyAuth\(\).*pass it as kyAuth\(auth, \{ fetch \}\)/);
    expect(server.requests).toHaveLength(0);
  });

  it('a fetch option set before kyAuth is the one authwire sends with: the server receives the credential and no private header', async () => {
    const own: string[] = [];
    const ownFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      own.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const api = ky.create({ fetch: ownFetch }).extend(kyAuth(bearerAuth({ token })));
    await api.post(`${server.origin}/before`, { json: { a: 1 } });
    expect(own).toEqual([`${server.origin}/before`]);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(Object.keys(server.requests[0]?.headers ?? {}).filter((name) => name.startsWith('x-authwire'))).toEqual([]);
  });

  it('a fetch option given both to ky before kyAuth and to kyAuth is refused when the extension is made', () => {
    const ownFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => fetch(input, init);
    const other = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => fetch(input, init);
    let caught: unknown;
    try {
      ky.create({ fetch: ownFetch }).extend(kyAuth(bearerAuth({ token }), { fetch: other }));
    } catch (error) {
      caught = error;
    }
    expect(isAuthError(caught, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
  });

  it('ky\'s own retries of a JSON POST carry the credential each time, through a fetch given before kyAuth', async () => {
    let calls = 0;
    server.handle((request, response) => {
      calls += 1;
      if (calls < 2) {
        response.writeHead(503);
        response.end();
        return;
      }
      return echo(request, response);
    });
    const ownFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => fetch(input, init);
    const api = ky.create({ fetch: ownFetch, retry: { limit: 1, delay: () => 1, methods: ['post'] } }).extend(kyAuth(bearerAuth({ token })));
    const body = await api.post(`${server.origin}/again`, { json: { a: 1 } }).json<{ body: string }>();
    expect(body.body).toBe('{"a":1}');
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
  });

  it('the caller\'s signal and ky\'s timeout still stop a request that kyAuth sends', async () => {
    const pending: Array<() => void> = [];
    server.handle((_request, response) => {
      pending.push(() => response.end());
    });
    const api = ky.create({ retry: 0 }).extend(kyAuth(bearerAuth({ token })));
    const controller = new AbortController();
    const aborted = api.get(`${server.origin}/slow`, { signal: controller.signal, timeout: false }).then(() => undefined, (caught: unknown) => caught);
    setTimeout(() => controller.abort(), 50);
    expect((await aborted as Error).name).toBe('AbortError');
    const timedOut = await api.get(`${server.origin}/slow`, { timeout: 100 }).then(() => undefined, (caught: unknown) => caught);
    expect((timedOut as Error).name).toBe('TimeoutError');
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
    for (const finish of pending) finish();
  });
});
