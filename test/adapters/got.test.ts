// What the shared conformance suite cannot say about got: got's own retries and redirects,
// the caller's own hooks, and the shape and redaction of got's errors.
import got, { RequestError, type ExtendOptions, type Got, type HTTPError } from 'got';
import { describe, expect, it } from 'vitest';
import { gotAuth } from '../../adapters/got.js';
import { apiKeyAuth, bearerAuth, combineAuth, type AuthContext, type Authenticator } from '../../src/index.js';
import type { Handler } from '../servers/http-server.js';
import { startDualProtocolServer, testCertificate, type DualProtocolServer } from './support/dual-protocol-server.js';
import {
  basicAndQueryAuth, bearerToken, bodyKey, cookieAuth, everyPlacementAuth, expectNoSecretIn, headerAndQueryAuth, headerKey, queryKey,
} from './support/secrets.js';
import { caught, closeAfterEachTest, closeAfterTest, failingOrigin, server, status } from './support/servers.js';

closeAfterEachTest();

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

/** got with authwire, no retries of its own unless asked, and a 1 ms retry delay when asked. */
function client(auth: Authenticator, defaults: ExtendOptions = {}, retries = 0): Got {
  return got.extend(
    { retry: { limit: retries, calculateDelay: ({ computedValue }) => (computedValue > 0 ? 1 : 0) } },
    defaults,
    gotAuth(auth),
  );
}

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
        const origin = await failingOrigin(kind);
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

  it('redacts the credentials of two authenticators combined on one instance', async () => {
    const api = await server(status(500));
    const twice = got.extend({ retry: { limit: 0 } }, gotAuth(combineAuth(bearerAuth({ token: bearerToken }), apiKeyAuth({ key: headerKey, in: 'header', name: 'X-API-Key' }))));
    const error = await caught(twice.get(`${api.origin}/things`));
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${bearerToken}`);
    expect(api.requests[0]?.headers['x-api-key']).toBe(headerKey);
    expectNoSecretIn(error);
  });
});

describe('gotAuth: redirects', () => {
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

  it('strips credentials on https → http of the same host and port (got 14 keeps Authorization there)', async () => {
    const dual: DualProtocolServer = await startDualProtocolServer((request, response) => {
      if (request.scheme === 'https') response.writeHead(302, { location: `http://127.0.0.1:${dual.port}/plain` }).end();
      else response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    closeAfterTest(() => dual.close());
    const api = client(combineAuth(bearerAuth({ token: bearerToken }), apiKeyAuth({ key: headerKey, in: 'header', name: 'X-API-Key' })), {
      https: { certificateAuthority: testCertificate },
    });
    await api.get(`https://127.0.0.1:${dual.port}/secure`);
    expect(dual.requests.map((request) => request.scheme)).toEqual(['https', 'http']);
    expect(dual.requests[0]?.headers.authorization).toBe(`Bearer ${bearerToken}`);
    expect(dual.requests[1]?.headers.authorization).toBeUndefined();
    expect(dual.requests[1]?.headers['x-api-key']).toBeUndefined();
  });
});
