// Chaos: kill -9 of the lease holder before, during and after its token request, while 6
// processes (axios, got, ky, fetch) share a RedisTokenStore and a strict rotating token server.
// The lease runs out after 1.5 s and another process takes over. Skips loudly without
// redis-server (fails under CI=true).
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisOrSkip } from '../servers/redis.js';
import { killHolder, type KillPoint } from './cases.js';
import { redisStore } from './stores.js';
import { compileWorker } from './compile-worker.js';
import { expectInsideGuarantee } from './expect.js';

const redis = await startRedisOrSkip('test/chaos/kill.test.ts (kill -9 of the lease holder)');
const worker = redis === undefined ? undefined : compileWorker();
afterAll(async () => {
  worker?.remove();
  await redis?.close();
});

describe.skipIf(redis === undefined)('kill -9 of the lease holder, 6 processes on one Redis', () => {
  const run = (point: KillPoint) => killHolder(point, { script: worker!.script, store: redisStore(redis!.url), leaseMs: 1_500, storeTimeoutMs: 2_000 });

  it('before its token request (it holds the lease, sent nothing): another process refreshes once the lease ends; nothing extra, nothing failed', async () => {
    const result = await run('before-request');
    expectInsideGuarantee(result);
    expect(result.extraTokenRequests).toBe(0);
  });

  it('during its token request (the server had not answered): one abandoned request, the refresh token it sent is still in force and is used once more', async () => {
    const result = await run('during-request');
    expectInsideGuarantee(result);
    expect(result.tokenRequests - result.issued).toBe(1);
  });

  it('after its token request (the new token stored, the lease not released): the others adopt the stored token without a token request', async () => {
    const result = await run('after-request');
    expectInsideGuarantee(result);
    expect(result.extraTokenRequests).toBe(0);
  });
});
