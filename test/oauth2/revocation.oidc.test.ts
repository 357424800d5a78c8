// revoke() against oidc-provider's revocation endpoint (RFC 7009): what the server received, that
// the tokens are dead there afterwards (introspection, a refresh with the old refresh token), and
// that every authenticator sharing the store (two FileTokenStore instances on one file, as two
// processes have) finds the token gone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTokenStore, isAuthError, MemoryTokenStore, oauth2Auth } from '../../src/index.js';
import { send } from '../servers/auth-client.js';
import { startServer, type TestServer } from '../servers/http-server.js';
import { CLIENT_SECRET, startOidcServer, type OidcServer } from '../servers/oidc.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';

let oidc: OidcServer;
let api: ResourceServer;
let dir: string;
/** What the revocation endpoint received since the last reset. */
let revoked: OidcServer['revocations'] = [];
const hints = (): string[] => revoked.map((entry) => entry.hint);

beforeAll(async () => {
  oidc = await startOidcServer();
  api = await startResourceServer((token) => oidc.isActive(token));
  dir = mkdtempSync(join(tmpdir(), 'authwire-revoke-'));
});
afterAll(async () => {
  await api.close();
  await oidc.close();
  rmSync(dir, { recursive: true, force: true });
});

const basicClient = { clientId: 'basic-client', clientSecret: CLIENT_SECRET, refreshAhead: false } as const;

async function introspect(token: string): Promise<boolean> {
  const response = await fetch(`${oidc.issuer}/token/introspection`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, client_id: 'post-client', client_secret: CLIENT_SECRET }),
  });
  return ((await response.json()) as { active: boolean }).active;
}

async function refreshDirectly(refreshToken: string): Promise<{ status: number; error?: string }> {
  const response = await fetch(oidc.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`basic-client:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  const body = (await response.json()) as { error?: string };
  return { status: response.status, ...(body.error === undefined ? {} : { error: body.error }) };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('revoke() (RFC 7009) against oidc-provider', () => {
  it('revokes refresh and access token, deletes them from the shared file; the other "process" is refused with ERR_AUTH_REAUTH_REQUIRED', async () => {
    const { refreshToken } = await oidc.issueRefreshToken();
    const path = join(dir, 'tokens.json');
    const options = { grant: 'refresh_token', tokenUrl: oidc.tokenUrl, ...basicClient, refreshToken, revocationUrl: `${oidc.issuer}/token/revocation` } as const;
    const first = oauth2Auth({ ...options, store: new FileTokenStore({ path }) });
    const second = oauth2Auth({ ...options, store: new FileTokenStore({ path }) });
    expect((await send(first, api.url)).status).toBe(200);
    expect((await send(second, api.url)).status).toBe(200);
    const token = await first.getToken();
    expect((await second.getToken()).accessToken).toBe(token.accessToken);
    const rotated = token.refreshToken ?? '';
    expect(rotated).not.toBe(refreshToken);
    expect(await introspect(rotated)).toBe(true);

    revoked = oidc.revocations;
    oidc.revocations.length = 0;
    await first.revoke();
    expect(revoked).toEqual([{ token: rotated, hint: 'refresh_token', status: 200 }, { token: token.accessToken, hint: 'access_token', status: 200 }]);
    expect(await introspect(rotated)).toBe(false);
    expect(await introspect(token.accessToken)).toBe(false);
    expect(await refreshDirectly(rotated)).toEqual({ status: 400, error: 'invalid_grant' });
    expect(await new FileTokenStore({ path }).get(first.tokenManager.key)).toBeUndefined();

    // The first authenticator: no token request, the grant is gone.
    const refreshes = oidc.count('refresh_token');
    const own = await rejection(send(first, api.url));
    expect(isAuthError(own, 'ERR_AUTH_REAUTH_REQUIRED')).toBe(true);
    expect(oidc.count('refresh_token')).toBe(refreshes);
    // The second still holds the access token in memory: the API refuses it, the refresh finds the grant revoked.
    const other = await rejection(send(second, api.url));
    expect(isAuthError(other, 'ERR_AUTH_REAUTH_REQUIRED')).toBe(true);
    for (const error of [own, other]) {
      const text = `${JSON.stringify(error)} ${inspect(error, { depth: 10 })}`;
      for (const secret of [rotated, refreshToken, token.accessToken, CLIENT_SECRET]) expect(text).not.toContain(secret);
    }
    await first.close();
    await second.close();
  });

  it('without revocationUrl, the endpoint comes from the issuer metadata (revocation_endpoint)', async () => {
    const { refreshToken } = await oidc.issueRefreshToken();
    const auth = oauth2Auth({ grant: 'refresh_token', tokenUrl: oidc.tokenUrl, issuer: oidc.issuer, ...basicClient, refreshToken, store: new MemoryTokenStore() });
    const token = await auth.getToken();
    revoked = oidc.revocations;
    oidc.revocations.length = 0;
    await auth.revoke();
    expect(hints()).toEqual(['refresh_token', 'access_token']);
    expect(await introspect(token.refreshToken ?? '')).toBe(false);
    await auth.close();
  });

  it('client_credentials: the access token is revoked; the next request fetches a new one', async () => {
    const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl: oidc.tokenUrl, ...basicClient, revocationUrl: `${oidc.issuer}/token/revocation`, store: new MemoryTokenStore() });
    const before = await send(auth, api.url);
    expect(before.status).toBe(200);
    revoked = oidc.revocations;
    oidc.revocations.length = 0;
    await auth.revoke();
    expect(revoked).toEqual([{ token: before.credential, hint: 'access_token', status: 200 }]);
    expect(await oidc.isActive(String(before.credential))).toBe(false);
    const after = await send(auth, api.url);
    expect(after).toMatchObject({ status: 200, attempts: 1 });
    expect(after.credential).not.toBe(before.credential);
    await auth.close();
  });
});

describe('revoke(): failures', () => {
  let failing: TestServer;
  beforeAll(async () => {
    failing = await startServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'temporarily_unavailable' }));
    });
  });
  afterAll(() => failing.close());

  it('a failed revocation request rejects and leaves the token stored, so revoke() can be called again', async () => {
    const { refreshToken } = await oidc.issueRefreshToken();
    const store = new MemoryTokenStore();
    const auth = oauth2Auth({ grant: 'refresh_token', tokenUrl: oidc.tokenUrl, ...basicClient, refreshToken, store, revocationUrl: `${failing.origin}/revoke` });
    const token = await auth.getToken();
    const error = await rejection(auth.revoke());
    expect(isAuthError(error, 'ERR_AUTH_TOKEN_REQUEST_FAILED')).toBe(true);
    expect(isAuthError(error) && error.details).toMatchObject({ status: 503, retryable: true, error: 'temporarily_unavailable' });
    const text = `${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 10 })}`;
    for (const secret of [token.refreshToken ?? '', token.accessToken, CLIENT_SECRET]) expect(text).not.toContain(secret);
    expect((await store.get(auth.tokenManager.key))?.refreshToken).toBe(token.refreshToken);
    // What the endpoint received: the refresh token first, with the client's Basic credentials.
    const sent = failing.requests.at(-1);
    expect(Object.fromEntries(new URLSearchParams(sent?.body ?? ''))).toEqual({ token: token.refreshToken, token_type_hint: 'refresh_token' });
    expect(sent?.headers.authorization).toMatch(/^Basic /);
    await auth.close();
  });

  it('no revocationUrl and no issuer: ERR_AUTH_INVALID_CONFIG naming revocationUrl', async () => {
    const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl: oidc.tokenUrl, ...basicClient, store: new MemoryTokenStore() });
    await auth.getToken();
    const error = await rejection(auth.revoke());
    expect(isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
    expect(String(error)).toContain('revocationUrl');
    await auth.close();
  });

  it('a revocationUrl over plain http to another host is refused when the authenticator is created', () => {
    expect(() => oauth2Auth({ grant: 'client_credentials', tokenUrl: oidc.tokenUrl, ...basicClient, revocationUrl: 'http://auth.example.com/revoke' })).toThrow(/revocationUrl/);
  });
});
