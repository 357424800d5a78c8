// The retry rules: a 401 asks the authenticator, which may have the request sent once more with
// a fresh credential; a 403 is never retried; a second 401 is the answer; a stream is never resent.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuthContext, Authenticator, AuthRequest, AuthResponse } from '../../src/index.js';
import { echo, startServer, type Handler, type TestServer } from '../servers/http-server.js';
import { drivers } from './drivers/index.js';

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
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('a 401 asks the authenticator once and the request is sent once more with the new credential', async () => {
    server.handle(acceptOnly('new'));
    const { auth, challenges } = rotatingAuth(['old', 'new']);
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    const response = await client.request({ url: 'me' });
    expect(response.status).toBe(200);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
    expect(challenges).toEqual([{ status: 401, sent: 'old', attempt: 0 }]);
    client.close();
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

  it('a 403 is never retried, even with a WWW-Authenticate header', async () => {
    server.handle((_request, response) => {
      response.writeHead(403, { 'www-authenticate': 'Bearer error="insufficient_scope"' });
      response.end('forbidden');
    });
    const { auth, challenges } = rotatingAuth(['old', 'new']);
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    const response = await client.request({ url: 'admin' });
    expect(response.status).toBe(403);
    expect(server.requests).toHaveLength(1);
    expect(challenges).toHaveLength(0);
    client.close();
  });

  it('a second 401 is the answer: the request is sent twice, never three times', async () => {
    server.handle(acceptOnly('never'));
    const { auth, challenges } = rotatingAuth(['old', 'new', 'newer']);
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    const response = await client.request({ url: 'me' });
    expect(response.status).toBe(401);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
    expect(challenges).toHaveLength(1);
    client.close();
  });

  it('an authenticator that declines the challenge gets the 401 back after one request', async () => {
    server.handle(acceptOnly('never'));
    const auth: Authenticator = {
      name: 'declines',
      async authenticate(request) {
        request.headers.set('Authorization', 'Bearer never-good');
      },
      challenge: async () => false,
    };
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    expect((await client.request({ url: 'me' })).status).toBe(401);
    expect(server.requests).toHaveLength(1);
    client.close();
  });

  it('a stream body is never sent twice: the 401 surfaces', async () => {
    server.handle(acceptOnly('new'));
    const { auth } = rotatingAuth(['old', 'new']);
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    const response = await client.request({
      method: 'POST',
      url: 'upload',
      headers: { 'content-type': 'application/octet-stream' },
      body: Readable.from([Buffer.from('chunk-1,'), Buffer.from('chunk-2')]),
    });
    expect(response.status).toBe(401);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body).toBe('chunk-1,chunk-2');
    client.close();
  });
});
