// The retry rules: a 401 asks the authenticator, which may have the request sent once more with
// a fresh credential, built again from the caller's request; a 403 is never retried; a second 401
// is the answer; a stream is never resent. Where the client throws for 4xx/5xx (all but fetch),
// each rule is checked both with every status let through as a response and with the client's own
// errors (axios: the error interceptor; the caller gets the client's HTTP error).
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { apiKeyAuth, combineAuth, type AuthContext, type Authenticator, type AuthRequest, type AuthResponse } from '../../src/index.js';
import { echo, type Handler, type TestServer } from '../servers/http-server.js';
import { useTestServer } from './server-fixture.js';
import type { DriverClient, DriverRequest } from './driver.js';
import { drivers } from './drivers/index.js';
import { queryOf } from './support.js';

/** Characters that URLs and forms encode. */
const queryKey = 'qry key/+=&5e1a?x';
/** Characters that JSON escapes. */
const bodyKey = 'body-key"\\4c2e';

/** A token authenticator whose challenge rotates the token, as a token manager's refresh would. */
function rotatingAuth(tokens: readonly string[]) {
  let current = 0;
  const challenges: Array<{ status: number; sent: unknown; attempt: number }> = [];
  const auth: Authenticator = {
    name: 'rotating',
    async authenticate(request: AuthRequest, context: AuthContext) {
      const token = tokens[Math.min(current, tokens.length - 1)]!;
      request.headers.set('Authorization', `Bearer ${token}`);
      context.credential = token;
    },
    async challenge(response: AuthResponse, _request: AuthRequest, context: AuthContext) {
      challenges.push({ status: response.status, sent: context.credential, attempt: context.attempt });
      if (context.credential === tokens[current]) current += 1;
      return true;
    },
  };
  return { auth, challenges };
}

/** 401 for every token but `good`. */
const acceptOnly = (good: string): Handler => (request, response) => {
  if (request.headers.authorization === `Bearer ${good}`) return echo(request, response);
  response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"', 'content-type': 'application/json' });
  response.end('{"error":"invalid_token"}');
};

describe.each(drivers)('$name: retry rules', (driver) => {
  let server!: TestServer;
  useTestServer((started) => {
    server = started;
  });

  /** With every status as a response; and, where the client throws for 4xx/5xx, with its own errors. */
  const modes = driver.throwsHttpErrors ? [false, true] : [false];

  /** The status the caller sees: the response's, or that of the client's own HTTP error. */
  async function statusSeen(client: DriverClient, request: DriverRequest, throwHttpErrors: boolean): Promise<number | undefined> {
    if (!throwHttpErrors) return (await client.request(request)).status;
    return driver.httpErrorStatus(await client.error(request));
  }

  it.each(modes)('a 401 asks the authenticator once and the request is sent once more with the new credential (HTTP errors thrown: %s)', async (throwHttpErrors) => {
    server.handle(acceptOnly('new'));
    const { auth, challenges } = rotatingAuth(['old', 'new']);
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    const response = await client.request({ url: 'me', throwHttpErrors });
    expect(response.status).toBe(200);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
    expect(challenges).toEqual([{ status: 401, sent: 'old', attempt: 0 }]);
    client.close();
  });

  it.each(modes)('the retry starts again from the caller\'s request: each credential once, the caller\'s query and body kept (HTTP errors thrown: %s)', async (throwHttpErrors) => {
    server.handle(acceptOnly('new'));
    const { auth } = rotatingAuth(['old', 'new']);
    const attempts: number[] = [];
    // Appends: a retry built from the previous attempt's request would carry two.
    const marker: Authenticator = {
      name: 'attempt-marker',
      async authenticate(request, context) {
        attempts.push(context.attempt);
        request.url.searchParams.append('attempt', String(context.attempt));
      },
    };
    const query = apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' });
    const json = apiKeyAuth({ key: bodyKey, in: 'json', name: 'auth.key' });
    const client = driver.create(combineAuth(auth, marker, query, json), { baseUrl: `${server.origin}/` });
    const response = await client.request({ method: 'POST', url: 'items', query: { page: '2' }, json: { name: 'widget' }, throwHttpErrors });
    client.close();
    expect(response.status).toBe(200);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
    expect(attempts).toEqual([0, 1]);
    for (const [index, request] of server.requests.entries()) {
      expect(queryOf(request).getAll('api_key')).toEqual([queryKey]);
      expect(queryOf(request).getAll('page')).toEqual(['2']);
      expect(queryOf(request).getAll('attempt')).toEqual([String(index)]);
      expect(JSON.parse(request.body)).toEqual({ name: 'widget', auth: { key: bodyKey } });
      expect(Number(request.headers['content-length'])).toBe(Buffer.byteLength(request.body));
    }
  });

  it.each([
    { kind: 'JSON', request: { json: { name: 'widget', n: 1 } }, body: '{"name":"widget","n":1}' },
    { kind: 'form', request: { form: { name: 'widget' } }, body: 'name=widget' },
    { kind: 'raw text', request: { body: 'plain text body', headers: { 'content-type': 'text/plain' } }, body: 'plain text body' },
  ])('the retry after a 401 replays a $kind body', async ({ request, body }) => {
    server.handle(acceptOnly('new'));
    const { auth } = rotatingAuth(['old', 'new']);
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    const response = await client.request({ method: 'POST', url: 'items', ...request });
    expect(response.status).toBe(200);
    expect(server.requests.map((received) => received.body)).toEqual([body, body]);
    client.close();
  });

  it.each(modes)('a 403 is never retried, even with a WWW-Authenticate header (HTTP errors thrown: %s)', async (throwHttpErrors) => {
    server.handle((_request, response) => {
      response.writeHead(403, { 'www-authenticate': 'Bearer error="insufficient_scope"' });
      response.end('forbidden');
    });
    const { auth, challenges } = rotatingAuth(['old', 'new']);
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    expect(await statusSeen(client, { url: 'admin' }, throwHttpErrors)).toBe(403);
    expect(server.requests).toHaveLength(1);
    expect(challenges).toHaveLength(0);
    client.close();
  });

  it.each(modes)('a second 401 is the answer: the request is sent twice, never three times (HTTP errors thrown: %s)', async (throwHttpErrors) => {
    server.handle(acceptOnly('never'));
    const { auth, challenges } = rotatingAuth(['old', 'new', 'newer']);
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    expect(await statusSeen(client, { url: 'me' }, throwHttpErrors)).toBe(401);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
    expect(challenges).toHaveLength(1);
    client.close();
  });

  it.each(modes)('an authenticator that declines the challenge gets the 401 back after one request (HTTP errors thrown: %s)', async (throwHttpErrors) => {
    server.handle(acceptOnly('never'));
    const auth: Authenticator = {
      name: 'declines',
      async authenticate(request) {
        request.headers.set('Authorization', 'Bearer never-good');
      },
      challenge: async () => false,
    };
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    expect(await statusSeen(client, { url: 'me' }, throwHttpErrors)).toBe(401);
    expect(server.requests).toHaveLength(1);
    client.close();
  });

  it.each(modes)('a stream body is never sent twice: the 401 surfaces (HTTP errors thrown: %s)', async (throwHttpErrors) => {
    server.handle(acceptOnly('new'));
    const { auth } = rotatingAuth(['old', 'new']);
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    const request: DriverRequest = {
      method: 'POST',
      url: 'upload',
      headers: { 'content-type': 'application/octet-stream' },
      body: Readable.from([Buffer.from('chunk-1,'), Buffer.from('chunk-2')]),
    };
    expect(await statusSeen(client, request, throwHttpErrors)).toBe(401);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body).toBe('chunk-1,chunk-2');
    client.close();
  });
});
