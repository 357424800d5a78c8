// oauth1Auth through axios, got, ky and fetch against an OAuth 1.0a provider written by others
// (python3-oauthlib's ResourceEndpoint, test/servers/oauthlib-server.py): every signature method,
// every placement, JSON, form and byte bodies, queries with reserved and non-ASCII characters.
// The provider recomputes each signature from what it received and accepts every nonce once.
import { generateKeyPairSync } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combineAuth, oauth1Auth, type Authenticator, type OAuth1AuthOptions } from '../../src/index.js';
import type { DriverRequest, DriverResponse } from '../conformance/driver.js';
import { axiosFetchDrivers, drivers } from '../conformance/drivers/index.js';
import { findAuthError } from '../conformance/support.js';
import { startRawServer, type RawServer } from './support/raw-server.js';
import { findOAuthlibPython, startOAuthlibServer, type OAuthlibEcho, type OAuthlibServer } from '../servers/oauthlib-server.js';

const python = findOAuthlibPython();
const consumerKey = 'ConsumerKeyHmac000001';
const consumerSecret = 'cs_9f2c6a1e5b8d3f7a';
const rsaConsumerKey = 'ConsumerKeyRsa0000001';
const token = 'AccessToken0000000000001';
const tokenSecret = 'ts_4b8e2a6c1f9d5e3b';
const rsaToken = 'AccessTokenRsa0000000001';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const signers: ReadonlyArray<{ name: string; options: OAuth1AuthOptions }> = [
  { name: 'HMAC-SHA1', options: { consumerKey, consumerSecret, token, tokenSecret } },
  { name: 'HMAC-SHA256', options: { consumerKey, consumerSecret, token, tokenSecret, signatureMethod: 'HMAC-SHA256' } },
  { name: 'RSA-SHA1', options: { consumerKey: rsaConsumerKey, privateKey: privatePem, token: rsaToken } },
  { name: 'PLAINTEXT', options: { consumerKey, consumerSecret, token, tokenSecret, signatureMethod: 'PLAINTEXT' } },
];

/** Reserved, sub-delimiter and non-ASCII characters, in names and values. */
const query = { q: "a b+c&d=e/f?g!*'()~:@$,;", 'näme': 'ü☃ 𝄞', empty: '' };
const requests: ReadonlyArray<{ name: string; request: DriverRequest }> = [
  { name: 'GET with a query of reserved and non-ASCII characters', request: { url: 'resource/items', query } },
  { name: 'GET with an encoded query in the URL', request: { url: 'resource/items?x=1%2B2&y=%E2%98%83&z=a+b&w=%21%2A' } },
  { name: 'POST with a JSON body', request: { method: 'POST', url: 'resource/items', query: { page: '2' }, json: { name: 'wïdget', tags: ['a&b', 'c=d'] } } },
  { name: 'POST with a form body', request: { method: 'POST', url: 'resource/items', query: { page: '2' }, form: { name: 'wïdget & co', 'a+b': 'c=d e' } } },
  { name: 'PUT with a byte body', request: { method: 'PUT', url: 'resource/blob', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 1, 2, 255, 254, 10, 13]) } },
];

function parse(response: DriverResponse): OAuthlibEcho {
  return JSON.parse(response.body) as OAuthlibEcho;
}

describe.skipIf(python === undefined).each(drivers)('$name: oauth1Auth against python3-oauthlib', (driver) => {
  let server: OAuthlibServer;
  beforeAll(async () => {
    server = await startOAuthlibServer(python ?? '', {
      clients: { [consumerKey]: { secret: consumerSecret }, [rsaConsumerKey]: { rsaPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() } },
      tokens: { [token]: { client: consumerKey, secret: tokenSecret }, [rsaToken]: { client: rsaConsumerKey, secret: 'unused-with-rsa' } },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function send(auth: Authenticator, request: DriverRequest): Promise<DriverResponse> {
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    try {
      return await client.request(request);
    } finally {
      client.close();
    }
  }

  describe.each(signers)('$name', (signer) => {
    it.each(requests)('$name validates, with the query and body the caller sent', async ({ request }) => {
      const response = await send(oauth1Auth(signer.options), request);
      const echo = parse(response);
      expect(echo.problem).toBeNull();
      expect(response.status).toBe(200);
      expect(echo.signatureMethod).toBe(signer.name);
      expect(echo.signatureType).toBe('header');
      const received = echo.query.filter(([name]) => !name.startsWith('oauth_'));
      if (request.query !== undefined) expect(received).toEqual(expect.arrayContaining(Object.entries(request.query)));
      if (request.json !== undefined) expect(JSON.parse(echo.body)).toEqual(request.json);
      if (request.form !== undefined) expect(Object.fromEntries(new URLSearchParams(echo.body))).toEqual(request.form);
    });
  });

  it.each(requests)('HMAC-SHA1 with the parameters in the query: $name validates', async ({ request }) => {
    const response = await send(oauth1Auth({ consumerKey, consumerSecret, token, tokenSecret, placement: 'query' }), request);
    expect(parse(response).problem).toBeNull();
    expect(parse(response).signatureType).toBe('query');
  });

  it('HMAC-SHA1 with the parameters in the form body validates, the caller\'s fields beside them', async () => {
    const request: DriverRequest = { method: 'POST', url: 'resource/items', query: { page: '2' }, form: { name: 'wïdget & co' } };
    const response = await send(oauth1Auth({ consumerKey, consumerSecret, token, tokenSecret, placement: 'form' }), request);
    const echo = parse(response);
    expect(echo.problem).toBeNull();
    expect(echo.signatureType).toBe('form');
    expect(new URLSearchParams(echo.body).get('name')).toBe('wïdget & co');
  });

  it('every request carries a new nonce', async () => {
    const auth = oauth1Auth({ consumerKey, consumerSecret, token, tokenSecret });
    const nonces = [];
    for (let index = 0; index < 3; index++) nonces.push(parse(await send(auth, { url: 'resource/items' })).nonce);
    expect(new Set(nonces).size).toBe(3);
  });

  it('the retry after a challenge is signed afresh (the provider refuses a nonce seen before)', async () => {
    let asked = 0;
    const retryOnce: Authenticator = {
      name: 'retry-once',
      authenticate: async () => undefined,
      challenge: async (_response, _request, context) => {
        asked += 1;
        return context.attempt === 0;
      },
    };
    const response = await send(combineAuth(retryOnce, oauth1Auth({ consumerKey, consumerSecret, token, tokenSecret })), {
      method: 'POST', url: `once-401/${driver.name}-retry`, json: { n: 1 },
    });
    expect(asked).toBe(1);
    expect(parse(response).problem).toBeNull();
    expect(response.status).toBe(200);
  });

  it('a same-origin redirect is signed again for the new URL', async () => {
    const response = await send(oauth1Auth({ consumerKey, consumerSecret, token, tokenSecret }), {
      url: `redirect/302?to=${encodeURIComponent(`${server.origin}/resource/landed?after=r%C3%A9direct`)}`,
    });
    const echo = parse(response);
    expect(echo.problem).toBeNull();
    expect(echo.uri).toBe(`${server.origin}/resource/landed?after=r%C3%A9direct`);
  });

  it('a request with a stream body fails with a clear error before anything is sent', async () => {
    const client = driver.create(oauth1Auth({ consumerKey, consumerSecret, token, tokenSecret }), { baseUrl: `${server.origin}/` });
    const error = await client.error({ method: 'PUT', url: 'resource/blob', headers: { 'content-type': 'application/octet-stream' }, body: Readable.from([Buffer.from('chunk')]) });
    client.close();
    const authError = findAuthError(error, 'ERR_AUTH_BODY_PLACEMENT');
    expect(authError?.message).toMatch(/stream body .*bodyHash: false/);
    expect(JSON.stringify(authError)).not.toContain(consumerSecret);
  });
});

/**
 * Redirect hops through every client: the provider checks the signature of the redirecting hop
 * and of the hop it lands on (each nonce once), and its Location repeats the query it received,
 * oauth_* parameters included.
 */
describe.skipIf(python === undefined).each([...drivers, ...axiosFetchDrivers])('$name: oauth1Auth redirect hops against python3-oauthlib', (driver) => {
  let server: OAuthlibServer;
  let other: RawServer;
  beforeAll(async () => {
    other = await startRawServer(() => ({ status: 200, body: { landed: true } }));
    server = await startOAuthlibServer(python ?? '', {
      clients: { [consumerKey]: { secret: consumerSecret } },
      tokens: { [token]: { client: consumerKey, secret: tokenSecret } },
    });
  });
  afterAll(async () => {
    await Promise.all([server?.close(), other?.close()]);
  });

  async function send(auth: Authenticator, request: DriverRequest): Promise<DriverResponse> {
    const client = driver.create(auth, { baseUrl: `${server.origin}/` });
    try {
      return await client.request(request);
    } finally {
      client.close();
    }
  }

  const statuses = [301, 302, 303, 307, 308] as const;
  const hopQuery = { page: '2', q: "a b+c&d=e/f?g!*'()~", 'näme': 'ü☃' };
  describe.each(['header', 'query'] as const)('parameters in the %s', (placement) => {
    const auth = (): Authenticator => oauth1Auth({ consumerKey, consumerSecret, token, tokenSecret, placement });

    it.each(statuses)('a %i on the same origin is signed afresh for the new URL, without the previous oauth_* parameters', async (status) => {
      const response = await send(auth(), { method: 'POST', url: `repeat/${status}/landed`, query: hopQuery, json: { name: 'wïdget' } });
      const echo = parse(response);
      expect(echo.problem).toBeNull();
      expect(response.status).toBe(200);
      expect(new URL(echo.uri).pathname).toBe('/resource/landed');
      expect(echo.query.filter(([name]) => !name.startsWith('oauth_'))).toEqual(expect.arrayContaining(Object.entries(hopQuery)));
      expect(echo.query.filter(([name]) => name === 'oauth_signature')).toHaveLength(placement === 'query' ? 1 : 0);
      if (status === 307 || status === 308) expect(JSON.parse(echo.body)).toEqual({ name: 'wïdget' });
    });

    it.each(statuses)('a %i to another origin carries no oauth_* parameter and no Authorization', async (status) => {
      other.received.length = 0;
      const response = await send(auth(), { method: 'POST', url: `repeat/${status}/elsewhere`, query: { ...hopQuery, origin: other.origin }, json: { name: 'wïdget' } });
      expect(response.status, response.body).toBe(200);
      const hop = other.received[0];
      const received = new URL(hop?.target ?? '/', other.origin).searchParams;
      expect(received.get('q')).toBe(hopQuery.q);
      expect([...received.keys()].filter((name) => name.startsWith('oauth_'))).toEqual([]);
      expect(hop?.headers.authorization).toBeUndefined();
    });
  });

  it.each([307, 308])('parameters in the form body: a %i on the same origin sends a form signed afresh (axios: refused, its client resends the first form)', async (status) => {
    const auth = oauth1Auth({ consumerKey, consumerSecret, token, tokenSecret, placement: 'form' });
    const request: DriverRequest = { method: 'POST', url: `repeat/${status}/landed`, form: { name: 'wïdget & co' } };
    if (driver.name === 'axios') {
      const client = driver.create(auth, { baseUrl: `${server.origin}/` });
      const error = await client.error(request);
      client.close();
      expect(findAuthError(error, 'ERR_AUTH_REDIRECT_BLOCKED')?.message).toMatch(/signature is in the body/);
      return;
    }
    const echo = parse(await send(auth, request));
    expect(echo.problem).toBeNull();
    expect(echo.signatureType).toBe('form');
    expect(new URLSearchParams(echo.body).getAll('oauth_signature')).toHaveLength(1);
    expect(new URLSearchParams(echo.body).get('name')).toBe('wïdget & co');
  });
});
