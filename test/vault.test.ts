// createVault over real token endpoints: secrets() hands out fresh tokens (refreshing expired
// ones), reports the names that cannot log in without throwing, and never prints a token.
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authFetch } from '../adapters/fetch.js';
import { basicAuth, bearerAuth, createVault, MemoryTokenStore, oauth2Auth, sessionTokenAuth, type Authenticator } from '../src/index.js';
import { startResourceServer, type ResourceServer } from './servers/resource-server.js';
import { PASSWORD, startSessionApp, USER, type SessionApp } from './servers/session-server.js';
import { startTokenServer, tokenReply, type TokenServer } from './servers/token-server.js';

let tokens: TokenServer;
let refusing: TokenServer;
let app: SessionApp;
let api: ResourceServer;
const issued = new Set<string>();
const closers: Array<() => Promise<void>> = [];

beforeEach(async () => {
  tokens = await startTokenServer(() => {
    const reply = tokenReply({ scope: 'repo gist' });
    issued.add((reply.body as { access_token: string }).access_token);
    return reply;
  });
  refusing = await startTokenServer(() => ({ status: 401, body: { error: 'invalid_client', error_description: 'unknown client' } }));
  app = await startSessionApp();
  api = await startResourceServer((token) => issued.has(token));
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(closers.splice(0).map((close) => close()));
  await Promise.all([tokens.close(), refusing.close(), app.close(), api.close()]);
  issued.clear();
});

function vaultOf(store = new MemoryTokenStore()) {
  const vault = createVault(
    {
      github: oauth2Auth({ grant: 'client_credentials', tokenUrl: tokens.tokenUrl, clientId: 'gh', clientSecret: 'gh-SECRET-0001', store }),
      spotify: oauth2Auth({ grant: 'client_credentials', tokenUrl: refusing.tokenUrl, clientId: 'sp', clientSecret: 'sp-SECRET-0002', store }),
      reports: sessionTokenAuth({
        login: { url: `${app.origin}/login/json`, json: { username: USER, password: PASSWORD } },
        tokenPath: 'data.tokens[0].value',
        expiresIn: 'PT8H',
        store,
      }),
      stripe: bearerAuth({ token: 'sk_test_STATIC-0003' }),
      legacy: basicAuth({ username: 'u', password: 'basic-SECRET-0004' }),
    },
    { store },
  );
  closers.push(() => vault.close());
  return vault;
}

describe('createVault', () => {
  it('secrets() gives each name its fresh token; a name that cannot log in reports isLoggedIn: false without throwing', async () => {
    const vault = vaultOf();
    const secrets = await vault.secrets();
    expect(Object.keys(secrets)).toEqual(['github', 'spotify', 'reports', 'stripe', 'legacy']);
    expect(secrets.github).toMatchObject({ isLoggedIn: true, scopes: ['repo', 'gist'] });
    expect(issued.has(secrets.github.bearerToken ?? '')).toBe(true);
    expect(secrets.github.expiresAt).toBeGreaterThan(Date.now());
    expect(secrets.reports).toMatchObject({ isLoggedIn: true, bearerToken: app.issued[0], scopes: [] });
    expect(secrets.stripe).toMatchObject({ isLoggedIn: true, bearerToken: 'sk_test_STATIC-0003', expiresAt: undefined });
    expect(secrets.legacy).toMatchObject({ isLoggedIn: true, bearerToken: undefined });
    expect(secrets.spotify).toMatchObject({ isLoggedIn: false, bearerToken: undefined, expiresAt: undefined, scopes: [] });
    expect(secrets.spotify.error?.code).toBe('ERR_AUTH_TOKEN_REQUEST_FAILED');
  });

  it('secrets() refreshes an expired token first (one token request per expiry, however many callers)', async () => {
    const start = Date.UTC(2030, 0, 1);
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const vault = vaultOf();
    const first = await vault.secrets();
    expect(tokens.requests).toHaveLength(1);
    expect((await vault.secrets()).github.bearerToken).toBe(first.github.bearerToken);
    expect(tokens.requests).toHaveLength(1);

    vi.setSystemTime(start + 2 * 3_600_000); // the 1-hour token has expired
    const again = await Promise.all(Array.from({ length: 5 }, () => vault.secrets()));
    expect(tokens.requests).toHaveLength(2);
    const fresh = again[0]?.github;
    expect(fresh?.bearerToken).not.toBe(first.github.bearerToken);
    expect(again.every((secrets) => secrets.github.bearerToken === fresh?.bearerToken)).toBe(true);
    expect(fresh?.expiresAt).toBe(start + 3 * 3_600_000);
    expect(app.logins()).toHaveLength(1); // the 8-hour session is still good
  });

  it('getToken(name) returns the Token; authenticator(name) works with an adapter', async () => {
    const vault = vaultOf();
    const token = await vault.getToken('github');
    expect(token).toMatchObject({ tokenType: 'Bearer', scope: 'repo gist' });
    const response = await authFetch(vault.authenticator('github'))(api.url);
    expect(response.status).toBe(200);
    expect(api.tokens).toEqual([token.accessToken]);
    await expect(vault.getToken('stripe')).rejects.toMatchObject({ code: 'ERR_AUTH_INVALID_CONFIG' });
    await expect(vault.getToken('spotify')).rejects.toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED' });
  });

  it('an unknown name is ERR_AUTH_UNKNOWN_OPTION listing the valid names', async () => {
    const vault = vaultOf();
    expect(() => vault.authenticator('gitlab' as 'github')).toThrow(/no authenticator named 'gitlab'; expected one of 'github', 'spotify', 'reports', 'stripe', 'legacy'/);
    await expect(vault.getToken('gitlab' as 'github')).rejects.toMatchObject({ code: 'ERR_AUTH_UNKNOWN_OPTION', details: { options: 'github,spotify,reports,stripe,legacy' } });
  });

  it('prints no token: the vault shows its names, each secret shows [REDACTED], yet the property holds the token', async () => {
    const vault = vaultOf();
    const secrets = await vault.secrets();
    const live = [secrets.github.bearerToken, secrets.reports.bearerToken, secrets.stripe.bearerToken].map(String);
    const views = [inspect(vault, { depth: Infinity }), JSON.stringify(vault), inspect(secrets, { depth: Infinity }), JSON.stringify(secrets), String(secrets.spotify.error)].join('\n');
    for (const token of [...live, 'gh-SECRET-0001', 'sp-SECRET-0002', PASSWORD, 'basic-SECRET-0004']) expect(views).not.toContain(token);
    expect(inspect(vault)).toBe("Vault { names: ['github', 'spotify', 'reports', 'stripe', 'legacy'] }");
    expect(JSON.parse(JSON.stringify(secrets)).github).toMatchObject({ isLoggedIn: true, bearerToken: '[REDACTED]' });
    expect({ ...secrets.github }.bearerToken).toBe(live[0]); // handing it to an SDK still works
  });

  it('checks that every token authenticator uses the vault store', () => {
    const store = new MemoryTokenStore();
    const other = oauth2Auth({ grant: 'client_credentials', tokenUrl: tokens.tokenUrl, clientId: 'x', clientSecret: 'y', store: new MemoryTokenStore() });
    expect(() => createVault({ x: other }, { store })).toThrow(/vault\.x: expected an authenticator that keeps its tokens in the vault's store/);
    expect(() => createVault({})).toThrow(/at least one/);
    expect(() => createVault({ x: {} as Authenticator })).toThrow(/vault\.x: expected an Authenticator/);
  });

  it('close() closes every authenticator once; later calls fail with ERR_AUTH_ABORTED', async () => {
    const closed: string[] = [];
    const shared: Authenticator = { name: 'shared', authenticate: async () => {}, close: async () => void closed.push('shared') };
    const vault = createVault({ a: shared, b: shared });
    await vault.close();
    expect(closed).toEqual(['shared']);
    await expect(vault.secrets()).rejects.toMatchObject({ code: 'ERR_AUTH_ABORTED' });
    expect(() => vault.authenticator('a')).toThrow(expect.objectContaining({ code: 'ERR_AUTH_ABORTED' }) as Error);
  });
});
