// refreshReuseGraceMs against a strict rotating token server with a reuse grace period, on a
// FileTokenStore: a lease holder that marked the record "sent", sent the refresh token, and was
// gone after the server rotated it and before any store write (its lease still standing). With the
// option another holder takes the refresh over inside the grace period and the grant survives;
// without it, it waits for the lease, the spent refresh token arrives after the grace period, and
// the server revokes the grant.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { oauth2Auth } from '../../src/oauth2/oauth2-auth.js';
import { FileTokenStore } from '../../src/stores/file.js';
import { startRotatingTokenServer, type RotatingTokenServer } from '../servers/rotating-token-server.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

/** The server (grace 5 s), a token file, and what a holder gone after the rotation left behind: its lease and its "sent" mark. */
async function abandonedRefresh(holderLeaseMs: number): Promise<{ server: RotatingTokenServer; store: FileTokenStore; key: string }> {
  const server = await startRotatingTokenServer(60, 1_000, { reuseGraceMs: 5_000 });
  const directory = mkdtempSync(join(tmpdir(), 'authwire-grace-'));
  cleanup.push(() => server.close(), () => rmSync(directory, { recursive: true, force: true }));
  const store = new FileTokenStore({ path: join(directory, 'tokens.json') });
  const probe = oauth2Auth({ grant: 'refresh_token', tokenUrl: server.tokenUrl, clientId: 'app', clientSecret: 's', refreshToken: 'rt-0', store });
  const key = probe.tokenManager.key;
  await probe.close();
  const lease = await store.lock(key, holderLeaseMs);
  expect(lease).toBeDefined();
  const sentAt = Date.now();
  await store.set(key, { accessToken: '', refreshToken: 'rt-0', version: 1, refreshSentAt: sentAt, refreshTimeoutAt: sentAt + 1_000 }, { ifVersion: 0 });
  // The holder's token request: the server rotates rt-0; the answer never reaches the store.
  const response = await fetch(server.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token&refresh_token=rt-0' });
  expect(response.status).toBe(200);
  expect(server.current()).not.toBe('rt-0');
  return { server, store, key };
}

describe('refreshReuseGraceMs: a refresh abandoned after the server rotated the refresh token', () => {
  it('with the option, another holder takes it over inside the grace period: one new token, the grant alive, the store holding the refresh token in force', async () => {
    const { server, store, key } = await abandonedRefresh(20_000);
    const auth = oauth2Auth({
      grant: 'refresh_token', tokenUrl: server.tokenUrl, clientId: 'app', clientSecret: 's', refreshToken: 'rt-0', store,
      requestTimeoutMs: 1_000, refreshReuseGraceMs: 4_000, lock: { leaseMs: 20_000, waitMs: 15_000 },
    });
    cleanup.push(() => auth.close());
    const token = await auth.tokenManager.getToken();
    expect(token.accessToken).toMatch(/^at-2-/);
    expect(server.stats()).toMatchObject({ revoked: false, reused: [], issued: 2 });
    const stored = await store.get(key);
    expect(stored?.refreshToken).toBe(server.current());
    expect(stored?.refreshSentAt).toBeUndefined();
  });

  it('without it, the holder waits for the lease and sends the spent refresh token after the grace period: ERR_AUTH_REAUTH_REQUIRED, the grant revoked', async () => {
    const { server, store } = await abandonedRefresh(6_500);
    const auth = oauth2Auth({
      grant: 'refresh_token', tokenUrl: server.tokenUrl, clientId: 'app', clientSecret: 's', refreshToken: 'rt-0', store,
      requestTimeoutMs: 1_000, lock: { leaseMs: 20_000, waitMs: 15_000 },
    });
    cleanup.push(() => auth.close());
    await expect(auth.tokenManager.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    expect(server.stats()).toMatchObject({ revoked: true, reused: ['rt-0'] });
  });

  it('refuses a grace period its own request timeout leaves no room in, naming the field', () => {
    expect(() => oauth2Auth({ grant: 'refresh_token', tokenUrl: 'https://auth.example.com/token', clientId: 'app', refreshToken: 'rt-0', requestTimeoutMs: 5_000, refreshReuseGraceMs: 5_500 }))
      .toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG', message: expect.stringContaining('refreshReuseGraceMs') }));
  });
});
