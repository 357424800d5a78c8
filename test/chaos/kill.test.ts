// Chaos: kill -9 of the lease holder before, during and after its token request, while 6
// processes (axios, got, ky, fetch) share a store and a strict rotating token server. The lease
// runs out after 1.5 s and another process takes over. On one Redis (all three points), on one
// token file (FileTokenStore) and on PostgreSQL (PostgresTokenStore), before and after the
// request. The Redis and Postgres cases skip loudly without their server (fail under CI=true).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgresOrSkip } from '../servers/postgres.js';
import { startRedisOrSkip } from '../servers/redis.js';
import { killHolder, type ChaosResult, type KillPoint } from './cases.js';
import { compileWorker } from './compile-worker.js';
import { expectInsideGuarantee } from './expect.js';
import { fileStore, postgresStore, redisStore, type ChaosStore } from './stores.js';

const redis = await startRedisOrSkip('test/chaos/kill.test.ts (kill -9 of the lease holder, Redis)');
const postgres = await startPostgresOrSkip('test/chaos/kill.test.ts (kill -9 of the lease holder, PostgreSQL)');
const worker = compileWorker();
const directory = mkdtempSync(join(tmpdir(), 'authwire-chaos-'));
const stores: ChaosStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  worker.remove();
  rmSync(directory, { recursive: true, force: true });
  await redis?.close();
  await postgres?.close();
});

const run = async (point: KillPoint, open: () => ChaosStore | Promise<ChaosStore>): Promise<ChaosResult> => {
  const store = await open();
  stores.push(store);
  return killHolder(point, { script: worker.script, store, leaseMs: 1_500, storeTimeoutMs: 2_000 });
};

const before = 'before its token request (it holds the lease, sent nothing): another process refreshes once the lease ends; nothing extra, nothing failed';
const after = 'after its token request (the new token stored, the lease not released): the others adopt the stored token without a token request';

describe.skipIf(redis === undefined)('kill -9 of the lease holder, 6 processes on one Redis', () => {
  const onRedis = (): ChaosStore => redisStore(redis!.url);

  it(before, async () => {
    const result = await run('before-request', onRedis);
    expectInsideGuarantee(result);
    expect(result.extraTokenRequests).toBe(0);
  });

  it('during its token request (the server had not answered): one abandoned request, the refresh token it sent is still in force and is used once more', async () => {
    const result = await run('during-request', onRedis);
    expectInsideGuarantee(result);
    expect(result.tokenRequests - result.issued).toBe(1);
  });

  it(after, async () => {
    const result = await run('after-request', onRedis);
    expectInsideGuarantee(result);
    expect(result.extraTokenRequests).toBe(0);
  });
});

describe('kill -9 of the lease holder, 6 processes on one token file (FileTokenStore)', () => {
  let cases = 0;
  const onFile = (): ChaosStore => fileStore(join(directory, `tokens-${++cases}.json`));

  it(before, async () => {
    const result = await run('before-request', onFile);
    expectInsideGuarantee(result);
    expect(result.extraTokenRequests).toBe(0);
  });

  it(after, async () => {
    const result = await run('after-request', onFile);
    expectInsideGuarantee(result);
    expect(result.extraTokenRequests).toBe(0);
  });
});

describe.skipIf(postgres === undefined)('kill -9 of the lease holder, 6 processes on PostgreSQL (PostgresTokenStore)', () => {
  const onPostgres = (): Promise<ChaosStore> => postgresStore(postgres!);

  it(before, async () => {
    const result = await run('before-request', onPostgres);
    expectInsideGuarantee(result);
    expect(result.extraTokenRequests).toBe(0);
  });

  it(after, async () => {
    const result = await run('after-request', onPostgres);
    expectInsideGuarantee(result);
    expect(result.extraTokenRequests).toBe(0);
  });
});
