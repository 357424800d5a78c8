// authFetch beyond the conformance suite: fetch's own input forms, redirect modes and Response.
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { apiKeyAuth, bearerAuth, isAuthError, type AuthContext, type Authenticator } from '../../src/index.js';
import { echo, startServer, type ReceivedRequest, type TestServer } from '../servers/http-server.js';
import { redirectPath, redirectingEcho } from '../conformance/support.js';

const token = 'tok_fetch_4b8e2a6c';
const key = 'key_fetch_9c3e7a1d';

let main: TestServer;
let other: TestServer;
beforeAll(async () => {
  main = await startServer(redirectingEcho);
  other = await startServer(redirectingEcho);
});
afterAll(async () => {
  await Promise.all([main.close(), other.close()]);
});
beforeEach(() => {
  main.requests.length = 0;
  other.requests.length = 0;
  main.handle(redirectingEcho);
});

const query = (request: ReceivedRequest | undefined): URLSearchParams => new URL(request?.url ?? '/', 'http://x').searchParams;

describe('authFetch input forms', () => {
  it('takes a string, a URL or a Request, and init overrides the Request', async () => {
    const fetchWithAuth = authFetch(bearerAuth({ token }));
    await fetchWithAuth(`${main.origin}/a`);
    await fetchWithAuth(new URL(`${main.origin}/b`));
    await fetchWithAuth(new Request(`${main.origin}/c`, { headers: { 'X-From': 'request' } }));
    await fetchWithAuth(new Request(`${main.origin}/d`, { headers: { 'X-From': 'request' } }), { headers: { 'X-From': 'init' } });
    expect(main.requests.map((request) => [request.url, request.headers.authorization, request.headers['x-from']])).toEqual([
      ['/a', `Bearer ${token}`, undefined],
      ['/b', `Bearer ${token}`, undefined],
      ['/c', `Bearer ${token}`, 'request'],
      ['/d', `Bearer ${token}`, 'init'],
    ]);
  });

  it('headers as a plain object: the caller\'s others are sent, and the credential replaces the caller\'s header whatever its case', async () => {
    await authFetch(bearerAuth({ token }))(`${main.origin}/object`, { headers: { Accept: 'application/json', Authorization: 'Basic stale', 'X-Trace': 't1' } });
    expect(main.requests[0]?.headers).toMatchObject({ accept: 'application/json', authorization: `Bearer ${token}`, 'x-trace': 't1' });
  });

  it('headers as a plain object: a header the authenticator deletes is not sent, one it appends to keeps the caller\'s value first', async () => {
    const auth: Authenticator = {
      name: 'editor',
      authenticate(request) {
        request.headers.delete('x-remove');
        request.headers.append('x-list', 'added');
        request.headers.set('authorization', `Bearer ${token}`);
        return Promise.resolve();
      },
    };
    await authFetch(auth)(`${main.origin}/edit`, { headers: { 'X-Remove': 'gone', 'X-List': 'first', 'X-Kept': 'yes' } });
    expect(main.requests[0]?.headers).not.toHaveProperty('x-remove');
    expect(main.requests[0]?.headers).toMatchObject({ 'x-list': 'first, added', 'x-kept': 'yes', authorization: `Bearer ${token}` });
  });

  it('init.body null keeps the Request\'s body, as fetch does', async () => {
    await authFetch(bearerAuth({ token }))(new Request(`${main.origin}/null-body`, { method: 'POST', body: 'from the request' }), { body: null });
    expect(main.requests[0]).toMatchObject({ method: 'POST', body: 'from the request' });
    expect(main.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('a plain header object changed by the caller after the call does not change what a redirect sends', async () => {
    const headers: Record<string, string> = { 'X-Step': 'original' };
    const pending = authFetch(bearerAuth({ token }))(`${main.origin}/${redirectPath(307, `${main.origin}/after`)}`, { headers });
    headers['X-Step'] = 'changed';
    await pending;
    expect(main.requests.map((request) => request.headers['x-step'])).toEqual(['original', 'original']);
    expect(main.requests[1]?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('reads a Request\'s JSON body so that a JSON placement can merge into it', async () => {
    const fetchWithAuth = authFetch(apiKeyAuth({ key, in: 'json', name: 'auth.key' }));
    const request = new Request(`${main.origin}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect((await fetchWithAuth(request)).status).toBe(200);
    expect(JSON.parse(main.requests[0]!.body)).toEqual({ a: 1, auth: { key } });
  });

  it.each([
    { kind: 'URLSearchParams', body: () => new URLSearchParams({ a: '1' }), expected: `a=1&api_key=${key}`, type: /^application\/x-www-form-urlencoded/ },
    { kind: 'Blob', body: () => new Blob(['a=2'], { type: 'application/x-www-form-urlencoded' }), expected: `a=2&api_key=${key}`, type: /^application\/x-www-form-urlencoded/ },
    { kind: 'ArrayBuffer view with an offset', body: () => new Uint8Array(Buffer.from('xxa=3')).subarray(2), headers: { 'content-type': 'application/x-www-form-urlencoded' }, expected: `a=3&api_key=${key}`, type: /^application\/x-www-form-urlencoded/ },
  ])('a $kind body is read once, merged and sent with its content type', async ({ body, headers, expected, type }) => {
    const fetchWithAuth = authFetch(apiKeyAuth({ key, in: 'form', name: 'api_key' }));
    const init: RequestInit = { method: 'POST', body: body() };
    if (headers !== undefined) init.headers = headers;
    expect((await fetchWithAuth(`${main.origin}/form`, init)).status).toBe(200);
    expect(main.requests[0]?.body).toBe(expected);
    expect(main.requests[0]?.headers['content-type']).toMatch(type);
  });

  it('a string body keeps fetch\'s text/plain content type and its exact bytes', async () => {
    const fetchWithAuth = authFetch(bearerAuth({ token }));
    await fetchWithAuth(`${main.origin}/text`, { method: 'POST', body: '{ "not": "re-serialised" }' });
    expect(main.requests[0]).toMatchObject({ body: '{ "not": "re-serialised" }', headers: { 'content-type': 'text/plain;charset=UTF-8' } });
  });

  it('a FormData body is sent as it is; a form placement cannot go into it', async () => {
    const form = new FormData();
    form.set('field', 'value');
    await authFetch(bearerAuth({ token }))(`${main.origin}/upload`, { method: 'POST', body: form });
    expect(main.requests[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(main.requests[0]?.body).toContain('value');
    const error: unknown = await authFetch(apiKeyAuth({ key, in: 'form', name: 'api_key' }))(`${main.origin}/upload`, { method: 'POST', body: form }).catch((caught: unknown) => caught);
    expect(isAuthError(error, 'ERR_AUTH_BODY_PLACEMENT')).toBe(true);
  });

  it('a GET with a body is a TypeError, as in fetch', async () => {
    await expect(authFetch(bearerAuth({ token }))(`${main.origin}/`, { body: 'x' })).rejects.toThrow(TypeError);
    expect(main.requests).toHaveLength(0);
  });

  it('sends through the fetch it wraps, with the caller\'s signal in the AuthContext', async () => {
    const seen: Array<AbortSignal | undefined> = [];
    const auth: Authenticator = {
      name: 'spy',
      async authenticate(request, context: AuthContext) {
        seen.push(context.signal);
        request.headers.set('Authorization', `Bearer ${token}`);
      },
    };
    const calls: string[] = [];
    const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      calls.push(String(input));
      return fetch(input, init);
    };
    const controller = new AbortController();
    await authFetch(auth, { fetch: wrapped })(`${main.origin}/wrapped`, { signal: controller.signal });
    expect(calls).toEqual([`${main.origin}/wrapped`]);
    expect(seen[0]).toBe(controller.signal);
  });

  it('rejects a bad `origins` entry when it is created', () => {
    expect(() => authFetch(bearerAuth({ token }), { origins: ['not a url'] })).toThrow(/origins\[0\]/);
  });
});

describe('authFetch redirects', () => {
  it('redirect: "manual" returns the redirect response unfollowed', async () => {
    const response = await authFetch(bearerAuth({ token }))(`${main.origin}/${redirectPath(302, `${other.origin}/x`)}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${other.origin}/x`);
    expect(other.requests).toHaveLength(0);
  });

  it('redirect: "error" rejects on a redirect', async () => {
    const error: unknown = await authFetch(bearerAuth({ token }))(`${main.origin}/${redirectPath(301, `${main.origin}/x`)}`, { redirect: 'error' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(main.requests).toHaveLength(1);
  });

  it('gives up after 20 redirects, as fetch does', async () => {
    main.handle((request, response) => {
      const hop = Number(new URL(request.url, 'http://x').searchParams.get('hop') ?? '0');
      response.writeHead(302, { location: `/loop?hop=${hop + 1}` });
      response.end();
    });
    const error: unknown = await authFetch(bearerAuth({ token }))(`${main.origin}/loop`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as TypeError).cause)).toMatch(/redirect count exceeded/);
    expect(main.requests).toHaveLength(21);
    expect(main.requests.every((request) => request.headers.authorization === `Bearer ${token}`)).toBe(true);
  });

  it('a hop to another origin also loses the caller\'s own Authorization, Proxy-Authorization and Cookie', async () => {
    const fetchWithAuth = authFetch(apiKeyAuth({ key, in: 'header', name: 'X-API-Key' }));
    await fetchWithAuth(`${main.origin}/${redirectPath(307, `${other.origin}/landing`)}`, {
      headers: { Authorization: 'Basic own', 'Proxy-Authorization': 'Basic proxy', Cookie: 'session=1', 'X-Kept': 'yes' },
    });
    expect(other.requests[0]?.headers).not.toHaveProperty('authorization');
    expect(other.requests[0]?.headers).not.toHaveProperty('proxy-authorization');
    expect(other.requests[0]?.headers).not.toHaveProperty('cookie');
    expect(other.requests[0]?.headers).not.toHaveProperty('x-api-key');
    expect(other.requests[0]?.headers['x-kept']).toBe('yes');
  });

  it('once a chain has left the origin, coming back to it does not bring the credential back', async () => {
    const back = `${main.origin}/final`;
    await authFetch(bearerAuth({ token }))(`${main.origin}/${redirectPath(302, `${other.origin}/${redirectPath(302, back)}`)}`);
    expect(main.requests.map((request) => [request.url.split('?')[0], request.headers.authorization])).toEqual([
      [`/${redirectPath(302, `${other.origin}/${redirectPath(302, back)}`)}`, `Bearer ${token}`],
      ['/final', undefined],
    ]);
  });

  it.each([
    { to: 'https://sub.api.example.com/next', what: 'a subdomain' },
    { to: 'http://api.example.com/next', what: 'the same host over plain http' },
    { to: 'https://api.example.com:8443/next', what: 'another port' },
  ])('a redirect to $what is another origin (checked against a stub fetch, no network)', async ({ to }) => {
    const sent: Array<{ url: string; authorization: string | null }> = [];
    const stub = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      sent.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
      return sent.length === 1 ? new Response(null, { status: 302, headers: { location: to } }) : new Response('ok');
    };
    const response = await authFetch(bearerAuth({ token }), { fetch: stub })('https://api.example.com/start');
    expect(await response.text()).toBe('ok');
    expect(sent).toEqual([
      { url: 'https://api.example.com/start', authorization: `Bearer ${token}` },
      { url: to, authorization: null },
    ]);
  });

  it('a 301 turns a POST into a GET without body or content type; a 307 keeps both', async () => {
    const fetchWithAuth = authFetch(bearerAuth({ token }));
    await fetchWithAuth(`${main.origin}/${redirectPath(301, `${main.origin}/after-301`)}`, { method: 'POST', body: 'payload', headers: { 'content-type': 'text/plain' } });
    await fetchWithAuth(`${main.origin}/${redirectPath(307, `${main.origin}/after-307`)}`, { method: 'POST', body: 'payload', headers: { 'content-type': 'text/plain' } });
    const landed = main.requests.filter((request) => request.url.startsWith('/after'));
    expect(landed.map((request) => [request.url, request.method, request.body, request.headers['content-type'], request.headers.authorization])).toEqual([
      ['/after-301', 'GET', '', undefined, `Bearer ${token}`],
      ['/after-307', 'POST', 'payload', 'text/plain', `Bearer ${token}`],
    ]);
  });

  it('a stream body cannot follow a 307 (fetch cannot resend it) but follows a 303 as a GET', async () => {
    const fetchWithAuth = authFetch(bearerAuth({ token }));
    const stream = () => new Blob(['streamed']).stream();
    const error: unknown = await fetchWithAuth(`${main.origin}/${redirectPath(307, `${main.origin}/x`)}`, { method: 'POST', body: stream(), duplex: 'half' } as RequestInit).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    const response = await fetchWithAuth(`${main.origin}/${redirectPath(303, `${main.origin}/after-303`)}`, { method: 'POST', body: stream(), duplex: 'half' } as RequestInit);
    expect(response.status).toBe(200);
    expect(main.requests.at(-1)).toMatchObject({ url: '/after-303', method: 'GET' });
  });
});

describe('the Response the caller receives', () => {
  it('never shows a query-string credential in url or util.inspect, and says it was redirected', async () => {
    const fetchWithAuth = authFetch(apiKeyAuth({ key, in: 'query', name: 'api_key' }));
    const response = await fetchWithAuth(`${main.origin}/${redirectPath(302, `${main.origin}/landing?x=1`)}`);
    expect(query(main.requests[1]).get('api_key')).toBe(key);
    expect(response.url).toBe(`${main.origin}/landing?x=1`);
    expect(response.redirected).toBe(true);
    expect(inspect(response, { depth: Infinity })).not.toContain(key);
    expect(JSON.parse(await response.text())).toMatchObject({ url: expect.stringContaining('/landing') });
  });

  it.each([401, 500])('a %i response holds no credential', async (status) => {
    main.handle((_request, response) => {
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end('no');
    });
    const response = await authFetch(apiKeyAuth({ key, in: 'query', name: 'api_key' }))(`${main.origin}/failing?page=1`);
    expect(response.status).toBe(status);
    expect(response.url).toBe(`${main.origin}/failing?page=1`);
    expect(`${JSON.stringify(response)}${inspect(response, { depth: Infinity })}`).not.toContain(key);
  });

  it('a 401 retry starts again from the caller\'s request: the query key appears once', async () => {
    let attempts = 0;
    main.handle((request, response) => {
      attempts += 1;
      if (attempts === 1) {
        response.writeHead(401);
        response.end();
        return;
      }
      return echo(request, response);
    });
    const auth: Authenticator = { ...apiKeyAuth({ key, in: 'query', name: 'api_key' }), challenge: async () => true };
    const response = await authFetch(auth)(`${main.origin}/me?api_key=caller`);
    expect(response.status).toBe(200);
    expect(main.requests.map((request) => query(request).getAll('api_key'))).toEqual([[key], [key]]);
  });

  it('an aborted request rejects with the abort reason and no credential', async () => {
    main.handle(() => undefined); // Never answers.
    const controller = new AbortController();
    const pending = authFetch(bearerAuth({ token }))(`${main.origin}/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error: unknown = await pending.catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('AbortError');
    expect(inspect(error, { depth: Infinity })).not.toContain(token);
  });
});
