// handleCallback against a local token endpoint: what is checked before any token request (state,
// replay, expiry, iss, error=), what the code exchange sends, what is stored, the ID token and
// profile, and that no secret reaches an error. Real HTTP on 127.0.0.1; no browser needed.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  authorizationUrl, handleCallback, isAuthError, MemoryTokenStore, oauth2Auth, PendingAuthorization, type AuthorizationCodeOptions,
} from '../../src/index.js';
import { startTokenServer, tokenReply, type TokenServer } from '../servers/token-server.js';

const issuer = 'https://auth.example.com';
const redirectUri = 'https://app.example.com/oauth/callback';
let server: TokenServer;
let store: MemoryTokenStore;
let seen = 0;
/** Requests the token server received in this test. */
const requests = () => server.requests.slice(seen);
const form = (index: number) => server.form(seen + index);

beforeAll(async () => {
  server = await startTokenServer();
});
afterAll(() => server.close());
beforeEach(() => {
  store = new MemoryTokenStore();
  seen = server.requests.length;
  server.reply(() => tokenReply({ refresh_token: `refresh-${Math.random().toString(36).slice(2)}` }));
});

function options(extra: Partial<AuthorizationCodeOptions> = {}): AuthorizationCodeOptions {
  return {
    authorizationEndpoint: `${issuer}/authorize`,
    tokenUrl: server.tokenUrl,
    issuer,
    clientId: 'app',
    clientSecret: 'top secret',
    redirectUri,
    scope: ['offline_access'],
    store,
    refreshAhead: false,
    ...extra,
  };
}

function callback(pending: PendingAuthorization, params: Record<string, string>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries({ state: pending.state, iss: issuer, ...params })) url.searchParams.set(key, value);
  return url.href;
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown>; message: string; json: string; inspected: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isAuthError(error)) throw error;
    return { code: error.code, details: { ...error.details }, message: error.message, json: JSON.stringify(error), inspected: inspect(error, { depth: 10 }) };
  }
  throw new Error('expected a rejection');
}

describe('handleCallback: the code exchange', () => {
  it('sends the code, the same redirect_uri and the PKCE verifier with client_secret_basic; stores the token; refreshes later', async () => {
    const { pending } = authorizationUrl(options());
    const { codeVerifier } = pending.toRecord();
    const result = await handleCallback(callback(pending, { code: 'the-code' }), pending, options());
    const sent = form(0);
    expect(Object.fromEntries(sent)).toEqual({ grant_type: 'authorization_code', code: 'the-code', redirect_uri: redirectUri, code_verifier: codeVerifier });
    expect(requests()[0]?.headers.authorization).toBe(`Basic ${Buffer.from('app:top+secret').toString('base64')}`);
    const stored = await store.get(result.authenticator.tokenManager.key);
    expect(stored).toMatchObject({ accessToken: result.token.accessToken, refreshToken: result.token.refreshToken, version: 1 });

    // Another authenticator with the same options and store uses it, and refreshes with its refresh token.
    const auth = oauth2Auth({ grant: 'authorization_code', ...options() });
    expect((await auth.getToken()).accessToken).toBe(result.token.accessToken);
    expect(requests()).toHaveLength(1);
    const refreshed = await auth.tokenManager.rejectToken(result.token.accessToken);
    expect(Object.fromEntries(form(1))).toEqual({ grant_type: 'refresh_token', refresh_token: result.token.refreshToken });
    expect(refreshed.accessToken).not.toBe(result.token.accessToken);
    await auth.close();
    await result.authenticator.close();
  });

  it('a public client sends client_id; a relative callback (path and query) is accepted; the code parameter can be renamed', async () => {
    const { clientSecret: _secret, ...publicOptions } = options({ paramNames: { code: 'auth_code' } });
    const { pending } = authorizationUrl(publicOptions);
    const result = await handleCallback(`/oauth/callback?auth_code=c0de&state=${pending.state}`, pending, publicOptions);
    expect(Object.fromEntries(form(0))).toMatchObject({ grant_type: 'authorization_code', auth_code: 'c0de', client_id: 'app' });
    expect(requests()[0]?.headers.authorization).toBeUndefined();
    await result.authenticator.close();
  });

  it('before a login, the authorization_code authenticator asks for one (ERR_AUTH_REAUTH_REQUIRED) and sends nothing', async () => {
    const auth = oauth2Auth({ grant: 'authorization_code', ...options() });
    const error = await failure(auth.getToken());
    expect(error.code).toBe('ERR_AUTH_REAUTH_REQUIRED');
    expect(error.message).toContain('loopbackLogin');
    expect(requests()).toHaveLength(0);
    // A login through handleCallback clears the stop for it at once.
    const { pending } = authorizationUrl(options());
    const result = await handleCallback(callback(pending, { code: 'c' }), pending, options());
    expect((await auth.getToken()).accessToken).toBe(result.token.accessToken);
    await auth.close();
    await result.authenticator.close();
  });

  it('a refused code (invalid_grant) is ERR_AUTH_CALLBACK; nothing stored; neither code nor verifier in the error', async () => {
    const { pending } = authorizationUrl(options());
    const { codeVerifier } = pending.toRecord();
    const code = 'SplxlOBeZQQYbYS6WxSbIA0123456789';
    server.reply(() => ({ status: 400, body: { error: 'invalid_grant', error_description: `code ${code} with verifier ${codeVerifier} is not valid` } }));
    const error = await failure(handleCallback(callback(pending, { code }), pending, options()));
    expect(error).toMatchObject({ code: 'ERR_AUTH_CALLBACK', details: { error: 'invalid_grant', reason: 'code_refused', status: 400 } });
    for (const text of [error.message, error.json, error.inspected]) {
      expect(text).not.toContain(code);
      expect(text).not.toContain(codeVerifier);
      expect(text).not.toContain('top secret');
    }
    expect(store.size).toBe(0);
  });

  it('checks the ID token: nonce, audience and issuer', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] };
    const idToken = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(issuer).setAudience('app').setExpirationTime('5m').sign(privateKey);
    const opts = options({ scope: ['openid', 'offline_access'], jwksUrl: `${server.origin}/callback-test-jwks` });
    const good = authorizationUrl(opts);
    const answer = (make: () => Promise<string>) => server.reply(async (request) => (request.url === '/callback-test-jwks' ? { body: jwks } : tokenReply({ id_token: await make() })));
    answer(() => idToken({ nonce: good.pending.nonce }));
    const result = await handleCallback(callback(good.pending, { code: 'c' }), good.pending, opts);
    expect(result.token.idToken).toBeDefined();
    await result.authenticator.close();

    const bad = authorizationUrl(opts);
    answer(() => idToken({ nonce: 'another-nonce' }));
    expect(await failure(handleCallback(callback(bad.pending, { code: 'c' }), bad.pending, opts))).toMatchObject({ code: 'ERR_AUTH_CALLBACK', details: { reason: 'nonce_mismatch' } });
    expect(store.size).toBe(1);
  });

  it('profile: fetched with the new access token, kept in extra.profile; a failing profile fetch stores nothing', async () => {
    let profileHeader: unknown;
    server.reply((request) => {
      if (request.url === '/me') {
        profileHeader = request.headers.authorization;
        return { body: { data: { user: { id: 42, mail: 'alice@example.com' } } } };
      }
      return tokenReply({ refresh_token: 'r' });
    });
    const opts = options({ profile: { url: `${server.origin}/me`, idPath: 'data.user.id', emailPath: 'data.user.mail' } });
    const { pending } = authorizationUrl(opts);
    const result = await handleCallback(callback(pending, { code: 'c' }), pending, opts);
    expect(profileHeader).toBe(`Bearer ${result.token.accessToken}`);
    expect(result.profile).toEqual({ id: '42', email: 'alice@example.com' });
    expect((await store.get(result.authenticator.tokenManager.key))?.extra).toEqual({ profile: { id: '42', email: 'alice@example.com' } });
    await result.authenticator.close();

    const other = new MemoryTokenStore();
    server.reply((request) => (request.url === '/me' ? { status: 401, body: { error: 'invalid_token' } } : tokenReply({ access_token: 'AT-4f8a9b0c1d2e3f4a5b6c7d8e' })));
    const otherOptions = { ...opts, store: other };
    const second = authorizationUrl(otherOptions);
    const error = await failure(handleCallback(callback(second.pending, { code: 'c' }), second.pending, otherOptions));
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 401 } });
    expect(error.message).not.toContain('AT-4f8a9b0c1d2e3f4a5b6c7d8e');
    expect(other.size).toBe(0);
  });
});

describe('handleCallback: refused before any token request', () => {
  it('missing, mismatched or duplicated state', async () => {
    const { pending } = authorizationUrl(options());
    const noState = new URL(callback(pending, { code: 'c' }));
    noState.searchParams.delete('state');
    expect(await failure(handleCallback(noState, pending, options()))).toMatchObject({ code: 'ERR_AUTH_CALLBACK', details: { reason: 'missing_state' } });
    expect(await failure(handleCallback(callback(pending, { code: 'c', state: 'forged' }), pending, options()))).toMatchObject({ details: { reason: 'state_mismatch' } });
    const twice = `${callback(pending, { code: 'c' })}&state=other`;
    expect(await failure(handleCallback(twice, pending, options()))).toMatchObject({ details: { reason: 'state_mismatch' } });
    expect(pending.used).toBe(false); // forged callbacks do not use the real request up
    expect(requests()).toHaveLength(0);
  });

  it('a replayed callback: the second use of a pending request is refused', async () => {
    const { pending } = authorizationUrl(options());
    const url = callback(pending, { code: 'c' });
    const first = await handleCallback(url, pending, options());
    expect(pending.used).toBe(true);
    expect(await failure(handleCallback(url, pending, options()))).toMatchObject({ code: 'ERR_AUTH_CALLBACK', details: { reason: 'replayed' } });
    expect(requests()).toHaveLength(1);
    expect((await store.get(first.authenticator.tokenManager.key))?.version).toBe(1);
    await first.authenticator.close();
  });

  it('an expired pending request: ERR_AUTH_EXPIRED', async () => {
    const { pending } = authorizationUrl(options());
    const old = PendingAuthorization.fromRecord({ ...pending.toRecord(), expiresAt: Date.now() - 1 });
    expect(await failure(handleCallback(callback(old, { code: 'c' }), old, options()))).toMatchObject({ code: 'ERR_AUTH_EXPIRED' });
    expect(requests()).toHaveLength(0);
  });

  it('iss: must equal the issuer when sent; required with requireIssuerInResponse; on the endpoint\'s origin when no issuer is configured', async () => {
    const run = async (params: Record<string, string>, extra: Partial<AuthorizationCodeOptions> = {}) => {
      const { pending } = authorizationUrl(options(extra));
      const url = new URL(callback(pending, { code: 'c', ...params }));
      if (params['iss'] === '') url.searchParams.delete('iss');
      return failure(handleCallback(url, pending, options(extra)));
    };
    expect(await run({ iss: 'https://evil.example.com' })).toMatchObject({ code: 'ERR_AUTH_CALLBACK', details: { reason: 'iss_mismatch' } });
    expect(await run({ iss: `${issuer}/` })).toMatchObject({ details: { reason: 'iss_mismatch' } });
    expect(await run({ iss: '' }, { requireIssuerInResponse: true })).toMatchObject({ details: { reason: 'missing_iss' } });
    const { issuer: _drop, ...withoutIssuer } = options();
    const { pending } = authorizationUrl(withoutIssuer);
    expect(await failure(handleCallback(callback(pending, { code: 'c', iss: 'https://evil.example.com' }), pending, withoutIssuer))).toMatchObject({
      details: { reason: 'iss_mismatch' },
    });
    expect(requests()).toHaveLength(0);
    // Without iss and without requireIssuerInResponse the callback is accepted (servers that predate RFC 9207).
    const ok = authorizationUrl(options());
    const url = new URL(callback(ok.pending, { code: 'c' }));
    url.searchParams.delete('iss');
    await (await handleCallback(url, ok.pending, options())).authenticator.close();
  });

  it('error=access_denied is ERR_AUTH_ACCESS_DENIED, other errors ERR_AUTH_CALLBACK, with a sanitised description', async () => {
    const { pending } = authorizationUrl(options());
    const description = 'User said <b>no</b>\r\ntoken eyJhbGciOiJIUzI1NiJ9abc123def456 leaked';
    const denied = await failure(handleCallback(callback(pending, { error: 'access_denied', error_description: description }), pending, options()));
    expect(denied).toMatchObject({ code: 'ERR_AUTH_ACCESS_DENIED', details: { error: 'access_denied', reason: 'error_response' } });
    expect(denied.message).toContain('User said <b>no</b>');
    expect(denied.message).not.toMatch(/[\r\n]/);
    expect(denied.message).not.toContain('eyJhbGciOiJIUzI1NiJ9abc123def456');
    expect(pending.used).toBe(true);

    const other = authorizationUrl(options());
    expect(await failure(handleCallback(callback(other.pending, { error: 'invalid_scope' }), other.pending, options()))).toMatchObject({
      code: 'ERR_AUTH_CALLBACK',
      details: { error: 'invalid_scope' },
    });
    const forged = authorizationUrl(options());
    expect(await failure(handleCallback(callback(forged.pending, { error: 'access_denied', state: 'x' }), forged.pending, options()))).toMatchObject({
      code: 'ERR_AUTH_CALLBACK',
      details: { reason: 'state_mismatch' },
    });
    expect(requests()).toHaveLength(0);
    expect(store.size).toBe(0);
  });

  it('a callback without a code, and a pending request of another client', async () => {
    const { pending } = authorizationUrl(options());
    expect(await failure(handleCallback(callback(pending, {}), pending, options()))).toMatchObject({ details: { reason: 'missing_code' } });
    const theirs = authorizationUrl(options({ clientId: 'other' }));
    expect(await failure(handleCallback(callback(theirs.pending, { code: 'c' }), theirs.pending, options()))).toMatchObject({ code: 'ERR_AUTH_INVALID_CONFIG' });
  });
});
