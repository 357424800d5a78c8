// RFC 5849's own examples, computed by the signing code as oauth1Auth runs it: the §3.4.1 base
// string, the §1.2 requests (temporary credentials, token, resource) and the §2 PLAINTEXT ones,
// with the RFC's nonce and timestamp.
import { describe, expect, it } from 'vitest';
import type { AuthRequest } from '../../src/index.js';
import { baseStringUri, normalizeParameters, signatureBaseString } from '../../src/strategies/oauth1/base-string.js';
import { oauthPercentEncode } from '../../src/strategies/oauth1/percent-encode.js';
import { signOAuth1Request, type OAuth1Clock } from '../../src/strategies/oauth1/sign-request.js';
import { createSigner } from '../../src/strategies/oauth1/signature-method.js';

const clock = (nonce: string, timestamp: number): OAuth1Clock => ({ nonce: () => nonce, now: () => timestamp });

function request(method: string, url: string, body: AuthRequest['body'] = { type: 'none' }): AuthRequest {
  return { method, url: new URL(url), headers: new Headers(), body };
}

/** The Authorization header's parameters, decoded. */
function headerParameters(value: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of (value ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)) out[match[1]!] = decodeURIComponent(match[2]!);
  return out;
}

describe('RFC 5849 §3.4.1: the signature base string', () => {
  it('is the one of the RFC for its example request (query, form body, protocol parameters)', () => {
    // POST /request?b5=%3D%253D&a3=a&c%40=&a2=r%20b with the form body c2&a3=2+q.
    const body = new URLSearchParams('c2&a3=2+q');
    const base = signatureBaseString('POST', new URL('http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b'), [
      ...body,
      ['oauth_consumer_key', '9djdj82h48djs9d2'],
      ['oauth_token', 'kkk9d7dh3k39sjv7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'],
      ['oauth_nonce', '7d8f3e4a'],
    ]);
    expect(base).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_'
        + 'key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk'
        + '9d7dh3k39sjv7',
    );
  });

  it('normalizes the base string URI and the parameters as §3.4.1.2 and §3.4.1.3.2 show', () => {
    expect(baseStringUri(new URL('HTTP://EXAMPLE.COM:80/r%20v/X?id=123'))).toBe('http://example.com/r%20v/X');
    expect(baseStringUri(new URL('https://www.example.net:8080/?q=1'))).toBe('https://www.example.net:8080/');
    expect(normalizeParameters([['b5', '=%3D'], ['a3', 'a'], ['c@', ''], ['a2', 'r b'], ['a3', '2 q'], ['c2', '']])).toBe(
      'a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=',
    );
  });

  it('percent-encodes every byte but the unreserved characters (§3.6)', () => {
    expect(oauthPercentEncode("Ladies + Gentlemen!*'()~-._")).toBe('Ladies%20%2B%20Gentlemen%21%2A%27%28%29~-._');
    expect(oauthPercentEncode('☃ é')).toBe('%E2%98%83%20%C3%A9');
    expect(oauthPercentEncode('\uD800')).toBe('%EF%BF%BD');
  });
});

describe('RFC 5849 §1.2: the photos.example.net requests, HMAC-SHA1', () => {
  const consumer = { consumerKey: 'dpf43f3p2l4k3l03', realm: 'Photos', placement: 'header' as const, bodyHash: true, version: false };

  it('signs the temporary credentials request as the RFC does', () => {
    const signer = createSigner({ consumerSecret: 'kd94hf93k423kf44' }, 'oauth1');
    const sent = request('POST', 'https://photos.example.net/initiate');
    signOAuth1Request(sent, { ...consumer, signer }, [['oauth_callback', 'http://printer.example.com/ready']], clock('wIjqoS', 137131200));
    expect(headerParameters(sent.headers.get('authorization')).oauth_signature).toBe('74KNZJeDHnMBp0EMJ9ZHt/XKycU=');
  });

  it('signs the token request with the temporary credentials and the verifier', () => {
    const signer = createSigner({ consumerSecret: 'kd94hf93k423kf44', tokenSecret: 'hdhd0244k9j7ao03' }, 'oauth1');
    const sent = request('POST', 'https://photos.example.net/token');
    signOAuth1Request(sent, { ...consumer, token: 'hh5s93j4hdidpola', signer }, [['oauth_verifier', 'hfdp7dh39dks9884']], clock('walatlh', 137131201));
    expect(headerParameters(sent.headers.get('authorization')).oauth_signature).toBe('gKgrFCywp7rO0OXSjdot/IHF7IU=');
  });

  it('signs the resource request with the token credentials', () => {
    const signer = createSigner({ consumerSecret: 'kd94hf93k423kf44', tokenSecret: 'pfkkdhi9sl3r4s00' }, 'oauth1');
    const sent = request('GET', 'http://photos.example.net/photos?file=vacation.jpg&size=original');
    signOAuth1Request(sent, { ...consumer, token: 'nnch734d00sl2jdk', signer }, [], clock('chapoH', 137131202));
    const header = sent.headers.get('authorization') ?? '';
    expect(header.startsWith('OAuth realm="Photos", ')).toBe(true);
    expect(headerParameters(header)).toMatchObject({ oauth_consumer_key: 'dpf43f3p2l4k3l03', oauth_token: 'nnch734d00sl2jdk', oauth_signature: 'MdpQcU8iPSUjWoN/UDMsK2sui9I=' });
  });
});

describe('RFC 5849 §2.1 and §2.3: PLAINTEXT', () => {
  it('sends the encoded secrets joined by "&" as the signature', () => {
    const consumer = { consumerKey: 'jd83jd92dhsh93js', realm: 'Example', placement: 'header' as const, bodyHash: true, version: false };
    const initiate = request('POST', 'https://server.example.com/request_temp_credentials');
    signOAuth1Request(initiate, { ...consumer, signer: createSigner({ signatureMethod: 'PLAINTEXT', consumerSecret: 'ja893SD9' }, 'oauth1') }, [['oauth_callback', 'http://client.example.net/cb?x=1']]);
    expect(initiate.headers.get('authorization')).toContain('oauth_signature="ja893SD9%26"');
    expect(initiate.headers.get('authorization')).toContain('oauth_callback="http%3A%2F%2Fclient.example.net%2Fcb%3Fx%3D1"');
    const token = request('POST', 'https://server.example.com/request_token');
    const signer = createSigner({ signatureMethod: 'PLAINTEXT', consumerSecret: 'ja893SD9', tokenSecret: 'xyz4992k83j47x0b' }, 'oauth1');
    signOAuth1Request(token, { ...consumer, token: 'hdk48Djdsa', signer }, [['oauth_verifier', '473f82d3']]);
    expect(token.headers.get('authorization')).toContain('oauth_signature="ja893SD9%26xyz4992k83j47x0b"');
  });
});
