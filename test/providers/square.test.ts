// Square: a JSON token request with Square-Version, and an answer whose expires_at (an ISO date,
// 30 days ahead) is the token's expiry.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { MemoryTokenStore } from '../../src/index.js';
import { squareAuth } from '../../src/entries/providers.js';
import { json, protectedApi, startFakeProvider, TokenIssuer, type FakeProvider } from './support/fake-provider.js';

const accessTokens = new TokenIssuer();
const thirtyDays = 30 * 24 * 3_600_000;
let square: FakeProvider;

beforeAll(async () => {
  square = await startFakeProvider({
    '/oauth2/token': (request) => {
      if (!String(request.headers['content-type']).startsWith('application/json')) return { status: 400, body: { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'BAD_REQUEST' }] } };
      const body = json(request);
      if (body.client_id !== 'sq0idp-app' || body.client_secret !== 'sq0csp-secret' || body.grant_type !== 'refresh_token' || body.refresh_token !== 'EQAAE-refresh') {
        return { status: 401, body: { message: 'Not Authorized', type: 'service.not_authorized' } };
      }
      const expiresAt = new Date(Date.now() + thirtyDays);
      expiresAt.setUTCMilliseconds(0);
      return {
        body: {
          access_token: accessTokens.issue('EAAAE'), token_type: 'bearer', expires_at: expiresAt.toISOString().replace('.000Z', 'Z'), merchant_id: 'ML2PMZQ',
          refresh_token: 'EQAAE-refresh', short_lived: false,
        },
      };
    },
    '/v2/locations': protectedApi((token) => accessTokens.accepts(token)),
  });
});
afterAll(async () => {
  await square.close();
});
afterEach(() => {
  vi.useRealTimers();
  square.requests.length = 0;
});

describe('squareAuth', () => {
  it('expires_at (ISO 8601) is honoured: used until then, refreshed after, with a JSON body and Square-Version', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2030-01-01T00:00:00Z').getTime();
    vi.setSystemTime(start);
    const auth = squareAuth({
      clientId: 'sq0idp-app', clientSecret: 'sq0csp-secret', refreshToken: 'EQAAE-refresh', baseUrl: square.origin, tokenUrl: square.url('/oauth2/token'),
      squareVersion: '2024-10-17', store: new MemoryTokenStore(),
    });
    const api = authFetch(auth);
    expect((await api(`${auth.baseUrl}/v2/locations`)).status).toBe(200);
    const token = await auth.getToken();
    expect(token.expiresAt).toBe(start + thirtyDays);
    expect(token.extra).toEqual({ merchantId: 'ML2PMZQ' });

    vi.setSystemTime(start + thirtyDays - 3_600_000); // one hour left: still the same token
    expect((await api(`${auth.baseUrl}/v2/locations`)).status).toBe(200);
    expect(square.on('/oauth2/token')).toHaveLength(1);
    vi.setSystemTime(start + thirtyDays + 1);
    expect((await api(`${auth.baseUrl}/v2/locations`)).status).toBe(200);

    const tokenRequests = square.on('/oauth2/token');
    expect(tokenRequests).toHaveLength(2);
    expect(json(tokenRequests[0])).toEqual({ grant_type: 'refresh_token', refresh_token: 'EQAAE-refresh', client_id: 'sq0idp-app', client_secret: 'sq0csp-secret' });
    expect(tokenRequests[0]?.headers['square-version']).toBe('2024-10-17');
    expect(square.on('/v2/locations').every((request) => request.headers['square-version'] === '2024-10-17')).toBe(true);
    await auth.close();
  });

  it('a personal access token with the sandbox host', async () => {
    const auth = squareAuth({ accessToken: 'EAAAl-sandbox-token', environment: 'sandbox' });
    expect(auth.baseUrl).toBe('https://connect.squareupsandbox.com');
    square.route('/v2/merchants/me', protectedApi((token) => token === 'EAAAl-sandbox-token'));
    expect((await authFetch(auth)(square.url('/v2/merchants/me'))).status).toBe(200);
    expect(square.requests.at(-1)?.headers['square-version']).toBeUndefined();
    expect(() => squareAuth({ accessToken: 'x', environment: 'staging' as 'sandbox' })).toThrow(/square\.environment/);
  });
});
