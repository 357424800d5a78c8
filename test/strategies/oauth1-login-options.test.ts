// The three-legged flow's checks that need no OAuth provider: bad options fail at the call with
// ERR_AUTH_INVALID_CONFIG naming the field, answers lacking a field fail naming it (a local
// server plays the provider), and credentials never show their secrets.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAuthError, type AuthError } from '../../src/index.js';
import {
  oauth1AuthorizeUrl, oauth1Login, oauth1SignatureMethods, OAuth1TokenCredentials, requestTemporaryCredentials, requestTokenCredentials,
} from '../../src/entries/oauth1.js';
import { startServer, type TestServer } from '../servers/http-server.js';

const consumer = { consumerKey: 'ck', consumerSecret: 'cs-secret-value' };

async function failure(run: () => unknown): Promise<AuthError> {
  const error = await Promise.resolve().then(run).then(() => undefined, (caught: unknown) => caught);
  if (!isAuthError(error)) throw new Error(`expected an AuthError, got ${inspect(error)}`);
  return error;
}

describe('bad options name the field', () => {
  const endpoints = { requestTokenUrl: 'https://p.example/initiate', authorizeUrl: 'https://p.example/authorize', accessTokenUrl: 'https://p.example/token' };
  const cases: ReadonlyArray<{ name: string; run: () => unknown; field: string; code?: string }> = [
    { name: 'no requestTokenUrl', run: () => requestTemporaryCredentials({ ...consumer, callback: 'oob' } as never), field: 'requestTemporaryCredentials.requestTokenUrl' },
    { name: 'a relative callback', run: () => requestTemporaryCredentials({ ...consumer, requestTokenUrl: endpoints.requestTokenUrl, callback: '/cb' }), field: 'requestTemporaryCredentials.callback' },
    { name: 'an oauth_ parameter', run: () => requestTemporaryCredentials({ ...consumer, requestTokenUrl: endpoints.requestTokenUrl, callback: 'oob', params: { oauth_callback: 'x' } }), field: 'requestTemporaryCredentials.params.oauth_callback' },
    { name: 'no consumerKey', run: () => requestTemporaryCredentials({ consumerSecret: 'cs', requestTokenUrl: endpoints.requestTokenUrl, callback: 'oob' } as never), field: 'requestTemporaryCredentials.consumerKey' },
    { name: 'an unknown signature method', run: () => requestTemporaryCredentials({ ...consumer, signatureMethod: 'HMAC-MD5' as never, requestTokenUrl: endpoints.requestTokenUrl, callback: 'oob' }), field: 'requestTemporaryCredentials.signatureMethod' },
    { name: 'an authorize URL without a token', run: () => oauth1AuthorizeUrl({ authorizeUrl: endpoints.authorizeUrl, token: '' }), field: 'oauth1AuthorizeUrl.token' },
    { name: 'a plain http authorize URL', run: () => oauth1AuthorizeUrl({ authorizeUrl: 'http://p.example/authorize', token: 't' }), field: 'oauth1AuthorizeUrl.authorizeUrl', code: 'ERR_AUTH_INSECURE_URL' },
    { name: 'no verifier', run: () => requestTokenCredentials({ ...consumer, accessTokenUrl: endpoints.accessTokenUrl, temporaryCredentials: { token: 't', tokenSecret: 's' }, verifier: '' }), field: 'requestTokenCredentials.verifier' },
    { name: 'temporary credentials without a token', run: () => requestTokenCredentials({ ...consumer, accessTokenUrl: endpoints.accessTokenUrl, temporaryCredentials: { token: '', tokenSecret: 's' }, verifier: 'v' }), field: 'requestTokenCredentials.temporaryCredentials.token' },
    { name: 'no authorizeUrl', run: () => oauth1Login({ ...consumer, ...endpoints, authorizeUrl: undefined } as never), field: 'oauth1Login.authorizeUrl' },
    { name: 'a bad port', run: () => oauth1Login({ ...consumer, ...endpoints, port: 70_000 }), field: 'port' },
    { name: 'a bad timeout', run: () => oauth1Login({ ...consumer, ...endpoints, timeoutMs: 0 }), field: 'timeoutMs' },
    { name: 'an oauth_ authorize parameter', run: () => oauth1Login({ ...consumer, ...endpoints, authorizeParams: { oauth_token: 'x' } }), field: 'oauth1Login.authorizeParams.oauth_token' },
    { name: 'a misspelt option', run: () => oauth1Login({ ...consumer, ...endpoints, requestTokenURL: 'x' } as never), field: 'oauth1Login.requestTokenURL' },
    { name: 'an unset consumerSecret', run: () => oauth1Login({ ...consumer, ...endpoints, consumerSecret: undefined } as never), field: 'oauth1Login.consumerSecret' },
  ];
  it.each(cases)('$name: $field', async ({ run, field, code }) => {
    const error = await failure(run);
    expect(error.code).toBe(code ?? 'ERR_AUTH_INVALID_CONFIG');
    expect(error.details).toMatchObject({ field });
    expect(error.message).toContain(field.split('.').slice(-1)[0]);
    expect(JSON.stringify(error)).not.toContain(consumer.consumerSecret);
  });
});

describe('answers the flow cannot use', () => {
  let server: TestServer;
  let answer = '';
  beforeAll(async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded' });
      response.end(answer);
    });
  });
  afterAll(() => server.close());

  it.each([
    { body: 'oauth_token_secret=s&oauth_callback_confirmed=true', field: 'oauth_token' },
    { body: 'oauth_token=t&oauth_callback_confirmed=true', field: 'oauth_token_secret' },
    { body: 'oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=false', field: 'oauth_callback_confirmed' },
    { body: '<html>maintenance</html>', field: 'oauth_token' },
  ])('$body: ERR_AUTH_TOKEN_REQUEST_FAILED naming $field', async ({ body, field }) => {
    answer = body;
    const error = await failure(() => requestTemporaryCredentials({ ...consumer, requestTokenUrl: `${server.origin}/initiate`, callback: 'oob' }));
    expect(error.code).toBe('ERR_AUTH_TOKEN_REQUEST_FAILED');
    expect(error.details).toMatchObject({ field });
    expect(error.message).toContain(field);
  });

  it('sends a signed POST with oauth_callback in the Authorization header and the extra parameters as a form', async () => {
    answer = 'oauth_token=tmp&oauth_token_secret=tmp-secret&oauth_callback_confirmed=true&x_extra=1';
    const temporary = await requestTemporaryCredentials({ ...consumer, requestTokenUrl: `${server.origin}/initiate`, callback: 'oob', params: { scope: 'read write' } });
    const sent = server.requests[server.requests.length - 1];
    expect(sent?.method).toBe('POST');
    expect(sent?.headers.authorization).toMatch(/^OAuth oauth_consumer_key="ck", .*oauth_callback="oob", oauth_signature="[^"]+"$/);
    expect(sent?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sent?.body).toBe('scope=read+write');
    expect(temporary).toMatchObject({ kind: 'temporary', token: 'tmp', tokenSecret: 'tmp-secret', params: { x_extra: '1' } });
  });
});

describe('OAuth1TokenCredentials', () => {
  const credentials = new OAuth1TokenCredentials('token', 'tok-value-1', 'secret-value-1', { user_id: '42', screen_name: 'ada', oauth_session_handle: 'handle-value-1', oauth_expires_in: '3600' });

  it('keeps token and tokenSecret as plain properties for oauth1Auth', () => {
    expect({ token: credentials.token, tokenSecret: credentials.tokenSecret }).toEqual({ token: 'tok-value-1', tokenSecret: 'secret-value-1' });
  });

  it('shows no secret in JSON or util.inspect, and keeps the user parameters readable', () => {
    for (const shown of [JSON.stringify(credentials), inspect(credentials), inspect({ nested: credentials }, { depth: 5 })]) {
      expect(shown).not.toMatch(/tok-value-1|secret-value-1|handle-value-1/);
    }
    expect(JSON.parse(JSON.stringify(credentials))).toEqual({
      kind: 'token', token: '[REDACTED]', tokenSecret: '[REDACTED]', params: { user_id: '42', screen_name: 'ada', oauth_session_handle: '[REDACTED]', oauth_expires_in: '3600' },
    });
  });
});

it('authwire/oauth1 exports the signature methods', () => {
  expect(oauth1SignatureMethods).toEqual(['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1', 'PLAINTEXT']);
});

it('oauth1Login checks the consumer before it listens or sends anything', async () => {
  // A taken port: had the login listened first, it would fail with ERR_AUTH_CALLBACK instead.
  const taken = await startServer();
  let opened = false;
  const error = await failure(() => oauth1Login({
    consumerKey: 'ck', privateKey: 'not a key', requestTokenUrl: `${taken.origin}/i`, authorizeUrl: 'https://p.example/a', accessTokenUrl: 'https://p.example/t',
    port: Number(new URL(taken.origin).port),
    open: () => {
      opened = true;
    },
  }));
  await taken.close();
  expect(error.details).toMatchObject({ field: 'oauth1Login.privateKey' });
  expect(opened).toBe(false);
  expect(taken.requests).toHaveLength(0);
});
