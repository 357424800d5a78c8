// The OAuth 1.0a three-legged flow against a provider written by others: python3-oauthlib's
// RequestTokenEndpoint, AuthorizationEndpoint (approving at once) and AccessTokenEndpoint in
// test/servers/oauthlib-server.py. The test plays the browser: it follows the authorize URL with
// plain HTTP and lands on the loopback callback. The credentials obtained then sign a request
// that oauthlib's ResourceEndpoint checks.
import { generateKeyPairSync } from 'node:crypto';
import { connect } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { isAuthError, oauth1Auth, type AuthError, type OAuth1AuthOptions } from '../../src/index.js';
import {
  oauth1AuthorizeUrl, oauth1Login, OAuth1TokenCredentials, requestTemporaryCredentials, requestTokenCredentials, type OAuth1ConsumerOptions, type OAuth1LoginOptions,
} from '../../src/entries/oauth1.js';
import { findOAuthlibPython, startOAuthlibServer, type OAuthlibEcho, type OAuthlibServer } from '../servers/oauthlib-server.js';

const python = findOAuthlibPython();
const consumerKey = 'ConsumerKeyLogin00001';
const consumerSecret = 'cs_login_7d3a9c2e5f1b';
const rsaConsumerKey = 'ConsumerKeyLoginRsa01';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const consumers: ReadonlyArray<{ name: string; consumer: OAuth1ConsumerOptions }> = [
  { name: 'HMAC-SHA1', consumer: { consumerKey, consumerSecret } },
  { name: 'HMAC-SHA256', consumer: { consumerKey, consumerSecret, signatureMethod: 'HMAC-SHA256' } },
  { name: 'RSA-SHA1', consumer: { consumerKey: rsaConsumerKey, privateKey: privatePem } },
  { name: 'PLAINTEXT', consumer: { consumerKey, consumerSecret, signatureMethod: 'PLAINTEXT' } },
];

interface Visit {
  readonly status: number;
  readonly location: string | null;
  readonly body: string;
}

async function visit(url: string): Promise<Visit> {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), body: await response.text() };
}

/** Plays the browser in the background (open must not wait for the callback it triggers). */
function browser(run: (url: string) => Promise<void>): { open: (url: string) => void; done: () => Promise<void>; opened: () => string | undefined } {
  let running: Promise<void> = Promise.resolve();
  let openedUrl: string | undefined;
  return {
    open: (url) => {
      openedUrl = url;
      running = run(url);
    },
    done: () => running,
    opened: () => openedUrl,
  };
}

/** Follows the authorize URL to the provider and its redirect to the loopback, changing the callback with `edit`. */
function approve(pages: Visit[], edit: (callback: URL) => void = () => undefined): (url: string) => Promise<void> {
  return async (url) => {
    const consent = await visit(url);
    pages.push(consent);
    const callback = new URL(consent.location ?? '');
    edit(callback);
    pages.push(await visit(callback.href));
  };
}

function closed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function failure(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!isAuthError(error)) throw new Error(`expected an AuthError, got ${inspect(error)}`);
  return error;
}

function expectNoSecret(value: unknown, secrets: readonly string[]): void {
  const shown = `${JSON.stringify(value)}\n${inspect(value, { depth: 8, showHidden: true })}`;
  for (const secret of secrets) expect(shown).not.toContain(secret);
}

describe.skipIf(python === undefined)('the OAuth 1.0a three-legged flow against python3-oauthlib', () => {
  let server: OAuthlibServer;
  let endpoints: Pick<OAuth1LoginOptions, 'requestTokenUrl' | 'authorizeUrl' | 'accessTokenUrl'>;
  beforeAll(async () => {
    server = await startOAuthlibServer(python ?? '', {
      clients: { [consumerKey]: { secret: consumerSecret }, [rsaConsumerKey]: { rsaPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() } },
      tokens: {},
    });
    endpoints = { requestTokenUrl: `${server.origin}/initiate`, authorizeUrl: `${server.origin}/authorize`, accessTokenUrl: `${server.origin}/token` };
  });
  afterAll(async () => {
    await server?.close();
  });

  async function resource(auth: OAuth1AuthOptions): Promise<{ status: number; echo: OAuthlibEcho }> {
    const signed = authFetch(oauth1Auth(auth));
    const response = await signed(`${server.origin}/resource/me?view=full`);
    return { status: response.status, echo: (await response.json()) as OAuthlibEcho };
  }

  it.each(consumers)('$name: oauth1Login signs in through the browser, and the credentials sign a protected request', async ({ consumer }) => {
    const pages: Visit[] = [];
    const user = browser(approve(pages));
    const credentials = await oauth1Login({ ...consumer, ...endpoints, open: user.open });
    await user.done();

    const authorize = new URL(user.opened() ?? '');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${server.origin}/authorize`);
    const callback = new URL(pages[0]?.location ?? '');
    expect(callback.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(callback.pathname).toBe('/callback');
    expect(callback.searchParams.get('oauth_token')).toBe(authorize.searchParams.get('oauth_token'));
    expect(pages[1]?.status).toBe(200);
    expect(pages[1]?.body).toContain('data-outcome="success"');
    expect(pages[1]?.body).not.toContain(credentials.token);
    expect(await closed(Number(callback.port))).toBe(true);

    expect(credentials).toBeInstanceOf(OAuth1TokenCredentials);
    expect(credentials.kind).toBe('token');
    expect(credentials.token).not.toBe(authorize.searchParams.get('oauth_token'));
    expect(credentials.tokenSecret.length).toBeGreaterThan(0);
    expectNoSecret(credentials, [credentials.token, credentials.tokenSecret]);

    const { token, tokenSecret } = credentials;
    const auth = (consumer.privateKey === undefined ? { ...consumer, token, tokenSecret } : { ...consumer, token }) as OAuth1AuthOptions;
    const { status, echo } = await resource(auth);
    expect(echo.problem).toBeNull();
    expect(status).toBe(200);
  });

  it('the three steps one at a time: temporary credentials, the authorize URL, token credentials', async () => {
    const callbackUrl = 'http://127.0.0.1:9/app/callback';
    const temporary = await requestTemporaryCredentials({ consumerKey, consumerSecret, requestTokenUrl: endpoints.requestTokenUrl, callback: callbackUrl });
    expect(temporary.kind).toBe('temporary');
    expectNoSecret(temporary, [temporary.token, temporary.tokenSecret]);

    const url = oauth1AuthorizeUrl({ authorizeUrl: endpoints.authorizeUrl, token: temporary.token, params: { force_login: 'true' } });
    expect(new URL(url).searchParams.get('force_login')).toBe('true');
    const consent = await visit(url);
    expect(consent.status).toBe(302);
    const callback = new URL(consent.location ?? '');
    expect(`${callback.origin}${callback.pathname}`).toBe(callbackUrl);
    expect(callback.searchParams.get('oauth_token')).toBe(temporary.token);

    const credentials = await requestTokenCredentials({
      consumerKey, consumerSecret, accessTokenUrl: endpoints.accessTokenUrl, temporaryCredentials: temporary, verifier: callback.searchParams.get('oauth_verifier') ?? '',
    });
    const { status, echo } = await resource({ consumerKey, consumerSecret, token: credentials.token, tokenSecret: credentials.tokenSecret });
    expect(echo.problem).toBeNull();
    expect(status).toBe(200);
  });

  it('a wrong verifier is refused by the provider: ERR_AUTH_TOKEN_REQUEST_FAILED with the status, no secret in the error', async () => {
    const temporary = await requestTemporaryCredentials({ consumerKey, consumerSecret, requestTokenUrl: endpoints.requestTokenUrl, callback: 'http://127.0.0.1:9/cb' });
    await visit(oauth1AuthorizeUrl({ authorizeUrl: endpoints.authorizeUrl, token: temporary.token }));
    const error = await failure(requestTokenCredentials({
      consumerKey, consumerSecret, accessTokenUrl: endpoints.accessTokenUrl, temporaryCredentials: temporary, verifier: 'WrongVerifier0000000000000',
    }));
    expect(error.code).toBe('ERR_AUTH_TOKEN_REQUEST_FAILED');
    expect(error.message).toMatch(/token credentials request .* failed: HTTP 401/);
    expect(error.details).toMatchObject({ status: 401 });
    expectNoSecret(error, [consumerSecret, temporary.tokenSecret]);
  });

  it('a wrong consumer secret is refused at the first step, and the error shows no secret', async () => {
    const wrong = 'cs_wrong_secret_value_1';
    const error = await failure(oauth1Login({ consumerKey, consumerSecret: wrong, ...endpoints, signatureMethod: 'PLAINTEXT', open: () => undefined }));
    expect(error.code).toBe('ERR_AUTH_TOKEN_REQUEST_FAILED');
    expect(error.message).toMatch(/^oauth1Login: temporary credentials request to http:\/\/127\.0\.0\.1:\d+ failed: HTTP 401/);
    expectNoSecret(error, [wrong]);
  });

  it('a provider that does not confirm the callback (OAuth 1.0) is refused before the browser is opened', async () => {
    let opened = false;
    const error = await failure(oauth1Login({
      consumerKey, consumerSecret, ...endpoints, requestTokenUrl: `${server.origin}/initiate-unconfirmed`, open: () => {
        opened = true;
      },
    }));
    expect(error.code).toBe('ERR_AUTH_TOKEN_REQUEST_FAILED');
    expect(error.message).toContain('oauth_callback_confirmed is not "true"');
    expect(error.details).toMatchObject({ field: 'oauth_callback_confirmed' });
    expect(opened).toBe(false);
    const alone = await failure(requestTemporaryCredentials({ consumerKey, consumerSecret, requestTokenUrl: `${server.origin}/initiate-unconfirmed`, callback: 'http://127.0.0.1:9/cb' }));
    expect(alone.details).toMatchObject({ field: 'oauth_callback_confirmed' });
  });

  it('a callback whose oauth_token is not the temporary token ends the login with ERR_AUTH_CALLBACK', async () => {
    const pages: Visit[] = [];
    const user = browser(approve(pages, (callback) => callback.searchParams.set('oauth_token', 'SomeoneElsesToken000000000000')));
    const error = await failure(oauth1Login({ consumerKey, consumerSecret, ...endpoints, open: user.open }));
    await user.done();
    expect(error.code).toBe('ERR_AUTH_CALLBACK');
    expect(error.message).toBe('oauth1Login: the callback carries an oauth_token that is not the temporary token this login asked for');
    expect(error.details).toMatchObject({ field: 'oauth_token' });
    expect(pages[1]?.status).toBe(400);
    expect(pages[1]?.body).toContain('data-outcome="failure"');
    expect(await closed(Number(new URL(pages[0]?.location ?? '').port))).toBe(true);
  });

  it('a callback without oauth_verifier ends the login with ERR_AUTH_CALLBACK naming the field', async () => {
    const user = browser(approve([], (callback) => callback.searchParams.delete('oauth_verifier')));
    const error = await failure(oauth1Login({ consumerKey, consumerSecret, ...endpoints, open: user.open }));
    await user.done();
    expect(error.code).toBe('ERR_AUTH_CALLBACK');
    expect(error.details).toMatchObject({ field: 'oauth_verifier' });
  });

  it('a denial at the provider (denied=<token>) is ERR_AUTH_ACCESS_DENIED', async () => {
    const pages: Visit[] = [];
    const user = browser(approve(pages));
    const error = await failure(oauth1Login({ consumerKey, consumerSecret, ...endpoints, authorizeUrl: `${server.origin}/deny`, open: user.open }));
    await user.done();
    expect(error.code).toBe('ERR_AUTH_ACCESS_DENIED');
    expect(new URL(pages[0]?.location ?? '').searchParams.has('denied')).toBe(true);
    expect(pages[1]?.body).toContain('data-outcome="failure"');
  });

  it('no callback within timeoutMs: ERR_AUTH_TIMEOUT, and nothing listens afterwards', async () => {
    const user = browser(async () => undefined);
    const error = await failure(oauth1Login({ consumerKey, consumerSecret, ...endpoints, open: user.open, timeoutMs: 300 }));
    expect(error.code).toBe('ERR_AUTH_TIMEOUT');
    expect(error.message).toBe('oauth1Login: no callback within 300 ms');
    // The provider still knows where the callback was: nothing answers there now.
    const redirect = (await visit(user.opened() ?? '')).location ?? '';
    expect(await closed(Number(new URL(redirect).port))).toBe(true);
  });

  it('an abort while waiting for the browser: ERR_AUTH_ABORTED; an aborted signal: nothing is sent', async () => {
    const controller = new AbortController();
    const user = browser(async () => controller.abort());
    const error = await failure(oauth1Login({ consumerKey, consumerSecret, ...endpoints, open: user.open, signal: controller.signal }));
    expect(error.code).toBe('ERR_AUTH_ABORTED');
    expect(error.message).toBe('the OAuth 1.0a login was aborted');
    const before = await failure(oauth1Login({ consumerKey, consumerSecret, ...endpoints, signal: AbortSignal.abort(), open: () => undefined }));
    expect(before.code).toBe('ERR_AUTH_ABORTED');
  });
});
