// Chaos: PostgreSQL stopped (`pg_ctl -m fast`: SIGINT to the postmaster) while the lease holder's
// token request is at the server, its answer let go while the database is down, and started
// again 2 s later with its data; 6 processes (axios, got, ky, fetch) on PostgresTokenStore
// through pg.Pool (test/servers/postgres.ts, initdb into a temp folder as a non-root user).
// Skips loudly without PostgreSQL (fails under CI=true).
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgresOrSkip } from '../servers/postgres.js';
import { restartMidRefresh } from './cases.js';
import { compileWorker } from './compile-worker.js';
import { expectInsideGuarantee } from './expect.js';
import { postgresStore } from './stores.js';

const postgres = await startPostgresOrSkip('test/chaos/postgres-restart.test.ts (PostgreSQL restarted mid-refresh)');
const worker = postgres === undefined ? undefined : compileWorker();
const store = postgres === undefined ? undefined : await postgresStore(postgres);
afterAll(async () => {
  await store?.close();
  worker?.remove();
  await postgres?.close();
});

describe.skipIf(postgres === undefined)('PostgreSQL restarted mid-refresh', () => {
  it('no refresh token reused or lost, nothing extra; requests fail only with ERR_AUTH_STORE while the database is away', async () => {
    const result = await restartMidRefresh({
      script: worker!.script, store: store!, restart: { stop: () => postgres!.stop('fast'), start: () => postgres!.start() }, leaseMs: 10_000, storeTimeoutMs: 2_000,
    });
    expectInsideGuarantee(result, { fault: ['ERR_AUTH_STORE'], recover: ['ERR_AUTH_STORE'] });
    expect(result.extraTokenRequests).toBe(0);
  });
});
