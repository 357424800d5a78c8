// Baserow: database tokens as `Token <token>`, user JWTs as `JWT <token>`; signing in with e-mail
// and password (JSON), refreshing before the JWT's exp, and signing in again when the refresh
// token is refused.
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { baserowAuth } from '../../src/entries/providers.js';
import { MemoryTokenStore } from '../../src/index.js';
import { json, protectedApi, startFakeProvider, TokenIssuer, type FakeProvider } from './support/fake-provider.js';

const signingKey = new TextEncoder().encode('baserow-test-signing-key-0123456789abcdef');
const accessTokens = new Set<string>();
const refreshTokens = new TokenIssuer();
let baserow: FakeProvider;

/** A 10-minute access JWT, as Baserow issues them. */
async function accessJwt(): Promise<string> {
  const token = await new SignJWT({ token_type: 'access', user_id: 1 }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime('10m').setJti(crypto.randomUUID()).sign(signingKey);
  accessTokens.add(token);
  return token;
}

beforeAll(async () => {
  baserow = await startFakeProvider({
    '/api/user/token-auth/': async (request) => {
      const body = json(request);
      if (!String(request.headers['content-type']).startsWith('application/json')) return { status: 415, body: { detail: 'Unsupported media type' } };
      if (body.email !== 'bot@example.com' || body.password !== 'correct horse') return { status: 401, body: { error: 'ERROR_INVALID_CREDENTIALS', detail: 'Invalid credentials' } };
      const access = await accessJwt();
      return { body: { user: { first_name: 'Bot', username: 'bot@example.com' }, access_token: access, refresh_token: refreshTokens.issue('refresh'), token: access } };
    },
    '/api/user/token-refresh/': async (request) => {
      const body = json(request);
      if (typeof body.refresh_token !== 'string' || !refreshTokens.accepts(body.refresh_token)) {
        return { status: 401, body: { error: 'ERROR_INVALID_REFRESH_TOKEN', detail: 'Refresh token is expired or invalid.' } };
      }
      const access = await accessJwt();
      return { body: { user: { first_name: 'Bot', username: 'bot@example.com' }, access_token: access, token: access } };
    },
    '/api/applications/': protectedApi((token) => accessTokens.has(token), 'JWT'),
    '/api/database/rows/table/1/': protectedApi((token) => token === 'db-token-0123456789', 'Token'),
  });
});
afterAll(async () => {
  await baserow.close();
});
afterEach(() => {
  vi.useRealTimers();
  baserow.requests.length = 0;
});

describe('baserowAuth', () => {
  it('a database token arrives as `Token <token>`, a JWT as `JWT <token>`', async () => {
    const database = baserowAuth({ databaseToken: 'db-token-0123456789', baseUrl: baserow.origin });
    expect((await authFetch(database)(`${database.baseUrl}/api/database/rows/table/1/`)).status).toBe(200);
    expect(baserow.requests.at(-1)?.headers.authorization).toBe('Token db-token-0123456789');
    const jwt = await accessJwt();
    expect((await authFetch(baserowAuth({ jwt }))(baserow.url('/api/applications/'))).status).toBe(200);
    expect(baserow.requests.at(-1)?.headers.authorization).toBe(`JWT ${jwt}`);
  });

  it('e-mail and password: a JSON sign-in, JWT prefix, refreshed at the JWT’s exp, signed in again when the refresh token is refused', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2030-01-01T00:00:00Z').getTime();
    vi.setSystemTime(start);
    const auth = baserowAuth({ email: 'bot@example.com', password: 'correct horse', baseUrl: baserow.origin, store: new MemoryTokenStore() });
    const api = authFetch(auth);
    expect((await api(baserow.url('/api/applications/'))).status).toBe(200);
    expect(baserow.requests.at(-1)?.headers.authorization).toMatch(/^JWT eyJ/);
    expect(json(baserow.on('/api/user/token-auth/')[0])).toEqual({ email: 'bot@example.com', password: 'correct horse' });
    expect((await auth.getToken()).expiresAt).toBe(start + 600_000);

    vi.setSystemTime(start + 600_001);
    expect((await api(baserow.url('/api/applications/'))).status).toBe(200);
    expect(baserow.on('/api/user/token-auth/')).toHaveLength(1);
    const [refresh] = baserow.on('/api/user/token-refresh/');
    expect(Object.keys(json(refresh))).toEqual(['refresh_token']);

    refreshTokens.revokeAll(); // the refresh token expired (168 h) or was blacklisted
    vi.setSystemTime(start + 1_200_002);
    expect((await api(baserow.url('/api/applications/'))).status).toBe(200);
    expect(baserow.on('/api/user/token-refresh/')).toHaveLength(2);
    expect(baserow.on('/api/user/token-auth/')).toHaveLength(2);
    await auth.close();
  });

  it('wrong credentials fail without the password in the error', async () => {
    const auth = baserowAuth({ email: 'bot@example.com', password: 'wrong-password-value', baseUrl: baserow.origin, store: new MemoryTokenStore(), backoff: { maxAttempts: 1 } });
    const error: unknown = await auth.getToken().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 401, error: 'ERROR_INVALID_CREDENTIALS' } });
    expect(JSON.stringify(error)).not.toContain('wrong-password-value');
    await auth.close();
  });
});
