import { describe, expect, it } from 'vitest';
import { applyPlacement, validatePlacement } from '../../src/entries/adapter-kit.js';
import { AuthError } from '../../src/index.js';
import { authRequest } from './request.js';

describe('applyPlacement', () => {
  it('writes a header with and without a prefix', () => {
    const request = authRequest();
    applyPlacement(request, { in: 'header', name: 'Authorization', prefix: 'JWT' }, 'abc');
    applyPlacement(request, { in: 'header', name: 'X-Key' }, 'k1');
    expect(request.headers.get('authorization')).toBe('JWT abc');
    expect(request.headers.get('x-key')).toBe('k1');
  });

  it('adds a query parameter, keeps the others, and forbids caching', () => {
    const request = authRequest('https://api.example.com/s?q=1');
    applyPlacement(request, { in: 'query', name: 'api_key' }, 's3cret');
    expect(request.url.search).toBe('?q=1&api_key=s3cret');
    expect(request.headers.get('cache-control')).toBe('no-store');
  });

  it('merges into a form body and creates one for an empty POST', () => {
    const form = authRequest(undefined, { method: 'POST', body: { type: 'form', value: new URLSearchParams('a=1') } });
    applyPlacement(form, { in: 'form', name: 'key' }, 'v');
    expect(form.body.type === 'form' && form.body.value.toString()).toBe('a=1&key=v');
    const empty = authRequest(undefined, { method: 'POST' });
    applyPlacement(empty, { in: 'form', name: 'key' }, 'v');
    expect(empty.body.type === 'form' && empty.body.value.toString()).toBe('key=v');
  });

  it('merges a dotted path into a JSON object body without touching siblings', () => {
    const request = authRequest(undefined, { method: 'POST', body: { type: 'json', value: { auth: { user: 'u' }, n: 1 } } });
    applyPlacement(request, { in: 'json', name: 'auth.key' }, 'v');
    expect(request.body).toEqual({ type: 'json', value: { auth: { user: 'u', key: 'v' }, n: 1 } });
  });

  it.each([
    ['a GET', authRequest(undefined, { method: 'GET' }), 'json'],
    ['a stream', authRequest(undefined, { method: 'POST', body: { type: 'stream' } }), 'form'],
    ['a JSON array', authRequest(undefined, { method: 'POST', body: { type: 'json', value: [1] } }), 'json'],
    ['a JSON body with a form placement', authRequest(undefined, { method: 'POST', body: { type: 'json', value: {} } }), 'form'],
    ['a JSON path through a string', authRequest(undefined, { method: 'POST', body: { type: 'json', value: { auth: 'x' } } }), 'json'],
  ] as const)('refuses a body placement on %s with ERR_AUTH_BODY_PLACEMENT', (_label, request, kind) => {
    const run = () => applyPlacement(request, { in: kind, name: 'auth.key' }, 'secret-value');
    expect(run).toThrow(AuthError);
    try {
      run();
    } catch (error) {
      expect((error as AuthError).code).toBe('ERR_AUTH_BODY_PLACEMENT');
      expect(String((error as AuthError).message)).not.toContain('secret-value');
    }
  });

  it('refuses JSON paths that would reach the prototype', () => {
    const request = authRequest(undefined, { method: 'POST', body: { type: 'json', value: {} } });
    expect(() => applyPlacement(request, { in: 'json', name: '__proto__.polluted' }, 'v')).toThrow(AuthError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('validatePlacement', () => {
  it.each([
    [{ in: 'cookie', name: 'a' }, 'p.in'],
    [{ in: 'header' }, 'p.name'],
    [{ in: 'header', name: 'Bad Header' }, 'p.name'],
    [{ in: 'json', name: 'a..b' }, 'p.name'],
    [{ in: 'header', name: 'A', prefix: 'x\r\n' }, 'p.prefix'],
    [null, 'p'],
  ])('rejects %j naming the field', (placement, field) => {
    expect(() => validatePlacement(placement, 'p')).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG', message: expect.stringContaining(`${field}:`) }));
  });
});
