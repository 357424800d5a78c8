import fc from 'fast-check';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isSendableHeaderValue } from '../../src/adapter-kit/header-value.js';
import { apiKeyAuth, bearerAuth, type Authenticator } from '../../src/index.js';
import { authenticateOutgoing, createOriginPolicy, parseBody, redactSecrets, redirectKeepsBody, headersFromRecord, serializeBody, shouldChallenge, type OutgoingRequest } from '../../src/entries/adapter-kit.js';

const get = (url: string, headers: Record<string, string> = {}): OutgoingRequest & { readonly url: URL; readonly headers: Headers } => ({ method: 'get', url: new URL(url), headers: new Headers(headers), body: { type: 'none' } });

describe('origin policy', () => {
  it('without a base URL or list, lets every first hop receive credentials', () => {
    expect(createOriginPolicy().mayReceive(new URL('https://anything.example/'))).toBe(true);
  });

  it('with a base URL, allows only its origin and listed ones; subdomains and ports are other origins', () => {
    const policy = createOriginPolicy({ origins: ['https://files.example.com'] }, 'https://api.example.com/v1/');
    expect(policy.mayReceive(new URL('https://api.example.com/other'))).toBe(true);
    expect(policy.mayReceive(new URL('https://files.example.com/x'))).toBe(true);
    expect(policy.mayReceive(new URL('https://eu.api.example.com/'))).toBe(false);
    expect(policy.mayReceive(new URL('https://api.example.com:8443/'))).toBe(false);
    expect(policy.mayReceive(new URL('http://api.example.com/'))).toBe(false);
  });

  it('refuses plain http except loopback unless allowed', () => {
    const policy = createOriginPolicy();
    expect(() => policy.assertSecure(new URL('http://api.example.com/'))).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INSECURE_URL' }));
    for (const url of ['http://127.0.0.1:1/', 'http://localhost/', 'http://[::1]:8080/']) expect(() => policy.assertSecure(new URL(url))).not.toThrow();
    expect(() => createOriginPolicy({ allowInsecureHttp: true }).assertSecure(new URL('http://10.0.0.1/'))).not.toThrow();
  });

  it('names a bad origin entry', () => {
    expect(() => createOriginPolicy({ origins: ['not a url'] })).toThrow(/origins\[0\]: expected an absolute URL/);
  });
});

describe('authenticateOutgoing', () => {
  it('reports the credential headers and secrets and leaves the caller request untouched', async () => {
    const request = get('https://api.example.com/x', { accept: 'application/json' });
    const result = await authenticateOutgoing(bearerAuth({ token: 'tok-123456' }), request, { attempt: 0 }, createOriginPolicy());
    expect(result.applied).toBe(true);
    expect(result.headers.get('authorization')).toBe('Bearer tok-123456');
    expect(result.headers.get('accept')).toBe('application/json');
    expect(result.credentialHeaders).toEqual(['authorization']);
    expect(result.secrets).toEqual(expect.arrayContaining(['Bearer tok-123456', 'tok-123456']));
    expect(request.headers.has('authorization')).toBe(false);
  });

  it('reports query credentials', async () => {
    const result = await authenticateOutgoing(apiKeyAuth({ key: 'key-abcdef', in: 'query', name: 'k' }), get('https://api.example.com/x?a=1'), { attempt: 0 }, createOriginPolicy());
    expect(result.credentialQuery).toEqual(['k']);
    expect(result.url.toString()).toBe('https://api.example.com/x?a=1&k=key-abcdef');
    expect(result.secrets).toContain('key-abcdef');
  });

  it('adds nothing for an origin that may not receive credentials', async () => {
    let called = false;
    const result = await authenticateOutgoing(
      { name: 'spy', authenticate: async () => { called = true; } },
      get('https://other.example.net/'), { attempt: 0 }, createOriginPolicy({}, 'https://api.example.com'),
    );
    expect(result.applied).toBe(false);
    expect(called).toBe(false);
  });

  it('throws ERR_AUTH_INSECURE_URL only when a credential would go over plain http', async () => {
    await expect(authenticateOutgoing(bearerAuth({ token: 'tok-123456' }), get('http://api.example.com/'), { attempt: 0 }, createOriginPolicy()))
      .rejects.toMatchObject({ code: 'ERR_AUTH_INSECURE_URL' });
    const none = await authenticateOutgoing({ name: 'none', authenticate: async () => {} }, get('http://api.example.com/'), { attempt: 0 }, createOriginPolicy());
    expect(none.applied).toBe(true);
  });

  it('reports body credentials', async () => {
    const request: OutgoingRequest = { method: 'POST', url: new URL('https://api.example.com/'), headers: new Headers(), body: { type: 'json', value: { a: 'keep' } } };
    const result = await authenticateOutgoing(apiKeyAuth({ key: 'json-key-1', in: 'json', name: 'auth.key' }), request, { attempt: 0 }, createOriginPolicy());
    expect(result.bodyChanged).toBe(true);
    expect(result.secrets).toEqual(['json-key-1']);
    expect(request.body).toEqual({ type: 'json', value: { a: 'keep' } });
  });
});

describe('bodies', () => {
  it('parses JSON and form bodies by content type and serializes them back', () => {
    const json = parseBody('{"a":1}', 'application/json; charset=utf-8');
    expect(json).toEqual({ type: 'json', value: { a: 1 }, text: '{"a":1}' });
    expect(serializeBody(json)).toEqual({ data: '{"a":1}', contentType: 'application/json' });
    const form = parseBody(Buffer.from('a=1&b=2'), 'application/x-www-form-urlencoded');
    expect(serializeBody(form).data).toBe('a=1&b=2');
    expect(parseBody('not json', 'application/json').type).toBe('bytes');
    expect(parseBody(undefined, null)).toEqual({ type: 'none' });
  });
});

describe('retry rules', () => {
  it('challenges on 401 and WWW-Authenticate, never on 403', () => {
    expect(shouldChallenge(401, new Headers())).toBe(true);
    expect(shouldChallenge(403, new Headers({ 'www-authenticate': 'Bearer error="insufficient_scope"' }))).toBe(false);
    expect(shouldChallenge(400, new Headers({ 'www-authenticate': 'Bearer error="invalid_token"' }))).toBe(true);
    expect(shouldChallenge(200, new Headers())).toBe(false);
  });

  it('knows which redirects re-send the body', () => {
    expect(redirectKeepsBody(307, 'POST')).toBe(true);
    expect(redirectKeepsBody(308, 'PUT')).toBe(true);
    expect(redirectKeepsBody(303, 'POST')).toBe(false);
    expect(redirectKeepsBody(302, 'POST')).toBe(false);
    expect(redirectKeepsBody(302, 'PUT')).toBe(true);
  });
});

describe('redactSecrets', () => {
  it('removes secrets from nested strings, Headers and Maps, and hides raw objects', () => {
    const error = Object.assign(new Error('failed with Bearer tok-123456'), {
      config: { headers: { Authorization: 'Bearer tok-123456', 'X-Key': 'key-abcdef' }, url: 'https://a/?k=key-abcdef' },
      headers: new Headers({ cookie: 'sid=1', 'x-other': 'has key-abcdef inside' }),
      map: new Map([['k', 'key-abcdef']]),
      request: { _header: 'GET / HTTP/1.1\r\nAuthorization: Bearer tok-123456' },
    });
    (error as unknown as { self: unknown }).self = error;
    redactSecrets(error, ['Bearer tok-123456', 'tok-123456', 'key-abcdef'], { hide: ['request'] });
    const shown = inspect(error, { depth: Infinity }) + JSON.stringify(error, (key, value: unknown) => (key === 'self' ? undefined : value));
    expect(shown).not.toMatch(/tok-123456|key-abcdef|sid=1/);
    expect(error.message).toBe('failed with [REDACTED]');
    expect(error.request._header).toContain('tok-123456'); // still readable by name, just not shown
  });
});

describe('authenticateOutgoing: what a client already holds', () => {
  const policy = createOriginPolicy();

  it('takes a URL string and a Node-style header object, and leaves the object as it was', async () => {
    const record = { Accept: 'application/json', 'X-Count': 2, Cookie: ['a=1', 'b=2'], 'X-Skip': undefined, 'X-Off': false, 'bad name': 'x' };
    const before = structuredClone(record);
    const result = await authenticateOutgoing(bearerAuth({ token: 'tok-123456' }), { method: 'get', url: 'https://api.example.com/x', headers: record, body: { type: 'none' } }, { attempt: 0 }, policy);
    expect([...result.headers]).toEqual([
      ['accept', 'application/json'], ['authorization', 'Bearer tok-123456'], ['cookie', 'a=1; b=2'], ['x-count', '2'],
    ]);
    expect(result.url.href).toBe('https://api.example.com/x');
    expect(result.changedHeaders).toEqual(['authorization']);
    expect(record).toEqual(before);
  });

  it('reports changed, credential and removed headers apart; a header set to its old value is no change', async () => {
    const auth: Authenticator = {
      name: 'mixed',
      async authenticate(request) {
        request.headers.set('Accept', 'application/json'); // same value as before
        request.headers.delete('X-Remove');
        request.headers.append('X-Key', 'key-abcdef');
        request.headers.set('Cache-Control', 'no-store');
        request.headers.set('X-Temporary', 'gone-again');
        request.headers.delete('X-Temporary');
      },
    };
    const result = await authenticateOutgoing(auth, get('https://api.example.com/', { accept: 'application/json', 'x-remove': 'old' }), { attempt: 0 }, policy);
    expect(result.changedHeaders).toEqual(['x-key', 'cache-control']);
    expect(result.credentialHeaders).toEqual(['x-key']);
    expect(result.removedHeaders).toEqual(['x-remove']);
    expect(result.secrets).toEqual(['key-abcdef']);
  });

  it('leaves the caller’s URL object alone when the authenticator adds a query credential', async () => {
    const request = get('https://api.example.com/x?a=1');
    const result = await authenticateOutgoing(apiKeyAuth({ key: 'key-abcdef', in: 'query', name: 'k' }), request, { attempt: 0 }, policy);
    expect(result.urlChanged).toBe(true);
    expect(result.url.href).toBe('https://api.example.com/x?a=1&k=key-abcdef');
    expect(request.url.href).toBe('https://api.example.com/x?a=1');
    expect(result.changedHeaders).toEqual(['cache-control']);
  });

  it('neither copies nor compares a body the authenticator never reads', async () => {
    const value = { big: 'x'.repeat(1_000) };
    const request: OutgoingRequest = { method: 'POST', url: 'https://api.example.com/', headers: {}, body: { type: 'json', value } };
    const result = await authenticateOutgoing(bearerAuth({ token: 'tok-123456' }), request, { attempt: 0 }, policy);
    expect(result.body).toBe(request.body);
    expect(result.bodyChanged).toBe(false);
    expect(result.urlChanged).toBe(false);
  });

  it('gives an authenticator that edits the body in place a copy, and reports the change', async () => {
    const value = { a: 'keep', auth: {} };
    const auth: Authenticator = {
      name: 'in-place',
      async authenticate(request) {
        if (request.body.type === 'json') (request.body.value as { auth: Record<string, string> }).auth.key = 'body-key-1';
      },
    };
    const result = await authenticateOutgoing(auth, { method: 'POST', url: 'https://api.example.com/', headers: {}, body: { type: 'json', value } }, { attempt: 0 }, policy);
    expect(result.bodyChanged).toBe(true);
    expect(result.body).toEqual({ type: 'json', value: { a: 'keep', auth: { key: 'body-key-1' } } });
    expect(value).toEqual({ a: 'keep', auth: {} });
    expect(result.secrets).toEqual(['body-key-1']);
  });
});

describe('authenticateOutgoing: the headers an authenticator is given', () => {
  const policy = createOriginPolicy();
  const record = { Accept: 'application/json', 'X-Count': 2, Cookie: ['a=1', 'b=2'], 'X-Skip': undefined, 'x-dup': 'one', 'X-Dup': ' two ', 'X-Bad': 'a\nb' };

  /** Runs `look` inside an authenticator that sets a bearer header first, and returns what it saw. */
  async function seen<T>(headers: Headers | Record<string, unknown>, look: (headers: Headers) => T): Promise<{ value: T; result: Awaited<ReturnType<typeof authenticateOutgoing>> }> {
    let value: T | undefined;
    const auth: Authenticator = {
      name: 'reader',
      async authenticate(request) {
        request.headers.set('Authorization', 'Bearer tok-123456');
        value = look(request.headers);
      },
    };
    const result = await authenticateOutgoing(auth, { method: 'GET', url: 'https://api.example.com/', headers, body: { type: 'none' } }, { attempt: 0 }, policy);
    return { value: value as T, result };
  }

  it('reads every header of a Node-style object by name, as a copy into Headers would', async () => {
    const { value } = await seen(record, (headers) => ({
      accept: headers.get('ACCEPT'), count: headers.has('x-count'), cookie: headers.get('cookie'), skip: headers.has('x-skip'),
      dup: headers.get('x-dup'), bad: headers.get('x-bad'), authorization: headers.get('authorization'), missing: headers.get('x-missing'),
    }));
    expect(value).toEqual({ accept: 'application/json', count: true, cookie: 'a=1; b=2', skip: false, dup: 'two', bad: null, authorization: 'Bearer tok-123456', missing: null });
    expect(value).toEqual({ ...value, ...Object.fromEntries(['accept', 'cookie', 'x-dup'].map((name) => [name === 'x-dup' ? 'dup' : name, headersFromRecord(record).get(name)])) });
  });

  it('lists every header when iterated, with the authenticator’s changes, and refuses a bad name as Headers does', async () => {
    const { value, result } = await seen(record, (headers) => [...headers]);
    const expected = [['accept', 'application/json'], ['authorization', 'Bearer tok-123456'], ['cookie', 'a=1; b=2'], ['x-count', '2'], ['x-dup', 'two']];
    expect(value).toEqual(expected);
    expect([...result.headers]).toEqual(expected);
    await expect(seen(record, (headers) => headers.get('bad name'))).rejects.toThrow(TypeError);
  });

  it('appends after the values the client already has, and deletes what the client had', async () => {
    const auth: Authenticator = {
      name: 'cookie-and-delete',
      async authenticate(request) {
        request.headers.append('Cookie', 'session=s-123456');
        request.headers.delete('X-Count');
      },
    };
    const result = await authenticateOutgoing(auth, { method: 'GET', url: 'https://api.example.com/', headers: record, body: { type: 'none' } }, { attempt: 0 }, policy);
    expect(result.headers.get('cookie')).toBe('a=1; b=2; session=s-123456');
    expect(result.headers.has('x-count')).toBe(false);
    expect(result.changedHeaders).toEqual(['cookie']);
    expect(result.removedHeaders).toEqual(['x-count']);
    expect(Object.fromEntries(result.headers)).toEqual({ accept: 'application/json', cookie: 'a=1; b=2; session=s-123456', 'x-dup': 'two' });
  });

  it('reads through to WHATWG Headers too, and shows every header to util.inspect', async () => {
    const source = new Headers({ accept: 'text/plain', 'x-trace': 't-1' });
    const { value, result } = await seen(source, (headers) => ({ accept: headers.get('accept'), keys: [...headers.keys()] }));
    expect(value).toEqual({ accept: 'text/plain', keys: ['accept', 'authorization', 'x-trace'] });
    expect(inspect(result.headers)).toContain("'x-trace': 't-1'");
    expect([...source.keys()]).toEqual(['accept', 'x-trace']);
  });

  it('behaves as WHATWG Headers for a Node-style object: the same values and refusals, without showing a refused value', async () => {
    const calls: ((headers: Headers) => unknown)[] = [
      (headers) => headers.set('X-Pad', ' \t padded \r\n'),
      (headers) => headers.set('bad name', 'v'),
      (headers) => headers.set('X-Line', 'secret-value\nInjected: 1'),
      (headers) => headers.set('X-Wide', 'secret-value-\u0100'),
      (headers) => headers.set('X-Latin', 'caf\u00e9'),
      (headers) => headers.delete('Accept'),
      (headers) => headers.append('bad name', 'v'),
    ];
    for (const call of calls) {
      const plain = headersFromRecord(record);
      const plainOutcome = attempt(() => call(plain));
      const { value: viewOutcome, result } = await seen(record, (headers) => attempt(() => call(headers)));
      expect(viewOutcome.threw).toBe(plainOutcome.threw);
      if (viewOutcome.threw) expect(viewOutcome.message).not.toContain('secret-value');
      plain.set('Authorization', 'Bearer tok-123456');
      expect(Object.fromEntries(result.headers)).toEqual(Object.fromEntries(plain));
    }
    const { value } = await seen(record, (headers) => {
      const parents: unknown[] = [];
      headers.forEach((_value, _key, parent) => parents.push(parent));
      headers.delete('x-dup');
      headers.set('X-Dup', 'again');
      return { isHeaders: headers instanceof Headers, parentIsSelf: parents.every((parent) => parent === headers), dup: headers.get('x-dup') };
    });
    expect(value).toEqual({ isHeaders: true, parentIsSelf: true, dup: 'again' });
  });

  it('property: for any name and value, the view of a Node-style object keeps what Headers keeps, and refuses what Headers or an HTTP client refuses', async () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: fc.constantFrom('a', 'Z', '-', ' ', '\t', '\r', '\n', '\0', '\u0001', '\u007f', '\u00e9', '\u0100', ':', '"') }),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(text, fc.constantFrom('X-Token', 'authorization')), text, async (name, value) => {
        const plain = new Headers();
        const expected = attempt(() => {
          plain.set(name, value);
          if (!isSendableHeaderValue(value)) throw new Error('no client can send this value');
        });
        const { value: outcome, result } = await seen({}, (headers) => attempt(() => headers.set(name, value)));
        expect(outcome.threw).toBe(expected.threw);
        if (!expected.threw) expect(result.headers.get(name)).toBe(plain.get(name));
      }),
      { numRuns: 300 },
    );
  });

  it('sends the client’s headers through fetch unchanged beside the credential', async () => {
    const { result } = await seen({ 'X-Trace': 't-2' }, () => undefined);
    const sent = new Request('https://api.example.com/', { headers: result.headers });
    expect(Object.fromEntries(sent.headers)).toEqual({ authorization: 'Bearer tok-123456', 'x-trace': 't-2' });
  });
});

/** What calling `run` did: threw (with which message) or not. */
function attempt(run: () => unknown): { threw: boolean; message?: string } {
  try {
    run();
    return { threw: false };
  } catch (error) {
    return { threw: true, message: (error as Error).message };
  }
}

describe('headersFromRecord', () => {
  it('repeats array values, leaves out "not sent" values and names Headers refuses', () => {
    const headers = headersFromRecord({ 'WWW-Authenticate': ['Bearer realm="a"', 'Basic realm="b"'], 'x-null': null, 'x-undefined': undefined, 'x-false': false, 'bad name': 'v', 'x-zero': 0 });
    expect([...headers]).toEqual([['www-authenticate', 'Bearer realm="a", Basic realm="b"'], ['x-zero', '0']]);
  });
});
