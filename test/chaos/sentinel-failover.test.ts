// Chaos: failovers of the Redis primary mid-refresh, 6 processes (axios, got, ky, fetch) on a
// RedisTokenStore behind Sentinel (test/servers/redis-sentinel.ts: a primary, a replica, three
// Sentinels). `SENTINEL FAILOVER` while the lease holder's token request is at the server, with
// `replicas: 1`; and a crash of the primary holding the holder's new token that no replica has,
// without `replicas` (the acknowledged write is lost: outside the guarantee, as docs/stores.md
// says) and with `replicas: 1` (never confirmed, so written again). Skips loudly without
// redis-server (fails under CI=true).
//
// With `replicas: 1` and one replica, nothing can be stored from the crash until the old primary
// has rejoined: the holder keeps its new token and its lease meanwhile, so a request that needs a
// new token fails with ERR_AUTH_STORE, or with ERR_AUTH_TIMEOUT after waiting `lock.waitMs` for
// that lease (docs/stores/redis.md, "Availability"). That holds while the failover ends inside
// the lease ("The lease must outlast the failover"): the cases with `replicas` take a 30 s lease,
// well above a failover on a loaded machine, and print how much of it was left at the rejoin.
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisSentinelOrSkip } from '../servers/redis-sentinel.js';
import { crashPrimaryMidRefresh, failoverMidRefresh } from './cases.js';
import { compileWorker } from './compile-worker.js';
import { expectDetected, expectInsideGuarantee } from './expect.js';
import { sentinelStore } from './stores.js';

const sentinel = await startRedisSentinelOrSkip('test/chaos/sentinel-failover.test.ts (failover mid-refresh)');
const worker = sentinel === undefined ? undefined : compileWorker();
afterAll(async () => {
  worker?.remove();
  await sentinel?.close();
});

/** What a request may fail with while no replica confirms a write. */
const unconfirmed = { fault: ['ERR_AUTH_STORE'], recover: ['ERR_AUTH_STORE', 'ERR_AUTH_TIMEOUT'] };

describe.skipIf(sentinel === undefined)('a failover of the Redis primary behind Sentinel mid-refresh', () => {
  it('SENTINEL FAILOVER, replicas: 1: no refresh token reused or lost; requests fail only with ERR_AUTH_STORE or ERR_AUTH_TIMEOUT while no replica confirms', async () => {
    const result = await failoverMidRefresh({ script: worker!.script, store: sentinelStore(sentinel!, 1), sentinel: sentinel!, leaseMs: 30_000, storeTimeoutMs: 2_000 });
    expectInsideGuarantee(result, unconfirmed);
  });

  it('the primary crashes with the new refresh token on no replica, replicas: 1: the write was never confirmed, the holder writes it again; nothing reused or lost', async () => {
    const result = await crashPrimaryMidRefresh({ script: worker!.script, store: sentinelStore(sentinel!, 1), sentinel: sentinel!, leaseMs: 30_000, storeTimeoutMs: 2_000 });
    expectInsideGuarantee(result, unconfirmed);
    expect(result.observed['promoted']).not.toBe(result.observed['crashed']);
  });

  it('outside the guarantee: the same crash without replicas loses the acknowledged refresh token; the spent one is sent and the family revoked', async () => {
    const result = await crashPrimaryMidRefresh({ script: worker!.script, store: sentinelStore(sentinel!, 0), sentinel: sentinel!, leaseMs: 10_000, storeTimeoutMs: 2_000 });
    expectDetected(result);
    expect(result.observed['promoted']).not.toBe(result.observed['crashed']);
  });
});
