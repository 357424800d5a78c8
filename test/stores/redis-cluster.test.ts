// RedisTokenStore on a real 3-primary Redis Cluster (test/servers/redis-cluster.ts) through an
// ioredis Cluster client: the store contract, records and leases in one hash slot, and a slot
// migration during concurrent refreshes. Skipped loudly without redis-server/redis-cli locally;
// a failure under CI=true.
import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { TokenManager } from '../../src/index.js';
import { RedisTokenStore, type RedisTokenStoreOptions } from '../../src/stores/redis.js';
import { testTokenStore } from '../../src/testing/index.js';
import { startRedisClusterOrSkip, waitFor } from '../servers/redis-cluster.js';
import { rotatingSeed, rotatingSource, traffic } from '../servers/rotating-source.js';

const cluster = await startRedisClusterOrSkip('test/stores/redis-cluster.test.ts (RedisTokenStore on Redis Cluster)');
const clients: Cluster[] = [];
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await cluster?.close();
});

function clusterClient(): Cluster {
  const client = new Cluster([...(cluster?.nodes ?? [])], { redisOptions: { maxRetriesPerRequest: 1 } });
  client.on('error', () => undefined);
  clients.push(client);
  return client;
}

describe.skipIf(cluster === undefined)('RedisTokenStore on Redis Cluster (ioredis Cluster)', () => {
  let shared: Cluster | undefined;
  const client = (): Cluster => (shared ??= clusterClient());
  const store = (options: Partial<RedisTokenStoreOptions> = {}): RedisTokenStore => new RedisTokenStore({ client: client(), prefix: `cluster:${randomUUID()}:`, ...options });
  const slotOf = async (key: string): Promise<number> => Number(await client().call('CLUSTER', 'KEYSLOT', key));

  testTokenStore('RedisTokenStore (ioredis Cluster)', () => store());

  it('puts a record and its lease in one hash slot, whatever the key (short of a `}` outside a hash tag) and prefix', async () => {
    const keys = ['plain', 'https://auth.example.com/token|client|scope a b', '{tenant-1}:k', 'a{b', '{a}{b}', 'ünï ☃', '__proto__'];
    for (const prefix of ['authwire:', `p:${randomUUID()}:`, '{my-app}:auth:']) {
      const target = new RedisTokenStore({ client: client(), prefix });
      for (const key of keys) {
        expect({ prefix, key, slot: await slotOf(target.lockKey(key)) }).toEqual({ prefix, key, slot: await slotOf(target.recordKey(key)) });
      }
    }
  });

  it('refuses a prefix whose brace opens no complete hash tag (its keys would fall in different slots)', () => {
    for (const prefix of ['app{', 'app{}:', 'a}{b']) {
      expect(() => new RedisTokenStore({ client: client(), prefix })).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG', message: expect.stringContaining('RedisTokenStore.prefix') }));
    }
  });

  it('with replicas: 1 and no replica in the cluster, a write is not confirmed: ERR_AUTH_STORE naming 0 of 1', async () => {
    const target = store({ replicas: 1, replicaTimeoutMs: 100 });
    await expect(target.set('k', { accessToken: 'a', refreshToken: 'r', version: 1 }, { ifVersion: 0 })).rejects.toMatchObject({
      code: 'ERR_AUTH_STORE', details: { operation: 'set', replicas: 1, confirmed: 0 },
    });
    await expect(target.lock('k', 10_000)).rejects.toMatchObject({ code: 'ERR_AUTH_STORE', details: { operation: 'lock', confirmed: 0 } });
    // The lease that was not confirmed is released again.
    await waitFor(async () => (await client().exists(target.lockKey('k'))) === 0, 'the unconfirmed lease to be released');
  });

  it('a slot migration of the token\'s slot during concurrent refreshes: one refresh per expiry, no refresh token reused or lost', async () => {
    const source = rotatingSource(600);
    const prefix = `migrate:${randomUUID()}:`;
    // Four "processes": each its own Cluster client, store and manager.
    const managers = Array.from({ length: 4 }, () => new TokenManager({
      key: 'shared', store: new RedisTokenStore({ client: clusterClient(), prefix }), fetchToken: source.fetchToken, initialToken: rotatingSeed, lock: { waitMs: 10_000 },
    }));
    const probe = new RedisTokenStore({ client: client(), prefix });
    const slot = await slotOf(probe.recordKey(managers[0]?.key ?? ''));
    const before = await cluster!.ownerOf(slot);
    // Each node counts the ASKING that ioredis sends after an ASK redirection.
    const askings = async (): Promise<number> => {
      let total = 0;
      for (const { port } of cluster?.nodes ?? []) total += Number(/cmdstat_asking:calls=(\d+)/.exec(await cluster!.cli(port, 'info', 'commandstats'))?.[1] ?? 0);
      return total;
    };
    const askingBefore = await askings();
    const load = traffic(managers);
    await waitFor(async () => source.issued() >= 2, 'two refreshes before the migration');
    // The slot is handed over only after a refresh while it is half moved: that refresh meets ASK.
    const after = await cluster!.migrateSlot(slot, {
      pauseMs: 300,
      midway: async () => {
        const issued = source.issued();
        await waitFor(async () => source.issued() > issued, 'a refresh while the slot is half moved');
      },
    });
    const issuedAtMove = source.issued();
    await waitFor(async () => source.issued() >= issuedAtMove + 3, 'three refreshes after the migration');
    const outcome = await load.stop();
    await Promise.all(managers.map((manager) => manager.close()));

    expect(after).not.toBe(before);
    expect(await cluster!.ownerOf(slot)).toBe(after);
    expect(await askings()).toBeGreaterThan(askingBefore); // the store's calls met the migration
    expect(source.reused).toEqual([]);
    expect(outcome.failed).toEqual({});
    expect(outcome.ok).toBeGreaterThan(0);
    expect((await probe.get(managers[0]?.key ?? ''))?.refreshToken).toBe(source.current());
  });
});
