// What the shared conformance suite cannot say about got: got's own retries and redirects,
// the caller's own hooks, and the shape and redaction of got's errors.
import { Agent as HttpAgent, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import got, { HTTPError, RequestError, type ExtendOptions, type Got } from 'got';
import { afterEach, describe, expect, it } from 'vitest';
import { gotAuth } from '../../adapters/got.js';
import { apiKeyAuth, bearerAuth, combineAuth, isAuthError, type AuthContext, type Authenticator } from '../../src/index.js';
import { startServer, type Handler, type ReceivedRequest, type TestServer } from '../servers/http-server.js';
import { startDualProtocolServer, testCertificate, type DualProtocolServer } from './support/dual-protocol-server.js';
import { basicAndQueryAuth, bearerToken, bodyKey, everyPlacementAuth, expectNoSecretIn, headerKey, queryKey } from './support/secrets.js';

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

/** Answers with `codes` in turn, then 200 (each with a JSON echo of the request). */
function sequence(...codes: number[]): Handler {
  let seen = 0;
  return (request, response) => status(codes[seen++] ?? 200)(request, response);
}

/** An authenticator whose token changes on every attempt; it records each attempt's `context.attempt`. */
function rotatingAuth(answer: boolean): Authenticator & { issued: number; challenges: number; attempts: number[] } {
  const auth = {
    name: 'rotating',
    issued: 0,
    challenges: 0,
    attempts: [] as number[],
    async authenticate(request: { headers: Headers; url: URL }, context: AuthContext) {
      auth.issued += 1;
      auth.attempts.push(context.attempt);
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

/** A bearer token, an API key header and an API key in the query: what a GET can carry. */
function headerAndQueryAuth(): Authenticator {
  return combineAuth(
    bearerAuth({ token: bearerToken }),
    apiKeyAuth({ key: headerKey, in: 'header', name: 'X-API-Key' }),
    apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' }),
  );
}

/** got with authwire, no retries of its own unless asked, and a 1 ms retry delay when asked. */
function client(auth: Authenticator, defaults: ExtendOptions = {}, retries = 0): Got {
  return got.extend(
    { retry: { limit: retries, calculateDelay: ({ computedValue }) => (computedValue > 0 ? 1 : 0) } },
    defaults,
    gotAuth(auth),
  );
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe('gotAuth: retry after a refusal', () => {
  it('sends a refused request once more with a fresh credential, from the request as it was made', async () => {
    const api = await server(sequence(401));
    const auth = rotatingAuth(true);
    const authenticated = combineAuth(auth, apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' }), apiKeyAuth({ key: bodyKey, in: 'json', name: 'auth.key' }));
    const response = await client(authenticated, { prefixUrl: api.origin }).post('items', { json: { name: 'x' }, searchParams: { page: '2' } });
    expect(response.statusCode).toBe(200);
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
      expect(Number(request.headers['content-length'])).toBe(Buffer.byteLength(request.body));
    }
    expect(auth.attempts).toEqual([0, 1]);
  });

  it('retries at most once, and the second 401 reaches the caller as an HTTPError', async () => {
    const api = await server(status(401));
    const auth = rotatingAuth(true);
    const error = await caught(client(auth, { prefixUrl: api.origin }).get(''));
    expect(error).toBeInstanceOf(HTTPError);
    expect((error as HTTPError).response.statusCode).toBe(401);
    expect(api.requests).toHaveLength(2);
    expect(auth.challenges).toBe(1);
  });

  it('never retries a 403, and does not ask the authenticator about it', async () => {
    const api = await server(status(403, { 'www-authenticate': 'Bearer error="insufficient_scope"' }));
    const auth = rotatingAuth(true);
    const error = await caught(client(auth, { prefixUrl: api.origin }).get(''));
    expect((error as HTTPError).response.statusCode).toBe(403);
    expect(api.requests).toHaveLength(1);
    expect(auth.challenges).toBe(0);
  });

  it('does not retry when the authenticator declines', async () => {
    const api = await server(status(401));
    await caught(client(rotatingAuth(false), { prefixUrl: api.origin }).get(''));
    expect(api.requests).toHaveLength(1);
  });

  it('does not resend a stream body: the 401 surfaces', async () => {
    const api = await server(status(401));
    const error = await caught(
      client(rotatingAuth(true), { prefixUrl: api.origin }).post('upload', { body: Readable.from(['chunk-1', 'chunk-2']), headers: { 'content-type': 'text/plain' } }),
    );
    expect((error as HTTPError).response.statusCode).toBe(401);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]?.body).toBe('chunk-1chunk-2');
  });
});

describe("gotAuth: got's own retries", () => {
  it('authenticates each of got’s retries afresh', async () => {
    const api = await server(sequence(503, 503));
    const auth = rotatingAuth(true);
    const authenticated = combineAuth(auth, apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' }), apiKeyAuth({ key: bodyKey, in: 'json', name: 'key' }));
    const response = await client(authenticated, { prefixUrl: api.origin }, 2).put('items/1', { json: { v: 1 } });
    expect(response.statusCode).toBe(200);
    expect(api.requests.map((request) => request.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2', 'Bearer tok-3']);
    expect(api.requests.map((request) => new URL(request.url, api.origin).searchParams.getAll('sig'))).toEqual([['s1'], ['s2'], ['s3']]);
    for (const request of api.requests) {
      expect(new URL(request.url, api.origin).searchParams.getAll('api_key')).toEqual([queryKey]);
      expect(JSON.parse(request.body)).toEqual({ v: 1, key: bodyKey });
    }
    expect(auth.attempts).toEqual([0, 0, 0]);
    expect(auth.challenges).toBe(0);
  });

  it('counts the auth retry apart from got’s retries', async () => {
    const api = await server(sequence(401, 503));
    const auth = rotatingAuth(true);
    const response = await client(auth, { prefixUrl: api.origin }, 2).get('');
    expect(response.statusCode).toBe(200);
    expect(api.requests).toHaveLength(3);
    expect(auth.attempts).toEqual([0, 1, 1]);
    expect(auth.challenges).toBe(1);
  });

  it('sends nothing when got retries a hop that left the origin', async () => {
    const other = await server(status(503));
    const api = await server((_request, response) => {
      response.writeHead(302, { location: `${other.origin}/elsewhere` }).end();
    });
    // No prefixUrl: every origin a request is addressed to may receive credentials.
    const error = await caught(client(headerAndQueryAuth(), {}, 1).get(`${api.origin}/start`));
    expect((error as HTTPError).response.statusCode).toBe(503);
    expect(other.requests).toHaveLength(2);
    for (const request of other.requests) {
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers['x-api-key']).toBeUndefined();
      expect(request.url).toBe('/elsewhere');
    }
  });
});

describe('gotAuth: errors', () => {
  const cases: Array<{ name: string; auth: () => Authenticator; send: (api: Got, origin: string) => Promise<unknown> }> = [
    { name: 'every placement', auth: everyPlacementAuth, send: (api, origin) => api.post(`${origin}/things`, { json: { a: 1 } }) },
    { name: 'basic + query key', auth: basicAndQueryAuth, send: (api, origin) => api.get(`${origin}/things`) },
  ];

  for (const { name, auth, send } of cases) {
    for (const kind of ['401', '500', 'refused', 'timeout'] as const) {
      it(`${kind} (${name}): got's own error without any credential in JSON.stringify or util.inspect`, async () => {
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
        const api = client(auth(), kind === 'timeout' ? { timeout: { request: 150 } } : {});
        const error = await caught(send(api, origin));
        expect(error).toBeInstanceOf(RequestError);
        if (!(error instanceof RequestError)) return;
        if (kind === '401' || kind === '500') expect((error as HTTPError).response.statusCode).toBe(Number(kind));
        if (kind === 'refused') expect(error.code).toBe('ECONNREFUSED');
        if (kind === 'timeout') expect(error.code).toBe('ETIMEDOUT');
        expectNoSecretIn(error);
        expect(String(error.options.url)).toContain('/things');
      });
    }
  }

  it('redacts the credentials of two gotAuth extensions on one instance', async () => {
    const api = await server(status(500));
    const twice = got.extend({ retry: { limit: 0 } }, gotAuth(bearerAuth({ token: bearerToken })), gotAuth(apiKeyAuth({ key: headerKey, in: 'header', name: 'X-API-Key' })));
    const error = await caught(twice.get(`${api.origin}/things`));
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${bearerToken}`);
    expect(api.requests[0]?.headers['x-api-key']).toBe(headerKey);
    expectNoSecretIn(error);
  });

  it('reports a credential bound for plain http to a remote host as ERR_AUTH_INSECURE_URL, before sending', async () => {
    const error = await caught(client(bearerAuth({ token: bearerToken }), { prefixUrl: 'http://api.example.invalid' }).get('x'));
    expect(isAuthError(error, 'ERR_AUTH_INSECURE_URL')).toBe(true);
  });
});

describe('gotAuth: origins', () => {
  it('sends no credential to an absolute URL outside prefixUrl, unless listed in origins', async () => {
    const [base, other] = [await server(), await server()];
    await got.extend({ prefixUrl: base.origin }, gotAuth(everyPlacementAuth())).post(`${other.origin}/x`, { json: { a: 1 } });
    await got.extend({ prefixUrl: base.origin }, gotAuth(everyPlacementAuth(), { origins: [other.origin] })).post(`${other.origin}/y`, { json: { a: 1 } });
    const [unlisted, allowed] = other.requests as [ReceivedRequest, ReceivedRequest];
    expect(unlisted.headers.authorization).toBeUndefined();
    expect(unlisted.headers['x-api-key']).toBeUndefined();
    expect(unlisted.url).toBe('/x');
    expect(JSON.parse(unlisted.body)).toEqual({ a: 1 });
    expect(allowed.headers.authorization).toBe(`Bearer ${bearerToken}`);
    expect(allowed.headers['x-api-key']).toBe(headerKey);
  });
});

describe('gotAuth: redirects', () => {
  const cookieAuth: Authenticator = {
    name: 'cookie',
    authenticate: async (request) => {
      request.headers.set('Cookie', 'session=ck-5e1f0a9b7c');
      request.headers.set('Proxy-Authorization', 'Basic cHJveHk6c2VjcmV0');
    },
  };

  for (const order of ['before', 'after'] as const) {
    it(`strips every credential on a hop to another port; the caller’s beforeRedirect (${order} authwire’s) still runs`, async () => {
      const target = await server();
      const start = await server((_request, response) => {
        response.writeHead(302, { location: `${target.origin}/landing?api_key=${encodeURIComponent(queryKey)}&keep=1` }).end();
      });
      const seen: string[] = [];
      const own: ExtendOptions = { hooks: { beforeRedirect: [(options) => void seen.push(String(options.url))] } };
      const auth = gotAuth(combineAuth(headerAndQueryAuth(), cookieAuth));
      const api = order === 'before' ? got.extend(own, auth) : got.extend(auth, own);
      await api.get(`${start.origin}/start`);
      expect(start.requests[0]?.headers.authorization).toBe(`Bearer ${bearerToken}`);
      expect(start.requests[0]?.headers.cookie).toBe('session=ck-5e1f0a9b7c');
      const landed = target.requests[0];
      expect(landed?.url).toBe('/landing?keep=1');
      for (const name of ['authorization', 'proxy-authorization', 'cookie', 'x-api-key']) expect(landed?.headers[name]).toBeUndefined();
      expect(seen).toHaveLength(1);
    });
  }

  it('keeps credentials on a hop to the same origin, query key included', async () => {
    const api = await server((request, response) => {
      if (request.url.startsWith('/old')) response.writeHead(301, { location: '/new' }).end();
      else status(200)(request, response);
    });
    await client(headerAndQueryAuth(), { prefixUrl: api.origin }).get('old');
    const hop = api.requests[1];
    expect(hop?.headers.authorization).toBe(`Bearer ${bearerToken}`);
    expect(hop?.headers['x-api-key']).toBe(headerKey);
    expect(new URL(hop?.url ?? '', api.origin).searchParams.getAll('api_key')).toEqual([queryKey]);
  });

  it('strips credentials on https → http of the same host and port (got 14 keeps Authorization there)', async () => {
    const dual: DualProtocolServer = await startDualProtocolServer((request, response) => {
      if (request.scheme === 'https') response.writeHead(302, { location: `http://127.0.0.1:${dual.port}/plain` }).end();
      else response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    closers.push(() => dual.close());
    const api = client(combineAuth(bearerAuth({ token: bearerToken }), apiKeyAuth({ key: headerKey, in: 'header', name: 'X-API-Key' })), {
      https: { certificateAuthority: testCertificate },
    });
    await api.get(`https://127.0.0.1:${dual.port}/secure`);
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
    const error = await caught(client(apiKeyAuth({ key: bodyKey, in: 'json', name: 'key' }), { prefixUrl: start.origin }).post('form', { json: { a: 1 } }));
    expect(isAuthError(error, 'ERR_AUTH_REDIRECT_BLOCKED')).toBe(true);
    expect(target.requests).toHaveLength(0);
    expectNoSecretIn(error);
  });

  it('follows a 303 to another origin with a body credential: the GET carries nothing', async () => {
    const target = await server();
    const start = await server((_request, response) => {
      response.writeHead(303, { location: `${target.origin}/done` }).end();
    });
    await client(apiKeyAuth({ key: bodyKey, in: 'json', name: 'key' }), { prefixUrl: start.origin }).post('form', { json: { a: 1 } });
    expect(target.requests[0]?.method).toBe('GET');
    expect(target.requests[0]?.body).toBe('');
  });
});

describe('gotAuth: concurrency', () => {
  it('authenticates 1,000 concurrent requests', async () => {
    const api = await server();
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
    closers.push(async () => agent.destroy());
    const authed = client(bearerAuth({ token: bearerToken }), { prefixUrl: api.origin, agent: { http: agent } });
    const responses = await Promise.all(Array.from({ length: 1000 }, (_, index) => authed.get(`n/${index}`)));
    expect(responses.every((response) => response.statusCode === 200)).toBe(true);
    expect(api.requests).toHaveLength(1000);
    expect(api.requests.every((request) => request.headers.authorization === `Bearer ${bearerToken}`)).toBe(true);
  });
});
