// RedisTokenStore behind Sentinel (test/servers/redis-sentinel.ts: a primary, a replica, three
// Sentinels) through ioredis `new Redis({ sentinels, name })`: the store contract, `replicas`
// confirming writes, and a failover of the primary during refreshes. Skipped loudly without
// redis-server locally; a failure under CI=true.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { TokenManager } from '../../src/index.js';
import { RedisTokenStore, type RedisTokenStoreOptions } from '../../src/stores/redis.js';
import { testTokenStore } from '../../src/testing/index.js';
import { waitFor } from '../servers/redis-cluster.js';
import { SENTINEL_NAME, startRedisSentinelOrSkip } from '../servers/redis-sentinel.js';
import { rotatingSeed, rotatingSource, traffic } from '../servers/rotating-source.js';

const servers = await startRedisSentinelOrSkip('test/stores/redis-sentinel.test.ts (RedisTokenStore behind Sentinel)');
const clients: Redis[] = [];
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await servers?.close();
});

/** The ioredis options docs/stores.md recommends behind Sentinel. */
function sentinelClient(): Redis {
  const client = new Redis({
    sentinels: [...(servers?.sentinels ?? [])], name: SENTINEL_NAME,
    maxRetriesPerRequest: 1,
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
  });
  client.on('error', () => undefined);
  clients.push(client);
  return client;
}

describe.skipIf(servers === undefined)('RedisTokenStore behind Sentinel (ioredis sentinels)', () => {
  let shared: Redis | undefined;
  const client = (): Redis => (shared ??= sentinelClient());
  const store = (options: Partial<RedisTokenStoreOptions> = {}): RedisTokenStore => new RedisTokenStore({ client: client(), prefix: `sentinel:${randomUUID()}:`, ...options });

  testTokenStore('RedisTokenStore (ioredis sentinels)', () => store());
  testTokenStore('RedisTokenStore (ioredis sentinels, replicas: 1)', () => store({ replicas: 1 }));

  it('with replicas: 1, a write the replica did not confirm rejects with ERR_AUTH_STORE; without it, the same write counts at once', async () => {
    const primary = await servers!.primaryPort();
    const stopped = servers!.dataPorts.find((port) => port !== primary) ?? 0;
    const confirmed = store({ replicas: 1, replicaTimeoutMs: 200 });
    const unconfirmed = store();
    servers!.signal(stopped, 'SIGSTOP');
    try {
      await expect(confirmed.set('k', { accessToken: 'a', refreshToken: 'r', version: 1 }, { ifVersion: 0 })).rejects.toMatchObject({
        code: 'ERR_AUTH_STORE', details: { operation: 'set', replicas: 1, confirmed: 0 },
      });
      expect(await unconfirmed.set('k', { accessToken: 'a', refreshToken: 'r', version: 1 }, { ifVersion: 0 })).toBe(true);
    } finally {
      servers!.signal(stopped, 'SIGCONT');
    }
    // Once the replica is back, the retry (a lost compare-and-set against its own first write) is confirmed.
    expect(await confirmed.set('k', { accessToken: 'a', refreshToken: 'r', version: 1 }, { ifVersion: 0 })).toBe(false);
    expect(await confirmed.get('k')).toMatchObject({ refreshToken: 'r', version: 1 });
  });

  it('a failover of the primary during refreshes (replicas: 1): no refresh token reused or lost', async () => {
    const source = rotatingSource(600);
    const prefix = `failover:${randomUUID()}:`;
    // Four "processes": each its own Sentinel client, store and manager.
    const managers = Array.from({ length: 4 }, () => new TokenManager({
      key: 'shared', store: new RedisTokenStore({ client: sentinelClient(), prefix, replicas: 1, timeoutMs: 2_000 }),
      fetchToken: source.fetchToken, initialToken: rotatingSeed, lock: { waitMs: 10_000 },
    }));
    const before = await servers!.primaryPort();
    const load = traffic(managers);
    await waitFor(async () => source.issued() >= 2, 'two refreshes before the failover');
    const after = await servers!.failover();
    const issuedAtFailover = source.issued();
    // A lost refresh token shows as a reuse: the store hands out one the server already rotated.
    await waitFor(async () => source.issued() >= issuedAtFailover + 3 || source.reused.length > 0, 'three refreshes after the failover');
    const outcome = await load.stop();
    await Promise.all(managers.map((manager) => manager.close()));

    expect(after).not.toBe(before);
    expect(source.reused).toEqual([]);
    // Failed requests only while the store could not confirm (the failover itself).
    expect(Object.keys(outcome.failed).filter((code) => code !== 'ERR_AUTH_STORE')).toEqual([]);
    expect(outcome.ok).toBeGreaterThan(0);
    const probe = new RedisTokenStore({ client: client(), prefix });
    expect((await probe.get(managers[0]?.key ?? ''))?.refreshToken).toBe(source.current());
  });

  // Last: it kills the primary for good.
  it('a primary that dies right after a write no replica has: without replicas the rotated refresh token is gone after the failover; with replicas: 1 the caller is told', async () => {
    const prefix = `crash:${randomUUID()}:`;
    const plain = new RedisTokenStore({ client: sentinelClient(), prefix });
    const confirmed = new RedisTokenStore({ client: sentinelClient(), prefix, replicas: 1, replicaTimeoutMs: 5_000 });
    await plain.set('plain', { accessToken: 'a1', refreshToken: 'r1', version: 1 }, { ifVersion: 0 });
    await confirmed.set('confirmed', { accessToken: 'a1', refreshToken: 'r1', version: 1 }, { ifVersion: 0 }); // on the replica, and so is the write before it
    const primary = await servers!.primaryPort();
    const replica = servers!.dataPorts.find((port) => port !== primary) ?? 0;
    // The replica, stopped, cannot reconnect and catch up before the primary dies.
    servers!.signal(replica, 'SIGSTOP');
    await servers!.cutReplicationLink();
    expect(await plain.set('plain', { accessToken: 'a2', refreshToken: 'r2', version: 2 }, { ifVersion: 1 })).toBe(true);
    const outcome = confirmed.set('confirmed', { accessToken: 'a2', refreshToken: 'r2', version: 2 }, { ifVersion: 1 }).then(() => 'stored', (error: { code?: string }) => error.code);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the write reaches the primary, its WAIT waits
    servers!.signal(primary, 'SIGKILL');
    servers!.signal(replica, 'SIGCONT');
    expect(await outcome).toBe('ERR_AUTH_STORE');
    await servers!.newPrimary(primary);
    // Each client finds the new primary on its own reconnect schedule, after the Sentinels name it.
    const read = async (store: RedisTokenStore, key: string): Promise<unknown> => {
      let record: unknown;
      await waitFor(async () => {
        record = await store.get(key);
        return true;
      }, `${key}: a read through the new primary`);
      return record;
    };
    // The write plain.set reported as done is gone: a process that adopted r2 and sent a request with its access token has lost r2.
    expect(await read(plain, 'plain')).toMatchObject({ refreshToken: 'r1', version: 1 });
    // The unconfirmed write is gone too, but its caller was told, and keeps r2 to write again.
    expect(await read(confirmed, 'confirmed')).toMatchObject({ refreshToken: 'r1', version: 1 });
  });
});
