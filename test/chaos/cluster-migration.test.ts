// Chaos: a slot migration of the token's hash slot on a 3-primary Redis Cluster
// (test/servers/redis-cluster.ts) while the lease holder's token request is at the server, 6
// processes (axios, got, ky, fetch) on RedisTokenStore through ioredis `Cluster`. The holder
// stores its new token while the slot is half moved (ASK), later calls meet MOVED. Skips loudly
// without redis-server or redis-cli (fails under CI=true).
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisClusterOrSkip } from '../servers/redis-cluster.js';
import { migrateSlotMidRefresh } from './cases.js';
import { compileWorker } from './compile-worker.js';
import { expectInsideGuarantee } from './expect.js';
import { clusterStore } from './stores.js';

const cluster = await startRedisClusterOrSkip('test/chaos/cluster-migration.test.ts (slot migration mid-refresh)');
const worker = cluster === undefined ? undefined : compileWorker();
const store = cluster === undefined ? undefined : clusterStore(cluster);
afterAll(async () => {
  await store?.close();
  worker?.remove();
  await cluster?.close();
});

describe.skipIf(cluster === undefined)('a Redis Cluster slot migration of the token\'s slot mid-refresh', () => {
  it('ASK and MOVED followed: no refresh token reused or lost, nothing extra, no request failed', async () => {
    const result = await migrateSlotMidRefresh({ script: worker!.script, store: store!, cluster: cluster!, leaseMs: 10_000, storeTimeoutMs: 2_000 });
    expectInsideGuarantee(result);
    expect(result.extraTokenRequests).toBe(0);
    // The slot changed owner, and the workers' calls met it half moved.
    expect(result.observed['to']).not.toBe(result.observed['from']);
    expect(result.observed['askings']).toBeGreaterThan(0);
  });
});
