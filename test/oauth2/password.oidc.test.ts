// The resource owner password grant, registered in oidc-provider through registerGrantType.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore, oauth2Auth } from '../../src/index.js';
import { send } from '../servers/auth-client.js';
import { CLIENT_SECRET, PASSWORD, startOidcServer, USERNAME, type OidcServer } from '../servers/oidc.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';

let oidc: OidcServer;
let api: ResourceServer;

beforeAll(async () => {
  oidc = await startOidcServer({ accessTokenTtl: 2 });
  api = await startResourceServer((token) => oidc.isActive(token));
});
afterAll(async () => {
  await api.close();
  await oidc.close();
});

describe('password grant (oidc-provider, registerGrantType)', () => {
  it('gets a token with the password once, then refreshes with the refresh token (the password is not sent again)', async () => {
    const store = new MemoryTokenStore();
    const auth = oauth2Auth({
      grant: 'password', tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: CLIENT_SECRET,
      username: USERNAME, password: PASSWORD, scope: ['offline_access', 'api:read'], store, refreshAhead: false,
    });
    expect((await Promise.all(Array.from({ length: 10 }, () => send(auth, api.url)))).map((result) => result.status)).toEqual(Array(10).fill(200));
    expect(oidc.count('password', 'ok')).toBe(1);
    const first = await auth.getToken();
    await new Promise((resolve) => setTimeout(resolve, first.expiresAt - Date.now() + 20));
    expect((await send(auth, api.url)).status).toBe(200);
    expect(oidc.count('password')).toBe(1);
    expect(oidc.count('refresh_token', 'ok')).toBe(1);

    // The grant dies (its refresh token is replaced by garbage): the dropped password is not used again.
    const stored = await store.get(auth.tokenManager.key);
    await store.set(auth.tokenManager.key, { ...stored!, accessToken: 'dead', expiresAt: Date.now() - 1, refreshToken: 'not-a-real-refresh-token', version: stored!.version + 1 });
    const current = await auth.getToken();
    await expect(auth.tokenManager.rejectToken(current.accessToken)).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    expect(oidc.count('refresh_token', 'error')).toBe(1);
    expect(oidc.count('password')).toBe(1);
    await auth.close();
  });

  it('a wrong password is ERR_AUTH_REAUTH_REQUIRED, and no further token request is sent', async () => {
    const auth = oauth2Auth({
      grant: 'password', tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: CLIENT_SECRET,
      username: USERNAME, password: 'not the password', store: new MemoryTokenStore(),
    });
    const before = oidc.events.length;
    const error = await send(auth, api.url).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED', details: { error: 'invalid_grant', status: 400 } });
    expect(String(error)).not.toContain('not the password');
    await expect(send(auth, api.url)).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    expect(oidc.events.length - before).toBe(1);
    await auth.close();
  });
});
