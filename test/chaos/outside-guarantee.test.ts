// Chaos outside the guarantee, to show the suite's counters are real: kill -9 of the lease holder
// after the strict rotating server rotated the refresh token and before the holder stored the new
// one. The new refresh token dies with the process; with no reuse grace period at the server the
// next holder presents the old one, and the server revokes the family. The harness must report
// exactly that. Skips loudly without redis-server (fails under CI=true).
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisOrSkip } from '../servers/redis.js';
import { killHolder } from './cases.js';
import { redisStore } from './stores.js';
import { compileWorker } from './compile-worker.js';
import { expectDetected, expectInsideGuarantee } from './expect.js';

const redis = await startRedisOrSkip('test/chaos/outside-guarantee.test.ts (kill -9 between rotation and store write)');
const worker = redis === undefined ? undefined : compileWorker();
afterAll(async () => {
  worker?.remove();
  await redis?.close();
});

describe.skipIf(redis === undefined)('outside the guarantee: the harness detects a lost rotation', () => {
  it('kill -9 between the server rotating the refresh token and the store write: a reused refresh token, the family revoked, the store behind', async () => {
    const result = await killHolder('before-store', { script: worker!.script, store: redisStore(redis!.url), leaseMs: 1_500, storeTimeoutMs: 2_000 });
    expectDetected(result);
    // The assertions every case inside the guarantee makes fail on it.
    expect(() => expectInsideGuarantee(result)).toThrow();
  });
});
