// parseWwwAuthenticate: the examples of RFC 9110, 6750, 7616 and 9449, the list ambiguities
// (commas between challenges and between parameters), and a property test that any generated
// list of challenges, serialized as a server would, parses back to itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate, type WwwAuthenticateChallenge } from '../../src/index.js';

const challenge = (scheme: string, params: Record<string, string> = {}, token68?: string): WwwAuthenticateChallenge => ({
  scheme,
  params,
  ...(token68 === undefined ? {} : { token68 }),
});

describe('parseWwwAuthenticate: RFC examples', () => {
  it('RFC 9110 §11.6.1: two challenges in one header, a quoted realm with a comma and an escaped quote in a param', () => {
    expect(parseWwwAuthenticate('Basic realm="simple", Newauth realm="apps", type=1, title="Login to \\"apps\\""')).toEqual([
      challenge('basic', { realm: 'simple' }),
      challenge('newauth', { realm: 'apps', type: '1', title: 'Login to "apps"' }),
    ]);
    expect(parseWwwAuthenticate('Newauth realm="a, b", Basic realm="c"')).toEqual([challenge('newauth', { realm: 'a, b' }), challenge('basic', { realm: 'c' })]);
  });

  it('RFC 6750 §3: Bearer with error, error_description and scope', () => {
    expect(parseWwwAuthenticate('Bearer realm="example", error="invalid_token", error_description="The access token expired"')).toEqual([
      challenge('bearer', { realm: 'example', error: 'invalid_token', error_description: 'The access token expired' }),
    ]);
    expect(parseWwwAuthenticate('Bearer realm="example"')).toEqual([challenge('bearer', { realm: 'example' })]);
  });

  it('RFC 7616 §3.9.1: a Digest challenge across lines, with a token value (algorithm=SHA-256)', () => {
    const header = 'Digest\r\n realm="http-auth@example.org",\r\n qop="auth, auth-int",\r\n algorithm=SHA-256,\r\n nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",\r\n opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"'.replace(/\r\n/g, '');
    expect(parseWwwAuthenticate(header)).toEqual([
      challenge('digest', {
        realm: 'http-auth@example.org', qop: 'auth, auth-int', algorithm: 'SHA-256',
        nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v', opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
      }),
    ]);
  });

  it('RFC 9449 §7.1: DPoP and Bearer challenges side by side; use_dpop_nonce', () => {
    expect(parseWwwAuthenticate('DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof", Bearer realm="x"')).toEqual([
      challenge('dpop', { error: 'use_dpop_nonce', error_description: 'Resource server requires nonce in DPoP proof' }),
      challenge('bearer', { realm: 'x' }),
    ]);
    expect(parseWwwAuthenticate('DPoP algs="ES256 PS256"')).toEqual([challenge('dpop', { algs: 'ES256 PS256' })]);
  });

  it('token68, with and without padding, then another challenge', () => {
    expect(parseWwwAuthenticate('Negotiate a87421000492aa874209af8bc028==, Basic realm="r"')).toEqual([
      challenge('negotiate', {}, 'a87421000492aa874209af8bc028=='),
      challenge('basic', { realm: 'r' }),
    ]);
    expect(parseWwwAuthenticate('NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw')).toEqual([challenge('ntlm', {}, 'TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw')]);
  });
});

describe('parseWwwAuthenticate: case, spacing, odd input', () => {
  it('schemes and parameter names are case-insensitive (returned in lower case); values keep their case', () => {
    expect(parseWwwAuthenticate('BEARER Realm="Api", ERROR=Invalid_Token')).toEqual([challenge('bearer', { realm: 'Api', error: 'Invalid_Token' })]);
  });

  it('bad whitespace around "=", empty list elements, a scheme without parameters', () => {
    expect(parseWwwAuthenticate(' ,Bearer realm = "a" ,, error =invalid_token , Basic,  Negotiate')).toEqual([
      challenge('bearer', { realm: 'a', error: 'invalid_token' }),
      challenge('basic'),
      challenge('negotiate'),
    ]);
  });

  it('a parameter given twice keeps the first value; __proto__ and constructor are plain keys', () => {
    const [parsed] = parseWwwAuthenticate('Bearer error="first", error="second", __proto__="p"');
    expect(parsed?.params['error']).toBe('first');
    expect(parsed?.params['__proto__']).toBe('p');
    expect(parsed?.params['constructor']).toBeUndefined();
  });

  it('never throws; a malformed part is skipped up to the next comma and the rest still parses', () => {
    expect(parseWwwAuthenticate('Bearer error="unterminated')).toEqual([challenge('bearer')]);
    expect(parseWwwAuthenticate('Bearer error="x" junk, scope="a b", Basic realm="r"')).toEqual([challenge('bearer', { scope: 'a b' }), challenge('basic', { realm: 'r' })]);
    expect(parseWwwAuthenticate('=oops, "quoted", Basic realm="r"')).toEqual([challenge('basic', { realm: 'r' })]);
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate(null)).toEqual([]);
    expect(parseWwwAuthenticate(undefined)).toEqual([]);
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 200 }), (text) => Array.isArray(parseWwwAuthenticate(text))));
  });
});

// Generators for what RFC 9110 allows on the wire.
const tcharSet = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split('');
const tokenArb = fc.string({ unit: fc.constantFrom(...tcharSet), minLength: 1, maxLength: 12 });
const token68Arb = fc
  .tuple(fc.string({ unit: fc.constantFrom(...'ABCXYZabcxyz0189-._~+/'.split('')), minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 2 }))
  .map(([body, padding]) => body + '='.repeat(padding));
// qdtext and quoted-pair: visible ASCII, space, tab and obs-text.
const quotedValueArb = fc.string({ unit: fc.constantFrom(...' \t"\\,=;abcXYZ019/é'.split('')), maxLength: 16 });
const paramsArb = fc.uniqueArray(fc.tuple(tokenArb, fc.oneof(tokenArb, quotedValueArb), fc.boolean()), {
  selector: ([name]) => name.toLowerCase(),
  maxLength: 5,
});
const challengeArb = fc.oneof(
  fc.record({ scheme: tokenArb, params: paramsArb }),
  fc.record({ scheme: tokenArb, token68: token68Arb }),
);
const spaceArb = fc.constantFrom('', ' ', '  ', '\t');

describe('parseWwwAuthenticate: property', () => {
  it('a generated list of challenges, serialized with quoting, escapes and optional whitespace, parses back to itself', () => {
    fc.assert(
      fc.property(fc.array(challengeArb, { minLength: 1, maxLength: 4 }), spaceArb, (challenges, space) => {
        const header = challenges
          .map((item) => {
            if ('token68' in item) return `${item.scheme} ${item.token68}`;
            if (item.params.length === 0) return item.scheme;
            const params = item.params.map(([name, value, forceQuote]) => {
              const asToken = !forceQuote && /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(value);
              return `${name}${space}=${space}${asToken ? value : `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`}`;
            });
            return `${item.scheme} ${params.join(`${space},${space}`)}`;
          })
          .join(`${space},${space}`);
        const expected = challenges.map((item) =>
          'token68' in item
            ? challenge(item.scheme.toLowerCase(), {}, item.token68)
            : challenge(item.scheme.toLowerCase(), Object.fromEntries(item.params.map(([name, value]) => [name.toLowerCase(), value]))),
        );
        expect(parseWwwAuthenticate(header)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
