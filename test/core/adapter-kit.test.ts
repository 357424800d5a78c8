import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  apiKeyAuth, authenticateOutgoing, bearerAuth, createOriginPolicy, parseBody, redactSecrets, redirectKeepsBody,
  serializeBody, shouldChallenge, type OutgoingRequest,
} from '../../src/index.js';

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
    expect(json).toEqual({ type: 'json', value: { a: 1 } });
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
