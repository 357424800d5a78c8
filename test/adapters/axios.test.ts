// What the shared conformance suite cannot say about axios: interceptor removal, configs resent
// by a retry library, the shape and redaction of AxiosError, and the caller's own beforeRedirect.
// (The suite's retry rules run through both of axios's response interceptors: see its axios driver.)
import axios, { type AxiosRequestConfig } from 'axios';
import { describe, expect, it } from 'vitest';
import { AxiosRequestSummary, axiosAuth } from '../../adapters/axios.js';
import { apiKeyAuth, bearerAuth, combineAuth, type Authenticator } from '../../src/index.js';
import {
  basicAndQueryAuth, bearerToken, bodyKey, cookieAuth, everyPlacementAuth, expectNoSecretIn, headerAndQueryAuth, headerKey, queryKey,
} from './support/secrets.js';
import { caught, closeAfterEachTest, failingOrigin, server, status, type FailureKind } from './support/servers.js';

closeAfterEachTest();

/** An authenticator whose token changes on every attempt and whose challenge answers `answer`. */
function rotatingAuth(answer: boolean): Authenticator & { issued: number; challenges: number } {
  const auth = {
    name: 'rotating',
    issued: 0,
    challenges: 0,
    async authenticate(request: { headers: Headers }) {
      auth.issued += 1;
      request.headers.set('Authorization', `Bearer tok-${auth.issued}`);
    },
    async challenge() {
      auth.challenges += 1;
      return answer;
    },
  };
  return auth;
}

describe('axiosAuth: installing and removing', () => {
  it('stops authenticating and retrying once the returned function is called', async () => {
    const api = await server(status(401));
    const client = axios.create({ baseURL: api.origin });
    const auth = rotatingAuth(true);
    const remove = axiosAuth(client, auth);
    await caught(client.get('/before'));
    remove();
    await caught(client.get('/after'));
    expect(api.requests.map((request) => [new URL(request.url, api.origin).pathname, request.headers.authorization])).toEqual([
      ['/before', 'Bearer tok-1'],
      ['/before', 'Bearer tok-2'],
      ['/after', undefined],
    ]);
    expect(auth.challenges).toBe(1);
  });

  it('leaves interceptors that were there before in place', async () => {
    const api = await server();
    const client = axios.create({ baseURL: api.origin });
    client.interceptors.request.use((config) => {
      config.headers.set('X-Trace', 'kept');
      return config;
    });
    axiosAuth(client, bearerAuth({ token: bearerToken }))();
    await client.get('/');
    expect(api.requests[0]?.headers['x-trace']).toBe('kept');
    expect(api.requests[0]?.headers.authorization).toBeUndefined();
  });
});

describe('axiosAuth: configs sent again by a retry library', () => {
  it('authenticates a resent error.config afresh from the request as it was made, not from its redacted values', async () => {
    let seen = 0;
    const api = await server((request, response) => status(++seen === 1 ? 503 : 200)(request, response));
    const client = axios.create({ baseURL: api.origin });
    axiosAuth(client, everyPlacementAuth());
    // What axios-retry does, registered after authwire: resend error.config with transformRequest made a no-op.
    const resent = new WeakSet<object>();
    client.interceptors.response.use(undefined, async (error: unknown) => {
      const config = axios.isAxiosError(error) ? error.config : undefined;
      if (config === undefined || resent.has(config)) throw error;
      resent.add(config);
      config.transformRequest = [(data: unknown) => data];
      return client.request(config);
    });
    const response = await client.post('/items', { a: 1 }, { params: { page: '2' }, headers: { Cookie: 'user=own' } });
    expect(response.status).toBe(200);
    expect(api.requests).toHaveLength(2);
    for (const request of api.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${bearerToken}`);
      expect(request.headers['x-api-key']).toBe(headerKey);
      expect(request.headers.cookie).toBe('user=own');
      expect(request.headers['content-type']).toMatch(/^application\/json/);
      const url = new URL(request.url, api.origin);
      expect(url.pathname).toBe('/items');
      expect(url.searchParams.getAll('api_key')).toEqual([queryKey]);
      expect(url.searchParams.getAll('page')).toEqual(['2']);
      expect(JSON.parse(request.body)).toEqual({ a: 1, auth: { key: bodyKey } });
      expect(Number(request.headers['content-length'])).toBe(Buffer.byteLength(request.body));
    }
  });

  it('authenticates a resent response.config afresh too, after its response has come in', async () => {
    const api = await server(status(200));
    const client = axios.create({ baseURL: api.origin });
    // Appending shows a credential left in the config: the resend would carry the cookie twice.
    const appendsCookie: Authenticator = { name: 'appends-cookie', authenticate: async (request) => request.headers.append('Cookie', 'session=s-1') };
    axiosAuth(client, combineAuth(everyPlacementAuth(), appendsCookie));
    const first = await client.post('/items', { a: 1 }, { params: { page: '2' }, headers: { Cookie: 'user=own' } });
    const again = await client.request(first.config);
    expect(again.status).toBe(200);
    expect(api.requests).toHaveLength(2);
    const [sent, resent] = api.requests;
    expect(resent?.url).toBe(sent?.url);
    expect(new URL(resent?.url ?? '', api.origin).searchParams.getAll('api_key')).toEqual([queryKey]);
    expect(JSON.parse(resent?.body ?? '')).toEqual({ a: 1, auth: { key: bodyKey } });
    expect(resent?.headers.authorization).toBe(`Bearer ${bearerToken}`);
    expect(resent?.headers['x-api-key']).toBe(headerKey);
    expect([sent?.headers.cookie, resent?.headers.cookie]).toEqual(['user=own; session=s-1', 'user=own; session=s-1']);
  });
});

describe('axiosAuth: errors', () => {
  const cases: Array<{ name: string; auth: () => Authenticator; config: (origin: string) => AxiosRequestConfig }> = [
    { name: 'every placement', auth: everyPlacementAuth, config: (origin) => ({ url: `${origin}/things`, method: 'POST', data: { a: 1 } }) },
    { name: 'basic + query key', auth: basicAndQueryAuth, config: (origin) => ({ url: `${origin}/things`, method: 'GET' }) },
  ];

  async function failWith(kind: FailureKind, auth: Authenticator, config: AxiosRequestConfig): Promise<unknown> {
    const client = axios.create({ timeout: kind === 'timeout' ? 150 : 0 });
    axiosAuth(client, auth);
    return caught(client.request(config));
  }

  for (const { name, auth, config } of cases) {
    for (const kind of ['401', '500', 'refused', 'timeout'] as const) {
      it(`${kind} (${name}): an AxiosError without any credential in JSON.stringify or util.inspect`, async () => {
        const origin = await failingOrigin(kind);
        const error = await failWith(kind, auth(), config(origin));
        expect(axios.isAxiosError(error)).toBe(true);
        if (!axios.isAxiosError(error)) return;
        if (kind === '401' || kind === '500') expect(error.response?.status).toBe(Number(kind));
        if (kind === 'refused') expect(error.code).toBe('ECONNREFUSED');
        if (kind === 'timeout') expect(error.code).toBe('ECONNABORTED');
        expectNoSecretIn(error);
        expect(error.config?.url).toContain('/things');
      });
    }
  }

  it('redacts the credentials of two authenticators combined on one instance', async () => {
    const api = await server(status(500));
    const client = axios.create({ baseURL: api.origin });
    axiosAuth(client, combineAuth(bearerAuth({ token: bearerToken }), apiKeyAuth({ key: headerKey, in: 'header', name: 'X-API-Key' })));
    const error = await caught(client.get('/'));
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${bearerToken}`);
    expect(api.requests[0]?.headers['x-api-key']).toBe(headerKey);
    expectNoSecretIn(error);
  });

  it('puts a summary of the request, credentials redacted, where axios put its ClientRequest', async () => {
    const api = await server(status(500));
    const client = axios.create({ baseURL: api.origin });
    axiosAuth(client, combineAuth(bearerAuth({ token: bearerToken }), apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' })));
    const error = await caught(client.get('/items'));
    expect(axios.isAxiosError(error)).toBe(true);
    const { request, response } = error as { request: unknown; response: { request: unknown } };
    expect(request).toBeInstanceOf(AxiosRequestSummary);
    expect(request).toEqual({ method: 'GET', url: `${api.origin}/items?api_key=[REDACTED]` });
    expect(response.request).toBe(request);
    expect(Object.keys(error as object)).not.toContain('request');
  });
});

describe('axiosAuth: redirects', () => {
  it('strips every credential on a hop to another port, and still calls the caller’s beforeRedirect', async () => {
    const target = await server();
    const start = await server((_request, response) => {
      response.writeHead(302, { location: `${target.origin}/landing?api_key=${encodeURIComponent(queryKey)}&keep=1` }).end();
    });
    const seenByOwnHook: Array<Record<string, unknown>> = [];
    const client = axios.create({
      baseURL: start.origin,
      beforeRedirect: (options) => {
        seenByOwnHook.push({ ...(options['headers'] as Record<string, unknown>) });
      },
    });
    axiosAuth(client, combineAuth(headerAndQueryAuth(), cookieAuth));
    await client.get('/start');
    expect(start.requests[0]?.headers.authorization).toBe(`Bearer ${bearerToken}`);
    expect(start.requests[0]?.headers.cookie).toBe('session=ck-5e1f0a9b7c');
    const landed = target.requests[0];
    expect(landed?.url).toBe('/landing?keep=1');
    for (const name of ['authorization', 'proxy-authorization', 'cookie', 'x-api-key']) expect(landed?.headers[name]).toBeUndefined();
    expect(seenByOwnHook).toHaveLength(1);
    expect(Object.keys(seenByOwnHook[0] ?? {}).map((name) => name.toLowerCase())).not.toContain('x-api-key');
  });

  it('with the fetch adapter, redirects are followed by authwire: the caller’s fetch sends each hop, the credential stays on its origin', async () => {
    const target = await server();
    const start = await server((request, response) => {
      if (request.url?.startsWith('/start')) response.writeHead(302, { location: '/moved' }).end();
      else response.writeHead(307, { location: `${target.origin}/landing` }).end();
    });
    const sentBy: string[] = [];
    const ownFetch = (input: URL | Request | string, init?: RequestInit): Promise<Response> => {
      sentBy.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    for (const adapter of ['fetch', ['fetch', 'http']] as const) {
      sentBy.length = 0;
      const client = axios.create({ baseURL: start.origin, adapter: [...[adapter].flat()], env: { fetch: ownFetch } });
      axiosAuth(client, headerAndQueryAuth());
      const response = await client.get('/start');
      expect(response.status).toBe(200);
      expect(sentBy.map((url) => new URL(url).pathname)).toEqual(['/start', '/moved', '/landing']);
      const [first, moved] = start.requests.slice(-2);
      expect(first?.headers['x-api-key']).toBe(headerKey);
      expect(moved?.url).toMatch(/^\/moved\?api_key=/);
      expect(moved?.headers['x-api-key']).toBe(headerKey);
      const landed = target.requests.at(-1);
      expect(landed?.url).toBe('/landing');
      expect(landed?.headers['x-api-key']).toBeUndefined();
    }
  });

  it('with the fetch adapter, the caller’s redirect: manual and maxRedirects: 0 get the 302 back; maxRedirects caps the hops', async () => {
    const target = await server();
    const start = await server((request, response) => {
      const hop = Number(/^\/hop\/(\d+)/.exec(request.url ?? '')?.[1] ?? 0);
      response.writeHead(302, { location: hop >= 2 ? `${target.origin}/landing` : `/hop/${hop + 1}` }).end();
    });
    for (const config of [{ fetchOptions: { redirect: 'manual' as const } }, { maxRedirects: 0 }]) {
      const client = axios.create({ baseURL: start.origin, adapter: 'fetch', validateStatus: () => true, ...config });
      axiosAuth(client, headerAndQueryAuth());
      const response = await client.get('/hop/0');
      expect(response.status).toBe(302);
      expect(response.headers['location']).toBe('/hop/1');
    }
    expect(start.requests).toHaveLength(2);

    const client = axios.create({ baseURL: start.origin, adapter: 'fetch', maxRedirects: 1 });
    axiosAuth(client, headerAndQueryAuth());
    const error = await caught(client.get('/hop/0'));
    expect(axios.isAxiosError(error)).toBe(true);
    expect(start.requests.slice(2).map((request) => request.url?.split('?')[0])).toEqual(['/hop/0', '/hop/1']);
    expect(target.requests).toHaveLength(0);
    expectNoSecretIn(error);
  });

  it('with the fetch adapter, the retry after a challenge follows redirects as the first attempt would have', async () => {
    let answered = 0;
    const start = await server((request, response) => {
      answered += 1;
      if (answered === 1) response.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      else if (request.url?.startsWith('/start')) response.writeHead(302, { location: '/landing' }).end();
      else response.writeHead(200, { 'content-type': 'text/plain' }).end('landed');
    });
    const auth = rotatingAuth(true);
    const client = axios.create({ baseURL: start.origin, adapter: 'fetch' });
    axiosAuth(client, auth);
    const response = await client.get('/start');
    expect(response.status).toBe(200);
    expect(response.data).toBe('landed');
    expect(start.requests.map((request) => [request.url, request.headers.authorization])).toEqual([
      ['/start', 'Bearer tok-1'],
      ['/start', 'Bearer tok-2'],
      ['/landing', 'Bearer tok-2'],
    ]);
  });
});

describe('axiosAuth: the URL a request goes to', () => {
  // authwire builds the URL itself when there are no params (axios's getUri merges the whole
  // config again); these pin that it is the URL axios requests.
  it('joins baseURL and a relative url as axios does, and puts a query credential on it', async () => {
    const api = await server();
    const client = axios.create({ baseURL: `${api.origin}/v1//` });
    axiosAuth(client, apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' }));
    await client.get('/items?page=2');
    const sent = new URL(api.requests[0]?.url ?? '', api.origin);
    expect(sent.pathname).toBe('/v1/items');
    expect([...sent.searchParams]).toEqual([['page', '2'], ['api_key', queryKey]]);
  });

  it('serializes params as axios does (getUri path) before adding a query credential', async () => {
    const api = await server();
    const client = axios.create({ baseURL: api.origin });
    axiosAuth(client, apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' }));
    await client.get('/items', { params: { q: 'a b', tags: ['x', 'y'] } });
    const sent = new URL(api.requests[0]?.url ?? '', api.origin);
    expect(sent.pathname).toBe('/items');
    expect(sent.searchParams.get('q')).toBe('a b');
    expect(sent.searchParams.getAll('tags[]')).toEqual(['x', 'y']);
    expect(sent.searchParams.get('api_key')).toBe(queryKey);
  });

  it('treats an absolute url on another origin as that origin, and with allowAbsoluteUrls: false as a path under baseURL', async () => {
    const api = await server();
    const other = await server();
    const client = axios.create({ baseURL: `${api.origin}/v1` });
    axiosAuth(client, bearerAuth({ token: bearerToken }));
    await client.get(`${other.origin}/elsewhere`);
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
    // axios 1.8+: the absolute url is appended to baseURL, so the request goes to the base origin, credential and all.
    await client.get(`${other.origin}/elsewhere`, { allowAbsoluteUrls: false });
    expect(other.requests).toHaveLength(1);
    expect(api.requests.map((request) => [request.url, request.headers.authorization])).toEqual([[`/v1/${other.origin}/elsewhere`, `Bearer ${bearerToken}`]]);
  });
});

describe('axiosAuth: the retry after a challenge', () => {
  it('sends the headers as they were made, a `false` ("do not send this default") included', async () => {
    let calls = 0;
    const api = await server((request, response) => {
      calls += 1;
      response.writeHead(calls === 1 ? 401 : 200, { 'content-type': 'application/json' });
      response.end('{}');
    });
    const client = axios.create({ baseURL: api.origin });
    axiosAuth(client, rotatingAuth(true));
    await client.get('/', { headers: { 'User-Agent': false, 'X-Trace': 'kept' } });
    expect(api.requests.map((request) => [request.headers.authorization, request.headers['user-agent'], request.headers['x-trace']])).toEqual([
      ['Bearer tok-1', undefined, 'kept'],
      ['Bearer tok-2', undefined, 'kept'],
    ]);
  });
});
