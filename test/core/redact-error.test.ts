import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../src/index.js';
import { redactError, redactText, redactUrl, secretVariants } from '../../src/entries/adapter-kit.js';

const secret = 'k3y "with" spaces/+&=';

describe('secretVariants', () => {
  it('lists a secret as it is, percent-encoded, form-encoded and JSON-escaped', () => {
    expect(secretVariants([secret])).toEqual([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ k: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
    ]);
    expect(secretVariants(['', 'abcd', 'abcd'])).toEqual(['abcd']);
  });
});

describe('redactError', () => {
  it('redacts every form of a secret in the error, its URLs and its cause chain', () => {
    const url = new URL('https://api.example.com/items');
    url.searchParams.set('api_key', secret);
    const cause = new Error(`while sending ${url.href}`);
    const error = Object.assign(new Error(`failed: ${url.href}`, { cause }), {
      options: { url, body: JSON.stringify({ key: secret }), headers: { 'x-api-key': secret } },
      request: { socket: 'raw' },
    });
    redactError(error, [secret], { hide: ['request'] });
    const shown = `${inspect(error, { depth: Infinity })}\n${JSON.stringify(error)}`;
    for (const form of secretVariants([secret])) expect(shown).not.toContain(form);
    expect(error.options.url.searchParams.get('api_key')).toBe(REDACTED);
    expect(error.message).toContain(REDACTED);
    expect(cause.message).toContain(REDACTED);
    expect(Object.keys(error)).not.toContain('request');
    expect(error.request.socket).toBe('raw');
  });
});

describe('redactText and redactUrl', () => {
  it('replace the secret in text and, in place, in a URL', () => {
    expect(redactText(`GET /?k=${encodeURIComponent(secret)}`, [secret])).toBe(`GET /?k=${REDACTED}`);
    const url = new URL(`https://a.example/?k=${encodeURIComponent(secret)}&page=2`);
    redactUrl(url, [secret]);
    expect(url.searchParams.get('k')).toBe(REDACTED);
    expect(url.searchParams.get('page')).toBe('2');
  });
});
