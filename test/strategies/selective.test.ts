import { inspect } from 'node:util';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuthContext, Authenticator, AuthRequest, AuthResponse, ClientTls } from '../../src/authenticator.js';
import { AuthError } from '../../src/errors.js';
import { apiKeyAuth } from '../../src/strategies/api-key.js';
import { bearerAuth } from '../../src/strategies/bearer.js';
import { jwtAuth } from '../../src/strategies/jwt.js';
import { noAuth } from '../../src/strategies/no-auth.js';
import { selectiveAuth } from '../../src/strategies/selective.js';
import { startServer, type TestServer } from '../servers/http-server.js';

function authRequest(url: string): AuthRequest {
  return { method: 'GET', url: new URL(url), headers: new Headers(), body: { type: 'none' } };
}

async function send(auth: Authenticator, url: string): Promise<{ status: number; context: AuthContext }> {
  const request = authRequest(url);
  const context: AuthContext = { attempt: 0 };
  await auth.authenticate(request, context);
  const response = await fetch(request.url, { method: request.method, headers: request.headers });
  await response.arrayBuffer();
  return { status: response.status, context };
}

/** An authenticator that records its calls and answers challenges with `retry`. */
function recording(name: string, retry: boolean, tls?: ClientTls) {
  const challenges: unknown[] = [];
  let closed = 0;
  const auth: Authenticator = {
    name,
    ...(tls === undefined ? {} : { tls }),
    async authenticate(request, context) {
      const credential = `${name}-credential-${request.url.pathname}`;
      request.headers.set('X-Auth', credential);
      context.credential = credential;
    },
    async challenge(_response, _request, context) {
      challenges.push(context.credential);
      return retry;
    },
    async close() {
      closed += 1;
    },
  };
  return { auth, challenges, closed: () => closed };
}

async function rejection(run: () => unknown): Promise<AuthError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    return error as AuthError;
  }
  throw new Error('expected an AuthError');
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('selectiveAuth chosen by a config value (Airbyte selective authenticator)', () => {
  it('uses the option named at config.credentials.auth_type; the server receives only its credential', async () => {
    const config = { credentials: { auth_type: 'api_key', api_key: 'key-123', access_token: 'token-456' } };
    const auth = selectiveAuth({
      select: { config, path: 'credentials.auth_type' },
      options: {
        api_key: apiKeyAuth({ key: config.credentials.api_key, in: 'header', name: 'X-API-Key' }),
        oauth: bearerAuth({ token: config.credentials.access_token }),
        none: noAuth(),
      },
    });
    expect((await send(auth, `${server.origin}/records`)).status).toBe(200);
    const received = server.requests.at(-1);
    expect(received?.headers['x-api-key']).toBe('key-123');
    expect(received?.headers.authorization).toBeUndefined();
    expect(auth.name).toBe('selective(api_key: api-key)');
  });

  it('picks a JWT option and the server verifies it with jose', async () => {
    const secret = 'airbyte-jwt-shared-secret-32bytes!';
    const config = { auth: { type: 'jwt' } };
    const auth = selectiveAuth({
      select: { config, path: 'auth.type' },
      options: { jwt: jwtAuth({ secret, iss: 'connector' }), bearer: bearerAuth({ token: 't' }) },
    });
    await send(auth, `${server.origin}/jwt`);
    const header = server.requests.at(-1)?.headers.authorization ?? '';
    const { payload } = await jwtVerify(header.replace(/^Bearer /, ''), new TextEncoder().encode(secret), { issuer: 'connector' });
    expect(payload.iat).toBeTypeOf('number');
  });

  it('follows numeric segments into arrays', async () => {
    const { auth } = recording('second', false);
    const selective = selectiveAuth({ select: { config: { methods: [{ kind: 'a' }, { kind: 'b' }] }, path: 'methods.1.kind' }, options: { a: noAuth(), b: auth } });
    const request = authRequest('http://127.0.0.1/x');
    await selective.authenticate(request, { attempt: 0 });
    expect(request.headers.get('X-Auth')).toBe('second-credential-/x');
  });

  it('fails at creation with ERR_AUTH_UNKNOWN_OPTION listing the valid names, never echoing the value', async () => {
    const leaked = 'sk_live_this_looks_like_a_secret';
    const error = await rejection(() => selectiveAuth({ select: { config: { credentials: { auth_type: leaked } }, path: 'credentials.auth_type' }, options: { api_key: noAuth(), oauth: noAuth() } }));
    expect(error.code).toBe('ERR_AUTH_UNKNOWN_OPTION');
    expect(error.message).toBe("selective: config.credentials.auth_type matches no option; expected one of 'api_key', 'oauth'");
    expect(error.details).toMatchObject({ field: 'selective.select', options: 'api_key,oauth' });
    expect([error.message, JSON.stringify(error), inspect(error)].join('\n')).not.toContain(leaked);
  });

  it('suggests the option a value nearly matches', async () => {
    const error = await rejection(() => selectiveAuth({ select: { config: { type: 'API-Key' }, path: 'type' }, options: { api_key: noAuth(), oauth: noAuth() } }));
    expect(error.message).toContain("(did you mean 'api_key'?)");
  });

  it('reports a missing value as ERR_AUTH_UNKNOWN_OPTION, and never reads through the prototype', async () => {
    const options = { none: noAuth(), toString: noAuth() };
    for (const path of ['auth.type', '__proto__.toString', 'constructor.name', 'toString']) {
      const error = await rejection(() => selectiveAuth({ select: { config: { auth: {} }, path }, options }));
      expect(error.code).toBe('ERR_AUTH_UNKNOWN_OPTION');
      expect(error.message).toContain('is missing');
    }
  });

  it('rejects a non-string value, a bad path, bad config and bad options with ERR_AUTH_INVALID_CONFIG naming the field', async () => {
    const cases: Array<[() => unknown, string]> = [
      [() => selectiveAuth({ select: { config: { type: 3 }, path: 'type' }, options: { a: noAuth() } }), 'selective.select.path'],
      [() => selectiveAuth({ select: { config: {}, path: 'a..b' }, options: { a: noAuth() } }), 'selective.select.path'],
      [() => selectiveAuth({ select: { config: null as unknown as object, path: 'a' }, options: { a: noAuth() } }), 'selective.select.config'],
      [() => selectiveAuth({ select: 'a' as unknown as (() => string), options: { a: noAuth() } }), 'selective.select'],
      [() => selectiveAuth({ select: () => 'a', options: {} }), 'selective.options'],
      [() => selectiveAuth({ select: () => 'a', options: { a: { name: 'fake' } as unknown as Authenticator } }), 'selective.options.a'],
    ];
    for (const [create, field] of cases) {
      const error = await rejection(create);
      expect(error.code).toBe('ERR_AUTH_INVALID_CONFIG');
      expect(error.details.field).toBe(field);
    }
  });
});

describe('selectiveAuth chosen by a function of the request', () => {
  it('chooses per request', async () => {
    const auth = selectiveAuth({
      select: (request) => (request.url.pathname.startsWith('/uploads') ? 'upload' : 'api'),
      options: { api: bearerAuth({ token: 'api-token' }), upload: apiKeyAuth({ key: 'upload-key', in: 'header', name: 'X-Upload-Key' }) },
    });
    await send(auth, `${server.origin}/uploads/1`);
    await send(auth, `${server.origin}/users/1`);
    const [upload, api] = server.requests.slice(-2);
    expect(upload?.headers['x-upload-key']).toBe('upload-key');
    expect(upload?.headers.authorization).toBeUndefined();
    expect(api?.headers.authorization).toBe('Bearer api-token');
    expect(api?.headers['x-upload-key']).toBeUndefined();
  });

  it('accepts an async selector', async () => {
    const { auth } = recording('b', false);
    const selective = selectiveAuth({ select: async () => 'b', options: { a: noAuth(), b: auth } });
    const request = authRequest('http://127.0.0.1/async');
    await selective.authenticate(request, { attempt: 0 });
    expect(request.headers.get('X-Auth')).toBe('b-credential-/async');
  });

  it('rejects an unknown returned value with ERR_AUTH_UNKNOWN_OPTION listing the valid names', async () => {
    const auth = selectiveAuth({ select: () => 'ftp', options: { api: noAuth(), upload: noAuth() } });
    const error = await rejection(() => auth.authenticate(authRequest('http://127.0.0.1/'), { attempt: 0 }));
    expect(error.code).toBe('ERR_AUTH_UNKNOWN_OPTION');
    expect(error.message).toBe("selective: the value select() returned matches no option; expected one of 'api', 'upload'");
    const notString = selectiveAuth({ select: () => 42 as unknown as string, options: { api: noAuth() } });
    expect((await rejection(() => notString.authenticate(authRequest('http://127.0.0.1/'), { attempt: 0 }))).code).toBe('ERR_AUTH_UNKNOWN_OPTION');
  });

  it('hands a refusal to the option that authenticated that request, with its own credential', async () => {
    const a = recording('a', true);
    const b = recording('b', false);
    const auth = selectiveAuth({ select: (request) => request.url.pathname.slice(1, 2), options: { a: a.auth, b: b.auth } });
    const contextA: AuthContext = { attempt: 0 };
    const contextB: AuthContext = { attempt: 0 };
    const requestA = authRequest('http://127.0.0.1/a');
    const requestB = authRequest('http://127.0.0.1/b');
    await Promise.all([auth.authenticate(requestA, contextA), auth.authenticate(requestB, contextB)]);
    const refused: AuthResponse = { status: 401, headers: new Headers({ 'WWW-Authenticate': 'Bearer' }) };
    expect(await auth.challenge?.(refused, requestB, contextB)).toBe(false);
    expect(await auth.challenge?.(refused, requestA, contextA)).toBe(true);
    expect(a.challenges).toEqual(['a-credential-/a']);
    expect(b.challenges).toEqual(['b-credential-/b']);
    expect(await auth.challenge?.(refused, requestA, { attempt: 0 })).toBe(false);
  });

  it('closes every option once', async () => {
    const a = recording('a', false);
    const b = recording('b', false);
    const auth = selectiveAuth({ select: () => 'a', options: { a: a.auth, b: b.auth, alias: a.auth } });
    await auth.close?.();
    expect([a.closed(), b.closed()]).toEqual([1, 1]);
  });
});

describe('selectiveAuth and tls', () => {
  const tlsA: ClientTls = { cert: 'cert-a', key: 'key-a' };
  const tlsB: ClientTls = { cert: 'cert-b', key: 'key-b' };

  it('exposes the tls of the option a config value chose', () => {
    const options = { a: recording('a', false, tlsA).auth, b: recording('b', false, tlsB).auth };
    expect(selectiveAuth({ select: { config: { t: 'b' }, path: 't' }, options }).tls).toBe(tlsB);
    expect(selectiveAuth({ select: { config: { t: 'none' }, path: 't' }, options: { ...options, none: noAuth() } }).tls).toBeUndefined();
  });

  it('with a function selector, exposes tls only when every option has the same, else fails at creation', async () => {
    const same = selectiveAuth({ select: () => 'a', options: { a: recording('a', false, tlsA).auth, b: recording('b', false, tlsA).auth } });
    expect(same.tls).toBe(tlsA);
    const mixed = await rejection(() => selectiveAuth({ select: () => 'a', options: { a: recording('a', false, tlsA).auth, b: noAuth() } }));
    expect(mixed.code).toBe('ERR_AUTH_INVALID_CONFIG');
    expect(mixed.details.field).toBe('selective.options');
    expect(inspect(mixed)).not.toContain('key-a');
  });

  it('shows no credential of its options in util.inspect', () => {
    const auth = selectiveAuth({ select: () => 'a', options: { a: bearerAuth({ token: 'tok-secret-value' }), b: apiKeyAuth({ key: 'api-secret-value', in: 'header', name: 'X-Key' }) } });
    const shown = inspect(auth, { depth: Infinity, showHidden: true });
    expect(shown).not.toContain('tok-secret-value');
    expect(shown).not.toContain('api-secret-value');
  });
});

describe('selectiveAuth inside other code paths', () => {
  it('forwards the caller context (attempt, signal) to the chosen option', async () => {
    const seen = vi.fn<(context: AuthContext) => void>();
    const spy: Authenticator = { name: 'spy', authenticate: async (_request, context) => seen(context) };
    const controller = new AbortController();
    const auth = selectiveAuth({ select: () => 'spy', options: { spy } });
    await auth.authenticate(authRequest('http://127.0.0.1/'), { attempt: 1, signal: controller.signal });
    expect(seen).toHaveBeenCalledWith(expect.objectContaining({ attempt: 1, signal: controller.signal }));
  });
});
