// Salesforce: token responses without expires_in (the session timeout is used), instance_url
// kept and used as the API host, and the three flows' requests as Salesforce expects them.
import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, importJWK, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { MemoryTokenStore } from '../../src/index.js';
import { salesforceAuth } from '../../src/entries/providers.js';
import { form, protectedApi, startFakeProvider, TokenIssuer, type FakeProvider } from './support/fake-provider.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const accessTokens = new TokenIssuer();
let salesforce: FakeProvider;

/** A Salesforce token answer: no expires_in, the org host in instance_url. */
function sessionReply(): Record<string, unknown> {
  return {
    access_token: accessTokens.issue('00Dxx0000000001!AR'), instance_url: salesforce.origin, id: `${salesforce.origin}/id/00Dxx0000000001/005xx000000001`,
    token_type: 'Bearer', issued_at: String(Date.now()), signature: 'c2lnbmF0dXJl',
  };
}

beforeAll(async () => {
  const verifyKey = await importJWK(await exportJWK(publicKey), 'RS256');
  salesforce = await startFakeProvider({
    '/services/oauth2/token': async (request) => {
      const body = form(request);
      switch (body.get('grant_type')) {
        case 'refresh_token':
          return body.get('client_id') === 'consumer-key' && body.get('client_secret') === 'consumer-secret' && body.get('refresh_token') === '5Aep861-refresh'
            ? { body: sessionReply() }
            : { status: 400, body: { error: 'invalid_grant', error_description: 'expired access/refresh token' } };
        case 'client_credentials':
          return body.get('client_id') === 'consumer-key' && body.get('client_secret') === 'consumer-secret'
            ? { body: sessionReply() }
            : { status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } };
        case 'urn:ietf:params:oauth:grant-type:jwt-bearer': {
          const { payload } = await jwtVerify(body.get('assertion') ?? '', verifyKey, { audience: 'https://login.salesforce.com', issuer: 'consumer-key', subject: 'integration@acme.com' });
          expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(180);
          return { body: sessionReply() };
        }
        default:
          return { status: 400, body: { error: 'unsupported_grant_type' } };
      }
    },
    '/services/data/v61.0/sobjects': protectedApi((token) => accessTokens.accepts(token)),
  });
});
afterAll(async () => {
  await salesforce.close();
});
afterEach(() => {
  vi.useRealTimers();
  salesforce.requests.length = 0;
});

describe('salesforceAuth', () => {
  it('no expires_in: the token lives the default session timeout (2 h), then is refreshed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2030-01-01T00:00:00Z').getTime();
    vi.setSystemTime(start);
    const auth = salesforceAuth({
      clientId: 'consumer-key', clientSecret: 'consumer-secret', refreshToken: '5Aep861-refresh', loginUrl: salesforce.origin, store: new MemoryTokenStore(),
    });
    const base = await auth.instanceUrl();
    expect(base).toBe(salesforce.origin);
    expect((await auth.getToken()).expiresAt).toBe(start + 7_200_000);
    const api = authFetch(auth, { origins: [base] });
    expect((await api(`${base}/services/data/v61.0/sobjects`)).status).toBe(200);
    vi.setSystemTime(start + 7_200_000 - 130_000); // still fresh: before the 120 s refresh window
    expect((await api(`${base}/services/data/v61.0/sobjects`)).status).toBe(200);
    expect(salesforce.on('/services/oauth2/token')).toHaveLength(1);
    vi.setSystemTime(start + 7_200_000 + 1);
    expect((await api(`${base}/services/data/v61.0/sobjects`)).status).toBe(200);
    expect(salesforce.on('/services/oauth2/token')).toHaveLength(2);
    expect(Object.fromEntries(form(salesforce.on('/services/oauth2/token')[0]))).toEqual({
      grant_type: 'refresh_token', refresh_token: '5Aep861-refresh', client_id: 'consumer-key', client_secret: 'consumer-secret',
    });
    await auth.close();
  });

  it('sessionTimeout sets the assumed lifetime; a shorter real one shows as a 401 that refreshes once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2030-01-01T00:00:00Z').getTime();
    vi.setSystemTime(start);
    const auth = salesforceAuth({
      grant: 'client_credentials', clientId: 'consumer-key', clientSecret: 'consumer-secret', loginUrl: salesforce.origin, sessionTimeout: 900,
      store: new MemoryTokenStore(),
    });
    expect((await auth.getToken()).expiresAt).toBe(start + 900_000);
    accessTokens.revokeAll(); // the org ended the session early
    const api = authFetch(auth);
    expect((await api(salesforce.url('/services/data/v61.0/sobjects'))).status).toBe(200);
    expect(salesforce.on('/services/oauth2/token')).toHaveLength(2);
    await auth.close();
  });

  it('JWT bearer: a 3-minute RS256 assertion (iss = consumer key, sub = user, aud = login host) and no client_id', async () => {
    const auth = salesforceAuth({
      grant: 'jwt_bearer', clientId: 'consumer-key', privateKey: pem, username: 'integration@acme.com', loginUrl: salesforce.origin,
      audience: 'https://login.salesforce.com', store: new MemoryTokenStore(), backoff: { maxAttempts: 1 },
    });
    expect(await auth.instanceUrl()).toBe(salesforce.origin);
    const body = form(salesforce.on('/services/oauth2/token')[0]);
    expect([...body.keys()].sort()).toEqual(['assertion', 'grant_type']);
    await auth.close();
  });

  it('instanceUrl() falls back to baseUrl, and refuses an instance_url that is not https', async () => {
    salesforce.route('/services/oauth2/alt-token', () => ({ body: { access_token: accessTokens.issue('00D'), instance_url: 'http://evil.example.com' } }));
    const auth = salesforceAuth({
      grant: 'client_credentials', clientId: 'consumer-key', clientSecret: 'consumer-secret', tokenUrl: salesforce.url('/services/oauth2/alt-token'),
      store: new MemoryTokenStore(),
    });
    await expect(auth.instanceUrl()).rejects.toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED' });
    await auth.close();
    const withBase = salesforceAuth({
      grant: 'client_credentials', clientId: 'consumer-key', clientSecret: 'consumer-secret', tokenUrl: salesforce.url('/services/oauth2/alt-token'),
      baseUrl: 'https://acme.my.salesforce.com', store: new MemoryTokenStore(),
    });
    await expect(withBase.instanceUrl()).resolves.toBe('https://acme.my.salesforce.com');
    await withBase.close();
  });

  it('refuses a session timeout outside 60 s – 24 h and an unknown grant', () => {
    expect(() => salesforceAuth({ clientId: 'c', refreshToken: 'r', sessionTimeout: 0 })).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG' }));
    expect(() => salesforceAuth({ clientId: 'c', refreshToken: 'r', grant: 'password' as 'refresh_token' })).toThrow(/salesforce\.grant/);
  });
});
