// Chaos: SENTINEL FAILOVER of the Redis primary while the lease holder's token request is at the
// server, 6 processes (axios, got, ky, fetch) on a RedisTokenStore behind Sentinel with
// `replicas: 1` (test/servers/redis-sentinel.ts). Skips loudly without redis-server (fails under
// CI=true).
import { afterAll, describe, it } from 'vitest';
import { startRedisSentinelOrSkip } from '../servers/redis-sentinel.js';
import { failoverMidRefresh } from './cases.js';
import { sentinelStore } from './stores.js';
import { compileWorker } from './compile-worker.js';
import { expectInsideGuarantee } from './expect.js';

const sentinel = await startRedisSentinelOrSkip('test/chaos/sentinel-failover.test.ts (failover mid-refresh)');
const worker = sentinel === undefined ? undefined : compileWorker();
afterAll(async () => {
  worker?.remove();
  await sentinel?.close();
});

describe.skipIf(sentinel === undefined)('a Sentinel failover of the primary mid-refresh, replicas: 1', () => {
  it('no refresh token reused or lost; requests fail only with ERR_AUTH_STORE while no replica confirms', async () => {
    const result = await failoverMidRefresh({ script: worker!.script, store: sentinelStore(sentinel!), sentinel: sentinel!, leaseMs: 10_000, storeTimeoutMs: 2_000 });
    expectInsideGuarantee(result, { fault: ['ERR_AUTH_STORE'], recover: ['ERR_AUTH_STORE'] });
  });
});
