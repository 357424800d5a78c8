// The check right before a token request under a lease, shown where the manager's own clock
// cannot tell: the lease key lost while the holder's lease still runs by its clock (as a Redis
// failover to a replica that had not received it loses it), and a previous holder's late,
// fenced write landing while the current holder is between its read and its request. Two
// managers on one Redis, each with its own RedisTokenStore (as two processes have), against the
// strict rotating token server. Skips loudly without redis-server (fails under CI=true).
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { oauth2Auth } from '../../src/oauth2/oauth2-auth.js';
import { RedisTokenStore } from '../../src/stores/redis.js';
import type { TokenStore } from '../../src/stores/token-store.js';
import { startRedisOrSkip } from '../servers/redis.js';
import { startRotatingTokenServer, type RotatingTokenServer } from '../servers/rotating-token-server.js';

const redis = await startRedisOrSkip('test/token-manager/fence.test.ts (lease checked before the token request)');
const clients: Redis[] = [];
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis?.close();
});

/** A RedisTokenStore of its own; with `pauseAfterRead`, its first read after taking a lease waits until `resume()`. */
function holder(prefix: string, pauseAfterRead = false): { readonly store: TokenStore; readonly inner: RedisTokenStore; readonly paused: Promise<void>; resume(): void } {
  const client = new Redis(redis!.url);
  clients.push(client);
  const inner = new RedisTokenStore({ client, prefix });
  let reached!: () => void;
  let resume!: () => void;
  const paused = new Promise<void>((resolve) => (reached = resolve));
  const resumed = new Promise<void>((resolve) => (resume = resolve));
  let leaseTaken = false;
  const store: TokenStore = {
    get: async (key) => {
      const read = await inner.get(key);
      if (pauseAfterRead && leaseTaken) {
        leaseTaken = false;
        pauseAfterRead = false;
        reached();
        await resumed;
      }
      return read;
    },
    set: (key, token, options) => inner.set(key, token, options),
    delete: (key) => inner.delete(key),
    lock: async (key, ttlMs) => {
      const lock = await inner.lock(key, ttlMs);
      leaseTaken = lock !== undefined;
      return lock;
    },
  };
  return { store, inner, paused, resume };
}

const authOn = (server: RotatingTokenServer, store: TokenStore, leaseMs: number) =>
  oauth2Auth({ grant: 'refresh_token', tokenUrl: server.tokenUrl, clientId: 'c', clientSecret: 's', refreshToken: 'rt-0', store, lock: { leaseMs } });

describe.skipIf(redis === undefined)('no token request once the lease is lost or the record moved after the read', () => {
  it('the lease key lost while the holder is between its read and its request: it sends nothing, waits for the new holder and uses its token', async () => {
    const server = await startRotatingTokenServer(3_600);
    const prefix = `fence-lost:${Date.now()}:`;
    const a = holder(prefix, true);
    const b = holder(prefix);
    const first = authOn(server, a.store, 60_000);
    const second = authOn(server, b.store, 60_000);
    try {
      const fromA = first.tokenManager.getToken();
      await a.paused; // A holds the lease and has read rt-0
      await clients[0]!.del(a.inner.lockKey(first.tokenManager.key));
      const held = server.holdNext();
      const fromB = second.tokenManager.getToken(); // B takes the free lease and sends rt-0
      const request = await held;
      a.resume(); // A's clock says its lease runs for a minute more
      request.release();
      const [tokenA, tokenB] = await Promise.all([fromA, fromB]);
      expect(tokenA.accessToken).toBe(tokenB.accessToken);
      expect(server.stats()).toMatchObject({ tokenRequests: 1, issued: 1, reused: [], revoked: false });
      expect((await b.store.get(first.tokenManager.key))?.refreshToken).toBe(server.current());
    } finally {
      await Promise.all([first.close?.(), second.close?.()]);
      await server.close();
    }
  });

  it("a previous holder's late write lands after the new holder's read: the new holder sends nothing and uses it; the late release leaves the new lease alone", async () => {
    const server = await startRotatingTokenServer(3_600);
    const prefix = `fence-moved:${Date.now()}:`;
    const x = holder(prefix);
    const a = holder(prefix, true);
    const late = authOn(server, x.store, 300);
    const current = authOn(server, a.store, 60_000);
    const key = late.tokenManager.key;
    try {
      const held = server.holdNext();
      const fromX = late.tokenManager.getToken(); // X's request (rt-0) is slower than its 300 ms lease
      const request = await held;
      const fromA = current.tokenManager.getToken(); // A takes the lease once X's ran out, reads rt-0
      await a.paused;
      request.release();
      const tokenX = await fromX; // X's fenced write (ifVersion) lands: no one wrote since X read
      expect(await clients[0]!.get(a.inner.lockKey(key))).not.toBeNull(); // X's release did not free A's lease
      a.resume();
      const tokenA = await fromA;
      expect(tokenA.accessToken).toBe(tokenX.accessToken);
      expect(server.stats()).toMatchObject({ tokenRequests: 1, issued: 1, reused: [], revoked: false });
      expect((await a.store.get(key))?.refreshToken).toBe(server.current());
    } finally {
      await Promise.all([late.close?.(), current.close?.()]);
      await server.close();
    }
  });
});
