import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { apiKeyAuth, basicAuth, bearerAuth, combineAuth, noAuth, type Authenticator } from '../../src/index.js';
import { authRequest } from '../core/request.js';

async function run(auth: Authenticator, request = authRequest()) {
  await auth.authenticate(request, { attempt: 0 });
  return request;
}

describe('noAuth', () => {
  it('adds nothing', async () => {
    const request = await run(noAuth());
    expect([...request.headers]).toEqual([]);
    expect(request.url.search).toBe('');
  });
});

describe('basicAuth', () => {
  it('encodes UTF-8 credentials, colons in the password included (RFC 7617)', async () => {
    const request = await run(basicAuth({ username: 'Aladdin', password: 'open:sésame' }));
    const encoded = request.headers.get('authorization')?.replace(/^Basic /, '') ?? '';
    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe('Aladdin:open:sésame');
  });

  it('allows an empty password', async () => {
    const request = await run(basicAuth({ username: 'key_only', password: '' }));
    expect(request.headers.get('authorization')).toBe(`Basic ${Buffer.from('key_only:').toString('base64')}`);
  });

  it('rejects a colon in the user name, naming the field', () => {
    expect(() => basicAuth({ username: 'a:b', password: 'x' })).toThrow(/basic\.username/);
  });
});

describe('bearerAuth', () => {
  it.each([
    [undefined, 'Bearer tok'],
    ['JWT', 'JWT tok'],
    ['Token', 'Token tok'],
    ['', 'tok'],
  ])('prefix %j gives %j', async (prefix, expected) => {
    const auth = bearerAuth(prefix === undefined ? { token: 'tok' } : { token: 'tok', prefix });
    expect((await run(auth)).headers.get('authorization')).toBe(expected);
  });

  it('asks a sync or async callback on every attempt', async () => {
    let n = 0;
    const auth = bearerAuth({ getToken: async () => `t${++n}` });
    expect((await run(auth)).headers.get('authorization')).toBe('Bearer t1');
    expect((await run(auth)).headers.get('authorization')).toBe('Bearer t2');
    expect((await run(bearerAuth({ getToken: () => 'sync' }))).headers.get('authorization')).toBe('Bearer sync');
  });

  it('fails clearly when the callback returns no token', async () => {
    await expect(run(bearerAuth({ getToken: () => '' }))).rejects.toMatchObject({ code: 'ERR_AUTH_INVALID_CONFIG' });
  });

  it('needs exactly one of token and getToken', () => {
    expect(() => bearerAuth({} as never)).toThrow(/bearer: expected exactly one of token and getToken/);
    expect(() => bearerAuth({ token: 'a', getToken: () => 'b' } as never)).toThrow(/exactly one/);
  });

  it('refuses a prefix together with a placement, naming the field', () => {
    expect(() => bearerAuth({ token: 't', prefix: 'JWT', placement: { in: 'query', name: 'access_token' } })).toThrow(/bearer\.prefix/);
  });

  it('keeps the token out of util.inspect and JSON', () => {
    const auth = bearerAuth({ token: 'very-secret-token' });
    expect(inspect(auth, { depth: Infinity, showHidden: true })).not.toContain('very-secret-token');
    expect(JSON.stringify(auth)).not.toContain('very-secret-token');
  });
});

describe('apiKeyAuth', () => {
  it('puts the key in a header with an optional prefix', async () => {
    const request = await run(apiKeyAuth({ key: 'k', in: 'header', name: 'Authorization', prefix: 'Token' }));
    expect(request.headers.get('authorization')).toBe('Token k');
  });

  it('puts the key in the query, form and JSON', async () => {
    expect((await run(apiKeyAuth({ key: 'k', in: 'query', name: 'api_key' }))).url.searchParams.get('api_key')).toBe('k');
    const form = await run(apiKeyAuth({ key: 'k', in: 'form', name: 'key' }), authRequest(undefined, { method: 'POST' }));
    expect(form.body.type === 'form' && form.body.value.get('key')).toBe('k');
    const json = await run(apiKeyAuth({ key: 'k', in: 'json', name: 'a.b' }), authRequest(undefined, { method: 'PUT', body: { type: 'json', value: { x: 1 } } }));
    expect(json.body).toEqual({ type: 'json', value: { x: 1, a: { b: 'k' } } });
  });

  it('rejects a missing name and a prefix outside headers, naming the field', () => {
    expect(() => apiKeyAuth({ key: 'k', in: 'header' } as never)).toThrow(/apiKey\.name: expected a non-empty string/);
    expect(() => apiKeyAuth({ key: 'k', in: 'query', name: 'a', prefix: 'x' } as never)).toThrow(/apiKey\.prefix/);
    expect(() => apiKeyAuth({ key: '', in: 'query', name: 'a' })).toThrow(/apiKey\.key/);
  });
});

describe('combineAuth', () => {
  it('applies every authenticator in order', async () => {
    const request = await run(combineAuth(bearerAuth({ token: 't' }), apiKeyAuth({ key: 'sig', in: 'header', name: 'X-Signature' })));
    expect(request.headers.get('authorization')).toBe('Bearer t');
    expect(request.headers.get('x-signature')).toBe('sig');
  });

  it('offers a refusal to each member with its own credential and retries when one asks', async () => {
    const seen: unknown[] = [];
    const member = (name: string, answer: boolean): Authenticator => ({
      name,
      authenticate: async (_request, context) => {
        context.credential = `${name}-cred`;
      },
      challenge: async (_response, _request, context) => {
        seen.push(context.credential);
        return answer;
      },
    });
    const auth = combineAuth(member('a', false), member('b', true), noAuth());
    const request = authRequest();
    const context = { attempt: 0 };
    await auth.authenticate(request, context);
    const retry = await auth.challenge?.({ status: 401, headers: new Headers() }, request, context);
    expect(retry).toBe(true);
    expect(seen).toEqual(['a-cred', 'b-cred']);
  });

  it('needs at least one authenticator', () => {
    expect(() => combineAuth()).toThrow(/combine: expected at least one authenticator/);
  });
});
