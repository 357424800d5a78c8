// grant: 'token_exchange' (RFC 8693) against oidc-provider (the grant registered through its custom
// grant hook): what the token endpoint received, which token the API saw, one exchange for many
// requests, a new exchange with the subject's new token after expiry, and the refusals.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAuthError, MemoryTokenStore, oauth2Auth } from '../../src/index.js';
import { send } from '../servers/auth-client.js';
import { CLIENT_SECRET, startOidcServer, TOKEN_EXCHANGE_GRANT, type OidcServer } from '../servers/oidc.js';
import { enableTokenExchange, type ExchangeRecord } from '../servers/oidc-token-exchange.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';

const ttlSeconds = 2;
const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';
let oidc: OidcServer;
let api: ResourceServer;
let exchanges: ExchangeRecord[];

beforeAll(async () => {
  oidc = await startOidcServer({ accessTokenTtl: ttlSeconds });
  exchanges = enableTokenExchange(oidc);
  api = await startResourceServer((token) => oidc.isActive(token));
});
afterAll(async () => {
  await api.close();
  await oidc.close();
});

const exchangeClient = { clientId: 'exchange-client', clientSecret: CLIENT_SECRET, clientAuth: 'client_secret_post', refreshAhead: false } as const;
const sleepUntil = (time: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

function subjectAuthenticator() {
  return oauth2Auth({ grant: 'client_credentials', tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: CLIENT_SECRET, scope: ['api:read'], store: new MemoryTokenStore(), refreshAhead: false });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('token exchange against oidc-provider', () => {
  it("exchanges another authenticator's current token once for many requests; after expiry again, with the subject's new token", async () => {
    const subjectAuth = subjectAuthenticator();
    const auth = oauth2Auth({
      grant: 'token_exchange', tokenUrl: oidc.tokenUrl, ...exchangeClient, subjectToken: subjectAuth,
      audience: 'https://backend.example.com', scope: ['api:read'], store: new MemoryTokenStore(),
    });
    const start = exchanges.length;
    const results = await Promise.all(Array.from({ length: 50 }, () => send(auth, api.url)));
    expect(results.every((result) => result.status === 200 && result.attempts === 1)).toBe(true);
    expect(exchanges.length - start).toBe(1);
    const first = exchanges[start];
    const subjectToken = (await subjectAuth.getToken()).accessToken;
    expect(first?.params).toEqual({
      grant_type: TOKEN_EXCHANGE_GRANT, subject_token: subjectToken, subject_token_type: accessTokenType, audience: 'https://backend.example.com', scope: 'api:read',
    });
    expect(first?.subject).toBe('basic-client');
    // The API saw the exchanged token, never the subject token.
    expect(new Set(results.map((result) => result.credential))).toEqual(new Set([first?.issued]));
    expect(api.tokens).not.toContain(subjectToken);
    // The client authenticated as client_secret_post.
    expect(oidc.events.at(-1)).toMatchObject({ grantType: TOKEN_EXCHANGE_GRANT, clientId: 'exchange-client', ok: true });

    await sleepUntil((await auth.getToken()).expiresAt + 50);
    expect((await send(auth, api.url)).status).toBe(200);
    expect(exchanges.length - start).toBe(2);
    const second = exchanges[start + 1];
    expect(second?.params['subject_token']).toBe((await subjectAuth.getToken()).accessToken);
    expect(second?.params['subject_token']).not.toBe(subjectToken);
    expect(second?.issued).not.toBe(first?.issued);
    await auth.close();
    await subjectAuth.close();
  });

  it('a string subject token, an actor token from a function and requested_token_type are sent as given', async () => {
    const subjectAuth = subjectAuthenticator();
    const actorAuth = subjectAuthenticator();
    const subjectToken = (await subjectAuth.getToken()).accessToken;
    const auth = oauth2Auth({
      grant: 'token_exchange', tokenUrl: oidc.tokenUrl, ...exchangeClient, subjectToken, subjectTokenType: accessTokenType,
      actorToken: async () => (await actorAuth.getToken()).accessToken, requestedTokenType: accessTokenType, store: new MemoryTokenStore(),
    });
    const start = exchanges.length;
    expect((await send(auth, api.url)).status).toBe(200);
    expect(exchanges[start]?.params).toEqual({
      grant_type: TOKEN_EXCHANGE_GRANT, subject_token: subjectToken, subject_token_type: accessTokenType,
      actor_token: (await actorAuth.getToken()).accessToken, actor_token_type: accessTokenType, requested_token_type: accessTokenType,
    });
    await auth.close();
    await subjectAuth.close();
    await actorAuth.close();
  });

  it("the server refuses the subject authenticator's token (revoked there): that token is refreshed and the exchange tried once more", async () => {
    const subjectAuth = subjectAuthenticator();
    const dead = (await subjectAuth.getToken()).accessToken;
    await (await oidc.provider.ClientCredentials.find(dead))?.destroy();
    const auth = oauth2Auth({ grant: 'token_exchange', tokenUrl: oidc.tokenUrl, ...exchangeClient, subjectToken: subjectAuth, store: new MemoryTokenStore() });
    const start = exchanges.length;
    expect((await send(auth, api.url)).status).toBe(200);
    expect(exchanges.slice(start).map((record) => [record.params['subject_token'] === dead, record.issued !== undefined])).toEqual([[true, false], [false, true]]);
    await auth.close();
    await subjectAuth.close();
  });

  it('a subject authenticator that must sign in again: the exchange fails with ERR_AUTH_REAUTH_REQUIRED naming subjectToken, and works once the subject has signed in', async () => {
    // A refresh token the server never issued: the subject's refresh gets invalid_grant and stops for a sign-in.
    const subjectAuth = oauth2Auth({
      grant: 'refresh_token', tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: CLIENT_SECRET,
      refreshToken: 'a-refresh-token-the-server-never-issued-0123456789', store: new MemoryTokenStore(), refreshAhead: false,
    });
    const auth = oauth2Auth({ grant: 'token_exchange', tokenUrl: oidc.tokenUrl, ...exchangeClient, subjectToken: subjectAuth, store: new MemoryTokenStore() });
    const start = exchanges.length;
    const error = await rejection(send(auth, api.url));
    expect(isAuthError(error, 'ERR_AUTH_REAUTH_REQUIRED')).toBe(true);
    expect((error as { details: Record<string, unknown> }).details['field']).toBe('subjectToken');
    expect(exchanges.length).toBe(start);
    // The subject signs in again (here: a token the server issued, handed to its token manager).
    const fresh = subjectAuthenticator();
    const signedIn = await fresh.getToken();
    await subjectAuth.tokenManager.setToken({ accessToken: signedIn.accessToken, tokenType: 'Bearer', issuedAt: Date.now(), expiresAt: signedIn.expiresAt });
    const result = await send(auth, api.url);
    expect(result.status).toBe(200);
    expect(exchanges.slice(start).map((record) => record.params['subject_token'] === signedIn.accessToken)).toEqual([true]);
    await Promise.all([auth.close(), subjectAuth.close(), fresh.close()]);
  });

  it('a fixed subject token the server refuses: ERR_AUTH_REAUTH_REQUIRED, no secret in the error', async () => {
    const subjectToken = 'not-a-token-the-server-issued-0123456789';
    const auth = oauth2Auth({ grant: 'token_exchange', tokenUrl: oidc.tokenUrl, ...exchangeClient, subjectToken, store: new MemoryTokenStore() });
    const error = await rejection(send(auth, api.url));
    expect(isAuthError(error, 'ERR_AUTH_REAUTH_REQUIRED')).toBe(true);
    const text = `${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 10 })}`;
    for (const secret of [subjectToken, CLIENT_SECRET]) expect(text).not.toContain(secret);
    await auth.close();
  });
});

describe('token exchange options', () => {
  const base = { grant: 'token_exchange', tokenUrl: 'https://auth.example.com/token', clientId: 'c', clientSecret: 's' } as const;

  it('a subjectToken function needs a subject (it names the cached token)', () => {
    expect(() => oauth2Auth({ ...base, subjectToken: () => 't' })).toThrow(/subject/);
    expect(() => oauth2Auth({ ...base, subjectToken: () => 't', subject: 'user-1' })).not.toThrow();
  });

  it('bad inputs name the field', () => {
    for (const [options, field] of [
      [{ ...base, subjectToken: '' }, 'subjectToken'],
      [{ ...base, subjectToken: 42 }, 'subjectToken'],
      [{ ...base, subjectToken: 't', subjectTokenType: 'not a uri' }, 'subjectTokenType'],
      [{ ...base, subjectToken: 't', actorTokenType: accessTokenType }, 'actorTokenType'],
      [{ ...base, subjectToken: 't', actorToken: {} }, 'actorToken'],
    ] as const) {
      const error = (() => {
        try {
          oauth2Auth(options as never);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
      expect(String(error)).toContain(field);
    }
  });

  it('different subject tokens are different cached tokens; the same string shares one', () => {
    const key = (subjectToken: string) => oauth2Auth({ ...base, subjectToken }).tokenManager.key;
    expect(key('token-a')).not.toBe(key('token-b'));
    expect(key('token-a')).toBe(key('token-a'));
  });
});
