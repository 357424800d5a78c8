// The signers' shortcuts for the common request (a path and query already in canonical form,
// headers already sorted) give what the full canonicalisation gives, and a component list
// changed by the caller after the authenticator was made changes nothing it signs.
import { describe, expect, it } from 'vitest';
import type { AuthRequest } from '../../src/index.js';
import { canonicalPath, canonicalQuery, canonicalRequest } from '../../src/strategies/aws-sigv4/canonical-request.js';
import { signHttpMessage } from '../../src/strategies/http-signature/http-signature.js';
import { checkHttpSignatureOptions } from '../../src/strategies/http-signature/options.js';

describe('SigV4 canonical form of requests already in it', () => {
  it('keeps a path of unreserved segments, and normalises any other', () => {
    const cases: Array<[string, string]> = [
      ['', '/'], ['/', '/'], ['/a/b', '/a/b'], ['/a/b/', '/a/b/'], ['/v1/items.json', '/v1/items.json'], ['/.a/..b/~c', '/.a/..b/~c'],
      ['/a/./b', '/a/b'], ['/a/../b', '/b'], ['/a//b', '/a/b'], ['/./', '/'], ['/..', '/'], ['/a/.', '/a'], ['/a b', '/a%20b'], ['/a%20b', '/a%2520b'],
    ];
    for (const [path, canonical] of cases) expect(canonicalPath(path, true), path).toBe(canonical);
  });

  it('keeps a sorted query of unreserved pairs, and sorts and encodes any other', () => {
    const cases: Array<[string, string]> = [
      ['', ''], ['page=2', 'page=2'], ['a=1&b=2', 'a=1&b=2'], ['a=1&a=2', 'a=1&a=2'], ['a=&b=', 'a=&b='],
      ['b=2&a=1', 'a=1&b=2'], ['a=2&a=1', 'a=1&a=2'], ['a', 'a='], ['a=1&b', 'a=1&b='], ['a=b=c', 'a=b%3Dc'], ['a=1&&b=2', 'a=1&b=2'],
      ['X-Amz-Signature=abc', ''], ['a=1&X-Amz-Signature=abc', 'a=1'], ['q=a+b', 'q=a%20b'], ['q=%7e', 'q=~'], ['A=1&a=1', 'A=1&a=1'], ['a=1&A=1', 'A=1&a=1'],
    ];
    for (const [query, canonical] of cases) expect(canonicalQuery(query), query).toBe(canonical);
  });

  it('builds the same request text from headers in any order', () => {
    const input = { method: 'GET', path: '/', query: '', payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', encodePath: true };
    const sorted = canonicalRequest({ ...input, headers: [['host', 'example.amazonaws.com'], ['x-amz-date', '20150830T123600Z']] });
    const unsorted = canonicalRequest({ ...input, headers: [['x-amz-date', '20150830T123600Z'], ['host', 'example.amazonaws.com']] });
    expect(unsorted).toEqual(sorted);
    expect(sorted.text).toBe('GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(canonicalRequest({ ...input, headers: [] }).text).toBe(`GET\n/\n\n\n\n\n${input.payloadHash}`);
  });
});

describe('RFC 9421 component lists', () => {
  it('signs the list as given when the authenticator was made, whatever the caller does to the array later', () => {
    const components = ['@method', '@target-uri'];
    const settings = checkHttpSignatureOptions({ keyId: 'k', key: 'a shared secret of thirty-two b!', algorithm: 'hmac-sha256', components }, 'httpSignature', () => 'n');
    const request = (): AuthRequest => ({ method: 'GET', url: new URL('https://api.example.com/items'), headers: new Headers(), body: { type: 'none' } });
    const time = Date.UTC(2026, 0, 1);
    const first = request();
    signHttpMessage(first, settings, time);
    components.push('@authority');
    const second = request();
    signHttpMessage(second, settings, time);
    expect(first.headers.get('signature-input')).toBe(`sig1=("@method" "@target-uri");created=${time / 1000};keyid="k"`);
    expect([...second.headers]).toEqual([...first.headers]);
  });
});
