// Chaos: SIGSTOP of the lease holder after it took the lease and read the store, before it sent
// its token request, frozen past its lease (1.5 s) while another of 6 processes (axios, got, ky,
// fetch) takes the lease, rotates the refresh token and stores it; then SIGCONT. The resumed
// holder must not send the refresh token it read (the strict rotating server would revoke the
// family): it checks its lease and the stored version first, and adopts the newer token. On one
// Redis, on one token file and on PostgreSQL. The Redis and Postgres cases skip loudly without
// their server (fail under CI=true).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgresOrSkip } from '../servers/postgres.js';
import { startRedisOrSkip } from '../servers/redis.js';
import { pauseHolder, type ChaosResult } from './cases.js';
import { fileStore, postgresStore, redisStore, type ChaosStore } from './stores.js';
import { compileWorker } from './compile-worker.js';
import { expectInsideGuarantee } from './expect.js';

const redis = await startRedisOrSkip('test/chaos/sigstop.test.ts (SIGSTOP of the lease holder, Redis)');
const postgres = await startPostgresOrSkip('test/chaos/sigstop.test.ts (SIGSTOP of the lease holder, PostgreSQL)');
const onPostgres = postgres === undefined ? undefined : await postgresStore(postgres);
const worker = compileWorker();
const directory = mkdtempSync(join(tmpdir(), 'authwire-chaos-'));
afterAll(async () => {
  await onPostgres?.close();
  worker.remove();
  rmSync(directory, { recursive: true, force: true });
  await redis?.close();
  await postgres?.close();
});

const run = (store: ChaosStore): Promise<ChaosResult> => pauseHolder({ script: worker.script, store, leaseMs: 1_500, storeTimeoutMs: 2_000 });

/** Inside the guarantee, and the resumed holder sent nothing: every token request was answered with a new token. */
function expectNothingSpentSent(result: ChaosResult): void {
  expectInsideGuarantee(result);
  expect(result.tokenRequests, JSON.stringify(result)).toBe(result.issued);
}

describe('SIGSTOP of the lease holder before its token request, past its lease, then SIGCONT', () => {
  it.skipIf(redis === undefined)('on one Redis: no spent refresh token sent, the family alive, the store current', async () => {
    expectNothingSpentSent(await run(redisStore(redis!.url)));
  });

  it('on one token file (FileTokenStore): no spent refresh token sent, the family alive, the store current', async () => {
    expectNothingSpentSent(await run(fileStore(join(directory, 'tokens.json'))));
  });

  it.skipIf(onPostgres === undefined)('on PostgreSQL (PostgresTokenStore): no spent refresh token sent, the family alive, the store current', async () => {
    expectNothingSpentSent(await run(onPostgres!));
  });
});
