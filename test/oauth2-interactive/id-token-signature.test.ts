// ID token signatures, checked against the issuer's JWKS in handleCallback (loopbackLogin and
// deviceLogin share the check): a token signed by a key of the set is accepted; another key, alg
// none, HS256 or a kid the set does not hold are refused with ERR_AUTH_CALLBACK and nothing is
// stored. The set is fetched once and cached; a kid it lacks makes one more fetch (key rotation).
// The JWKS and the metadata are served by a local server on 127.0.0.1.
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK } from 'jose';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authorizationUrl, handleCallback, isAuthError, MemoryTokenStore, type AuthorizationCodeOptions } from '../../src/index.js';
import { startTokenServer, tokenReply, type TokenServer } from '../servers/token-server.js';

const redirectUri = 'https://app.example.com/oauth/callback';
let server: TokenServer;
let store: MemoryTokenStore;
/** The keys the JWKS endpoint serves now. */
let published: JWK[] = [];
/** The ID token the token endpoint answers with next. */
let nextIdToken: () => Promise<string>;
let jwksPath = '';
let paths = 0;
const jwksRequests = (): number => server.requests.filter((request) => request.url === jwksPath).length;

interface SigningKey {
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

let keyA: SigningKey;
let keyB: SigningKey;
let stranger: SigningKey;

beforeAll(async () => {
  [keyA, keyB, stranger] = await Promise.all([signingKey('key-a'), signingKey('key-b'), signingKey('key-a')]);
  server = await startTokenServer();
  server.reply(async (request) => {
    if (request.url === jwksPath) return { body: { keys: published } };
    if (request.url === '/.well-known/oauth-authorization-server') {
      return { body: { issuer: server.origin, token_endpoint: server.tokenUrl, jwks_uri: `${server.origin}${jwksPath}` } };
    }
    return tokenReply({ id_token: await nextIdToken() });
  });
});
afterAll(() => server.close());
beforeEach(() => {
  store = new MemoryTokenStore();
  // A JWKS URL of its own per test: the key set cache is per URL for the process.
  paths += 1;
  jwksPath = `/jwks-${paths}`;
  published = [keyA.publicJwk];
});

function options(extra: Partial<AuthorizationCodeOptions> = {}): AuthorizationCodeOptions {
  return {
    authorizationEndpoint: `${server.origin}/authorize`,
    tokenUrl: server.tokenUrl,
    issuer: server.origin,
    jwksUrl: `${server.origin}${jwksPath}`,
    clientId: 'app',
    clientSecret: 'top secret',
    redirectUri,
    scope: ['openid', 'offline_access'],
    store,
    refreshAhead: false,
    ...extra,
  };
}

/** An ID token for this login, signed by `key` with `kid`. */
function idToken(key: CryptoKey, nonce: string | undefined, header: { kid?: string; alg?: string } = {}) {
  return new SignJWT({ nonce, sub: 'alice' })
    .setProtectedHeader({ alg: 'ES256', kid: 'key-a', ...header })
    .setIssuer(server.origin)
    .setAudience('app')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
}

/** One login through handleCallback whose token answer carries the ID token `make` builds. */
async function login(make: (nonce: string | undefined) => Promise<string>, extra: Partial<AuthorizationCodeOptions> = {}, withoutJwksUrl = false) {
  const { jwksUrl, ...rest } = options(extra);
  const opts: AuthorizationCodeOptions = withoutJwksUrl || jwksUrl === undefined ? rest : { ...rest, jwksUrl };
  const { pending } = authorizationUrl(opts);
  nextIdToken = () => make(pending.nonce);
  const callback = new URL(redirectUri);
  callback.searchParams.set('state', pending.state);
  callback.searchParams.set('code', 'the-code');
  callback.searchParams.set('iss', server.origin);
  return handleCallback(callback.href, pending, opts);
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; reason: unknown; text: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isAuthError(error)) throw error;
    return { code: error.code, reason: error.details['reason'], text: `${error.message} ${JSON.stringify(error)} ${inspect(error, { depth: 10 })}` };
  }
  throw new Error('expected a refusal');
}

describe('ID token signature against the JWKS', () => {
  it('a token signed by a key of the set is accepted; the set is fetched once for several logins', async () => {
    for (let round = 0; round < 3; round += 1) {
      const result = await login((nonce) => idToken(keyA.privateKey, nonce));
      expect(result.token.idToken).toBeDefined();
      await result.authenticator.close();
    }
    expect(jwksRequests()).toBe(1);
  });

  it('signed by another key under the same kid: refused (id_token_signature), nothing stored', async () => {
    const { code, reason, text } = await refusal(login((nonce) => idToken(stranger.privateKey, nonce)));
    expect({ code, reason }).toEqual({ code: 'ERR_AUTH_CALLBACK', reason: 'id_token_signature' });
    expect(text).toContain('signature');
    expect(text).not.toContain('top secret');
    expect(store.size).toBe(0);
  });

  it('alg none: refused (id_token_algorithm), nothing stored', async () => {
    const unsigned = (nonce: string | undefined) => Promise.resolve(new UnsecuredJWT({ nonce, sub: 'alice' }).setIssuer(server.origin).setAudience('app').setExpirationTime('5m').encode());
    expect(await refusal(login(unsigned))).toMatchObject({ code: 'ERR_AUTH_CALLBACK', reason: 'id_token_algorithm' });
    expect(store.size).toBe(0);
  });

  it('HS256 with a shared key: refused (id_token_algorithm), a JWKS holds public keys only', async () => {
    const secret = new TextEncoder().encode('k'.repeat(32));
    const hmac = (nonce: string | undefined) =>
      new SignJWT({ nonce }).setProtectedHeader({ alg: 'HS256', kid: 'key-a' }).setIssuer(server.origin).setAudience('app').setExpirationTime('5m').sign(secret);
    expect(await refusal(login(hmac))).toMatchObject({ code: 'ERR_AUTH_CALLBACK', reason: 'id_token_algorithm' });
  });

  it('a kid the set does not hold: fetched once more, then refused (id_token_unknown_key)', async () => {
    await (await login((nonce) => idToken(keyA.privateKey, nonce))).authenticator.close();
    expect(jwksRequests()).toBe(1);
    expect(await refusal(login((nonce) => idToken(keyB.privateKey, nonce, { kid: 'key-b' })))).toMatchObject({ code: 'ERR_AUTH_CALLBACK', reason: 'id_token_unknown_key' });
    expect(jwksRequests()).toBe(2);
    expect(store.size).toBe(1);
  });

  it('rotated keys: a token under the new kid makes one fetch and is accepted; later ones use the cached set', async () => {
    await (await login((nonce) => idToken(keyA.privateKey, nonce))).authenticator.close();
    published = [keyB.publicJwk];
    await (await login((nonce) => idToken(keyB.privateKey, nonce, { kid: 'key-b' }))).authenticator.close();
    await (await login((nonce) => idToken(keyB.privateKey, nonce, { kid: 'key-b' }))).authenticator.close();
    expect(jwksRequests()).toBe(2);
    // The old key is gone from the set: a token still signed with it is refused.
    expect(await refusal(login((nonce) => idToken(keyA.privateKey, nonce)))).toMatchObject({ reason: 'id_token_unknown_key' });
  });

  it("without jwksUrl, the issuer's metadata names the JWKS (jwks_uri)", async () => {
    const result = await login((nonce) => idToken(keyA.privateKey, nonce), {}, true);
    expect(result.token.idToken).toBeDefined();
    expect(server.requests.some((request) => request.url === '/.well-known/oauth-authorization-server')).toBe(true);
    expect(jwksRequests()).toBe(1);
    await result.authenticator.close();
  });

  it('a jwksUrl over plain http to another host is refused when the options are checked', async () => {
    await expect(login((nonce) => idToken(keyA.privateKey, nonce), { jwksUrl: 'http://auth.example.com/jwks' })).rejects.toMatchObject({ code: 'ERR_AUTH_INSECURE_URL' });
  });
});
