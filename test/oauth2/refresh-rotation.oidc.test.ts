// refresh_token with rotation on (oidc-provider: a refresh token used twice revokes the whole
// grant). Many concurrent requests across several expiries: exactly one refresh per expiry, no
// invalid_grant, and the grant stays valid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore, oauth2Auth } from '../../src/index.js';
import { send } from '../servers/auth-client.js';
import { CLIENT_SECRET, startOidcServer, type OidcServer } from '../servers/oidc.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';

const ttlSeconds = 3;
let oidc: OidcServer;
let api: ResourceServer;

beforeAll(async () => {
  oidc = await startOidcServer({ accessTokenTtl: ttlSeconds });
  api = await startResourceServer((token) => oidc.isActive(token));
});
afterAll(async () => {
  await api.close();
  await oidc.close();
});

const sleepUntil = (time: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

describe('refresh_token grant with rotating refresh tokens (oidc-provider)', () => {
  it('200 concurrent requests across each of three expiries cause exactly one refresh per expiry, never an invalid_grant', async () => {
    const { refreshToken } = await oidc.issueRefreshToken();
    const store = new MemoryTokenStore();
    const auth = oauth2Auth({
      grant: 'refresh_token', tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: CLIENT_SECRET, refreshToken, store,
      refreshWindowMs: 1_000, forcedRefreshWindowMs: 1_000, refreshAhead: false,
    });
    const startEvents = oidc.events.length;
    for (let expiry = 0; expiry < 4; expiry += 1) {
      const results = await Promise.all(Array.from({ length: 200 }, () => send(auth, api.url)));
      expect(results.every((result) => result.status === 200 && result.attempts === 1)).toBe(true);
      expect(new Set(results.map((result) => result.credential)).size).toBe(1);
      expect(oidc.count('refresh_token', 'ok')).toBe(expiry + 1);
      await sleepUntil((await auth.getToken()).expiresAt + 20);
    }
    const events = oidc.events.slice(startEvents);
    expect(events.filter((event) => !event.ok)).toEqual([]);
    expect(events.every((event) => event.grantType === 'refresh_token')).toBe(true);
    const stored = await store.get(auth.tokenManager.key);
    expect(stored?.refreshToken).toBeDefined();
    expect(stored?.refreshToken).not.toBe(refreshToken);
    // The grant is still valid: its latest refresh token still refreshes.
    await expect(auth.tokenManager.rejectToken((await auth.getToken()).accessToken)).resolves.toMatchObject({ accessToken: expect.any(String) });
    expect(oidc.events.slice(startEvents).filter((event) => !event.ok)).toEqual([]);
    await auth.close();
  });

  it('continuous traffic with the default windows (background refresh, refresh ahead): every request succeeds, no invalid_grant', async () => {
    const { refreshToken } = await oidc.issueRefreshToken();
    const auth = oauth2Auth({
      grant: 'refresh_token', tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: CLIENT_SECRET, refreshToken, store: new MemoryTokenStore(),
    });
    const startEvents = oidc.events.length;
    const until = Date.now() + 2.5 * ttlSeconds * 1000;
    const statuses: number[] = [];
    while (Date.now() < until) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => send(auth, api.url)));
      statuses.push(...batch.map((result) => result.status));
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
    const events = oidc.events.slice(startEvents);
    expect(events.filter((event) => !event.ok)).toEqual([]);
    const refreshes = events.length;
    const distinct = new Set(api.tokens.slice(-statuses.length * 2)).size;
    expect(refreshes).toBeGreaterThanOrEqual(3);
    expect(refreshes).toBeLessThanOrEqual(distinct + 1);
    await auth.close();
  });

  it('a supplied initial access token is used until it expires; the initial refresh token is sent only once', async () => {
    const { accessToken, refreshToken } = await oidc.issueRefreshToken();
    const auth = oauth2Auth({
      grant: 'refresh_token', tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: CLIENT_SECRET, refreshToken,
      accessToken, expiresAt: Date.now() + 60_000, store: new MemoryTokenStore(), refreshAhead: false,
    });
    const before = oidc.events.length;
    const result = await send(auth, api.url);
    expect(result).toMatchObject({ status: 200, credential: accessToken });
    expect(oidc.events.length).toBe(before);
    // The server refuses it (say it was revoked): one refresh, then the rotated token is used.
    await auth.tokenManager.rejectToken(accessToken);
    await auth.tokenManager.rejectToken((await auth.getToken()).accessToken);
    expect(oidc.events.slice(before).map((event) => [event.grantType, event.ok])).toEqual([
      ['refresh_token', true],
      ['refresh_token', true],
    ]);
    await auth.close();
  });
});
