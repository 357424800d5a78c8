// What the shared conformance suite cannot say about axios: interceptor removal, the caller's own
// beforeRedirect, the shape and redaction of AxiosError, and redirects on one host:port.
import { Agent as HttpAgent, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import axios, { type AxiosRequestConfig } from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { axiosAuth } from '../../adapters/axios.js';
import { apiKeyAuth, bearerAuth, combineAuth, isAuthError, type Authenticator } from '../../src/index.js';
import { startServer, type Handler, type ReceivedRequest, type TestServer } from '../servers/http-server.js';
import { startDualProtocolServer, testCertificate, type DualProtocolServer } from './support/dual-protocol-server.js';
import { basicAndQueryAuth, bearerToken, bodyKey, everyPlacementAuth, expectNoSecretIn, headerKey, queryKey } from './support/secrets.js';

/** A bearer token, an API key header and an API key in the query: what a GET can carry. */
function headerAndQueryAuth(): Authenticator {
  return combineAuth(
    bearerAuth({ token: bearerToken }),
    apiKeyAuth({ key: headerKey, in: 'header', name: 'X-API-Key' }),
    apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' }),
  );
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function server(handler?: Handler): Promise<TestServer> {
  const started = await startServer(handler);
  closers.push(() => started.close());
  return started;
}

function status(code: number, headers: Record<string, string> = {}): (request: ReceivedRequest, response: ServerResponse) => void {
  return (request, response) => {
    response.writeHead(code, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(request));
  };
}

/** Answers 401 to the first `refusals` requests, then echoes. */
function refuseFirst(refusals: number): Handler {
  let seen = 0;
  return (request, response) => status(++seen <= refusals ? 401 : 200)(request, response);
}

/** An authenticator whose token changes on every attempt and whose challenge answers `answer`. */
function rotatingAuth(answer: boolean): Authenticator & { issued: number; challenges: number } {
  const auth = {
    name: 'rotating',
    issued: 0,
    challenges: 0,
    async authenticate(request: { headers: Headers; url: URL }) {
      auth.issued += 1;
      request.headers.set('Authorization', `Bearer tok-${auth.issued}`);
      // Appends: a retry built from the previous attempt's request would carry two.
      request.url.searchParams.append('sig', `s${auth.issued}`);
    },
    async challenge() {
      auth.challenges += 1;
      return answer;
    },
  };
  return auth;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
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

describe('axiosAuth: retry after a refusal', () => {
  it('sends a refused request once more with a fresh credential, from the request as it was made', async () => {
    const api = await server(refuseFirst(1));
    const client = axios.create({ baseURL: api.origin });
    const auth = rotatingAuth(true);
    axiosAuth(client, combineAuth(auth, apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' }), apiKeyAuth({ key: bodyKey, in: 'json', name: 'auth.key' })));
    const response = await client.post('/items', { name: 'x' }, { params: { page: '2' } });
    expect(response.status).toBe(200);
    expect(api.requests).toHaveLength(2);
    const [first, second] = api.requests as [ReceivedRequest, ReceivedRequest];
    expect(first.headers.authorization).toBe('Bearer tok-1');
    expect(second.headers.authorization).toBe('Bearer tok-2');
    for (const request of [first, second]) {
      const url = new URL(request.url, api.origin);
      expect(url.searchParams.getAll('api_key')).toEqual([queryKey]);
      expect(url.searchParams.getAll('page')).toEqual(['2']);
      expect(url.searchParams.getAll('sig')).toEqual([request === first ? 's1' : 's2']);
      expect(JSON.parse(request.body)).toEqual({ name: 'x', auth: { key: bodyKey } });
    }
  });

  it('retries at most once, and the second 401 reaches the caller', async () => {
    const api = await server(status(401));
    const client = axios.create({ baseURL: api.origin });
    const auth = rotatingAuth(true);
    axiosAuth(client, auth);
    const error = await caught(client.get('/'));
    expect(axios.isAxiosError(error) && error.response?.status).toBe(401);
    expect(api.requests).toHaveLength(2);
    expect(auth.challenges).toBe(1);
  });

  it('also retries when validateStatus lets the 401 through as a response', async () => {
    const api = await server(refuseFirst(1));
    const client = axios.create({ baseURL: api.origin, validateStatus: () => true });
    axiosAuth(client, rotatingAuth(true));
    const response = await client.get('/');
    expect(response.status).toBe(200);
    expect(api.requests.map((request) => request.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('never retries a 403, and does not ask the authenticator about it', async () => {
    const api = await server(status(403, { 'www-authenticate': 'Bearer error="insufficient_scope"' }));
    const client = axios.create({ baseURL: api.origin });
    const auth = rotatingAuth(true);
    axiosAuth(client, auth);
    const error = await caught(client.get('/'));
    expect(axios.isAxiosError(error) && error.response?.status).toBe(403);
    expect(api.requests).toHaveLength(1);
    expect(auth.challenges).toBe(0);
  });

  it('does not retry when the authenticator declines', async () => {
    const api = await server(status(401));
    const client = axios.create({ baseURL: api.origin });
    axiosAuth(client, rotatingAuth(false));
    await caught(client.get('/'));
    expect(api.requests).toHaveLength(1);
  });

  it('does not resend a stream body: the 401 surfaces', async () => {
    const api = await server(status(401));
    const client = axios.create({ baseURL: api.origin });
    axiosAuth(client, rotatingAuth(true));
    const error = await caught(client.post('/upload', Readable.from(['chunk-1', 'chunk-2']), { headers: { 'content-type': 'text/plain' } }));
    expect(axios.isAxiosError(error) && error.response?.status).toBe(401);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]?.body).toBe('chunk-1chunk-2');
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
});

describe('axiosAuth: errors', () => {
  const cases: Array<{ name: string; auth: () => Authenticator; config: (origin: string) => AxiosRequestConfig }> = [
    { name: 'every placement', auth: everyPlacementAuth, config: (origin) => ({ url: `${origin}/things`, method: 'POST', data: { a: 1 } }) },
    { name: 'basic + query key', auth: basicAndQueryAuth, config: (origin) => ({ url: `${origin}/things`, method: 'GET' }) },
  ];

  async function failWith(kind: '401' | '500' | 'refused' | 'timeout', auth: Authenticator, config: AxiosRequestConfig): Promise<unknown> {
    const client = axios.create({ timeout: kind === 'timeout' ? 150 : 0 });
    axiosAuth(client, auth);
    return caught(client.request(config));
  }

  for (const { name, auth, config } of cases) {
    for (const kind of ['401', '500', 'refused', 'timeout'] as const) {
      it(`${kind} (${name}): an AxiosError without any credential in JSON.stringify or util.inspect`, async () => {
        let origin: string;
        if (kind === 'refused') {
          const gone = await startServer();
          origin = gone.origin;
          await gone.close();
        } else {
          // The server echoes the request, credentials included, in its error body.
          const api = await server(kind === 'timeout' ? () => {} : status(Number(kind)));
          origin = api.origin;
        }
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

  it('redacts the credentials of two authwire installations on one instance', async () => {
    const api = await server(status(500));
    const client = axios.create({ baseURL: api.origin });
    axiosAuth(client, bearerAuth({ token: bearerToken }));
    axiosAuth(client, apiKeyAuth({ key: headerKey, in: 'header', name: 'X-API-Key' }));
    const error = await caught(client.get('/'));
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${bearerToken}`);
    expect(api.requests[0]?.headers['x-api-key']).toBe(headerKey);
    expectNoSecretIn(error);
  });

  it('keeps the raw request readable by name, only out of sight', async () => {
    const api = await server(status(500));
    const client = axios.create({ baseURL: api.origin });
    axiosAuth(client, bearerAuth({ token: bearerToken }));
    const error = await caught(client.get('/'));
    expect(axios.isAxiosError(error) && error.request).toBeTruthy();
    expect(Object.keys(error as object)).not.toContain('request');
  });

  it('reports a credential bound for plain http to a remote host as ERR_AUTH_INSECURE_URL, before sending', async () => {
    const client = axios.create({ baseURL: 'http://api.example.invalid' });
    axiosAuth(client, bearerAuth({ token: bearerToken }));
    const error = await caught(client.get('/'));
    expect(isAuthError(error, 'ERR_AUTH_INSECURE_URL')).toBe(true);
    expect(JSON.stringify(error)).not.toContain(bearerToken);
  });
});

describe('axiosAuth: origins', () => {
  it('sends no credential to an absolute URL outside the base URL, unless listed in origins', async () => {
    const [base, other] = [await server(), await server()];
    const plain = axios.create({ baseURL: base.origin });
    axiosAuth(plain, everyPlacementAuth());
    await plain.post(`${other.origin}/x`, { a: 1 });
    const listed = axios.create({ baseURL: base.origin });
    axiosAuth(listed, everyPlacementAuth(), { origins: [other.origin] });
    await listed.post(`${other.origin}/y`, { a: 1 });
    const [unlisted, allowed] = other.requests as [ReceivedRequest, ReceivedRequest];
    expect(unlisted.headers.authorization).toBeUndefined();
    expect(unlisted.headers['x-api-key']).toBeUndefined();
    expect(unlisted.url).toBe('/x');
    expect(JSON.parse(unlisted.body)).toEqual({ a: 1 });
    expect(allowed.headers.authorization).toBe(`Bearer ${bearerToken}`);
    expect(allowed.headers['x-api-key']).toBe(headerKey);
  });
});

describe('axiosAuth: redirects', () => {
  const cookieAuth: Authenticator = {
    name: 'cookie',
    authenticate: async (request) => {
      request.headers.set('Cookie', 'session=ck-5e1f0a9b7c');
      request.headers.set('Proxy-Authorization', 'Basic cHJveHk6c2VjcmV0');
    },
  };

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

  it('keeps credentials on a hop to the same origin, query key included', async () => {
    const api = await server((request, response) => {
      if (request.url.startsWith('/old')) response.writeHead(301, { location: '/new' }).end();
      else status(200)(request, response);
    });
    const client = axios.create({ baseURL: api.origin });
    axiosAuth(client, headerAndQueryAuth());
    await client.get('/old');
    const hop = api.requests[1];
    expect(hop?.headers.authorization).toBe(`Bearer ${bearerToken}`);
    expect(hop?.headers['x-api-key']).toBe(headerKey);
    expect(new URL(hop?.url ?? '', api.origin).searchParams.get('api_key')).toBe(queryKey);
  });

  it('strips credentials on https → http of the same host and port', async () => {
    const dual: DualProtocolServer = await startDualProtocolServer((request, response) => {
      if (request.scheme === 'https') response.writeHead(302, { location: `http://127.0.0.1:${dual.port}/plain` }).end();
      else response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    closers.push(() => dual.close());
    const client = axios.create({ httpsAgent: new HttpsAgent({ ca: testCertificate }) });
    axiosAuth(client, combineAuth(bearerAuth({ token: bearerToken }), apiKeyAuth({ key: headerKey, in: 'header', name: 'X-API-Key' })));
    await client.get(`https://127.0.0.1:${dual.port}/secure`);
    expect(dual.requests.map((request) => request.scheme)).toEqual(['https', 'http']);
    expect(dual.requests[0]?.headers.authorization).toBe(`Bearer ${bearerToken}`);
    expect(dual.requests[1]?.headers.authorization).toBeUndefined();
    expect(dual.requests[1]?.headers['x-api-key']).toBeUndefined();
  });

  it('refuses a 307 to another origin that would resend a body holding a credential', async () => {
    const target = await server();
    const start = await server((_request, response) => {
      response.writeHead(307, { location: `${target.origin}/moved` }).end();
    });
    const client = axios.create({ baseURL: start.origin });
    axiosAuth(client, apiKeyAuth({ key: bodyKey, in: 'json', name: 'key' }));
    const error = await caught(client.post('/form', { a: 1 }));
    expect(isAuthError(error, 'ERR_AUTH_REDIRECT_BLOCKED')).toBe(true);
    expect(target.requests).toHaveLength(0);
    expectNoSecretIn(error);
  });

  it('follows a 303 to another origin with a body credential: the GET carries nothing', async () => {
    const target = await server();
    const start = await server((_request, response) => {
      response.writeHead(303, { location: `${target.origin}/done` }).end();
    });
    const client = axios.create({ baseURL: start.origin });
    axiosAuth(client, apiKeyAuth({ key: bodyKey, in: 'json', name: 'key' }));
    await client.post('/form', { a: 1 });
    expect(target.requests[0]?.method).toBe('GET');
    expect(target.requests[0]?.body).toBe('');
  });
});

describe('axiosAuth: concurrency', () => {
  it('authenticates 1,000 concurrent requests', async () => {
    const api = await server();
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
    closers.push(async () => agent.destroy());
    const client = axios.create({ baseURL: api.origin, httpAgent: agent });
    axiosAuth(client, bearerAuth({ token: bearerToken }));
    const responses = await Promise.all(Array.from({ length: 1000 }, (_, index) => client.get(`/n/${index}`)));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(api.requests).toHaveLength(1000);
    expect(api.requests.every((request) => request.headers.authorization === `Bearer ${bearerToken}`)).toBe(true);
  });
});
