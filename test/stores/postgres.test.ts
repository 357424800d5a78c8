// PostgresTokenStore against a real PostgreSQL (test/servers/postgres.ts): the store contract
// kit with a pg.Pool, a pg.Client and EncryptedTokenStore over it, then what is particular to
// Postgres: the tables and the migration, leases on the database's clock and held(), and
// failures that say why without the connection's configuration. Skipped loudly when PostgreSQL
// is not installed, a failure under CI=true.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAuthError } from '../../src/errors.js';
import { PostgresTokenStore, postgresMigration, type PostgresTokenStoreOptions } from '../../src/entries/postgres.js';
import { EncryptedTokenStore } from '../../src/stores/encrypted.js';
import { fullToken, testTokenStore } from '../../src/testing/index.js';
import { reachableSecrets } from '../../src/testing/reachable-secrets.js';
import { startPostgresOrSkip } from '../servers/postgres.js';

const server = await startPostgresOrSkip('test/stores/postgres.test.ts (PostgresTokenStore)');
const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await server?.close();
});

function newPool(config: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: server!.url, max: 10, connectionTimeoutMillis: 2_000, ...config });
  pool.on('error', () => undefined); // idle connections ended by a stop on purpose
  closers.push(() => pool.end());
  return pool;
}

const TABLE = 'contract_tokens';

describe.skipIf(server === undefined)('PostgresTokenStore', () => {
  let shared: pg.Pool | undefined;
  const pool = (): pg.Pool => (shared ??= newPool());
  const store = (options: Partial<PostgresTokenStoreOptions> = {}): PostgresTokenStore => new PostgresTokenStore({ client: pool(), table: TABLE, ...options });
  let single: pg.Client | undefined;

  beforeAll(async () => {
    await store().migrate();
    single = new pg.Client({ connectionString: server!.url });
    single.on('error', () => undefined);
    await single.connect();
    closers.push(() => single!.end());
  });

  testTokenStore('PostgresTokenStore (pg.Pool)', () => store());
  testTokenStore('PostgresTokenStore (one pg.Client)', () => new PostgresTokenStore({ client: single!, table: TABLE }));
  testTokenStore('EncryptedTokenStore over PostgresTokenStore', () => new EncryptedTokenStore({ store: store(), keys: { k: Buffer.alloc(32, 7) }, currentKeyId: 'k' }));

  describe('tables and the migration', () => {
    it('postgresMigration() creates both tables; run again it changes nothing; the store works on them', async () => {
      const table = `mig_${randomUUID().slice(0, 8)}`;
      await pool().query(postgresMigration(table));
      await pool().query(postgresMigration(table));
      const { rows } = await pool().query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_name LIKE $1 ORDER BY 1", [`${table}%`]);
      expect(rows.map((row) => row.table_name)).toEqual([table, `${table}_leases`]);
      const target = new PostgresTokenStore({ client: pool(), table });
      expect(await target.set('k', fullToken(1), { ifVersion: 0 })).toBe(true);
      const row = await pool().query<{ key: string; version: string; record: string }>(`SELECT key, version, record FROM ${table}`);
      expect(row.rows.map(({ key, version, record }) => ({ key, version, record: JSON.parse(record) as unknown }))).toEqual([{ key: 'k', version: '1', record: fullToken(1) }]);
    });

    it('createTable: true creates the tables on first use, also from 8 stores at once', async () => {
      const table = `auto_${randomUUID().slice(0, 8)}`;
      const stores = Array.from({ length: 8 }, () => new PostgresTokenStore({ client: pool(), table, createTable: true }));
      const results = await Promise.all(stores.map((each, index) => each.set(`k${index}`, fullToken(1), { ifVersion: 0 })));
      expect(results).toEqual(Array.from({ length: 8 }, () => true));
      expect(await stores[0]!.get('k7')).toEqual(fullToken(1));
    });

    it('a schema-qualified table works', async () => {
      const schema = `s_${randomUUID().slice(0, 8)}`;
      await pool().query(`CREATE SCHEMA ${schema}`);
      const target = new PostgresTokenStore({ client: pool(), table: `${schema}.tokens`, createTable: true });
      await target.set('k', fullToken(2));
      const { rows } = await pool().query<{ count: string }>(`SELECT count(*) FROM ${schema}.tokens`);
      expect(rows[0]?.count).toBe('1');
      expect(await target.lock('k', 60_000)).toBeDefined();
      expect((await pool().query(`SELECT owner FROM ${schema}.tokens_leases`)).rowCount).toBe(1);
    });

    it('without the tables and without createTable: ERR_AUTH_STORE with reason missing-table, naming what to run', async () => {
      const target = new PostgresTokenStore({ client: pool(), table: `absent_${randomUUID().slice(0, 8)}` });
      await expect(target.get('k')).rejects.toMatchObject({ code: 'ERR_AUTH_STORE', details: { operation: 'get', reason: 'missing-table', code: '42P01' }, message: expect.stringMatching(/migrate\(\)|createTable/) });
    });

    it('with EncryptedTokenStore the row holds no token in clear', async () => {
      const inner = store();
      const encrypted = new EncryptedTokenStore({ store: inner, keys: { k: Buffer.alloc(32, 3) }, currentKeyId: 'k' });
      const key = `enc-${randomUUID()}`;
      await encrypted.set(key, fullToken(1));
      const { rows } = await pool().query<{ record: string }>(`SELECT record FROM ${TABLE} WHERE key = $1`, [key]);
      expect(rows[0]?.record).not.toContain('access-token-1');
      expect(rows[0]?.record).not.toContain('refresh-token-1');
      expect(await encrypted.get(key)).toEqual(fullToken(1));
    });
  });

  describe('leases', () => {
    const leaseRow = async (key: string) => (await pool().query<{ owner: string; left_ms: number }>(
      `SELECT owner, extract(epoch FROM expires_at - clock_timestamp()) * 1000 AS left_ms FROM ${TABLE}_leases WHERE key = $1`, [key])).rows[0];

    it('a lease is a row with an owner and an expiry on the database clock; release deletes it', async () => {
      const key = `lease-${randomUUID()}`;
      const lock = await store().lock(key, 60_000);
      const row = await leaseRow(key);
      expect(row?.owner).toMatch(/^[0-9a-f]{32}$/);
      expect(Number(row?.left_ms)).toBeGreaterThan(50_000);
      expect(Number(row?.left_ms)).toBeLessThanOrEqual(60_000);
      await lock?.release();
      expect(await leaseRow(key)).toBeUndefined();
    });

    it("held() is true while the lease runs, false after release, after it ran out, and when another holder took it; the stale holder's release leaves the new lease", async () => {
      const target = store();
      const key = `held-${randomUUID()}`;
      const long = await target.lock(key, 60_000);
      expect(await long?.held?.()).toBe(true);
      await long?.release();
      expect(await long?.held?.()).toBe(false);

      const short = await target.lock(key, 50);
      expect(short).toBeDefined();
      let next = await target.lock(key, 60_000);
      while (next === undefined) {
        await sleep(20);
        next = await target.lock(key, 60_000);
      }
      expect(await short?.held?.()).toBe(false);
      expect(await next.held?.()).toBe(true);
      const owner = (await leaseRow(key))?.owner;
      await short?.release();
      expect((await leaseRow(key))?.owner).toBe(owner);
      expect(await next.held?.()).toBe(true);
      await next.release();
    });

    it("held() asks the database: a lease whose row was taken over (the database's clock ran past it) is not held", async () => {
      const target = store();
      const key = `clock-${randomUUID()}`;
      const lock = await target.lock(key, 60_000);
      // As if the database's clock had passed the expiry: another holder may take it now.
      await pool().query(`UPDATE ${TABLE}_leases SET expires_at = clock_timestamp() - interval '1 second' WHERE key = $1`, [key]);
      expect(await lock?.held?.()).toBe(false);
      const other = await target.lock(key, 60_000);
      expect(other).toBeDefined();
      await other?.release();
    });

    it('a release that failed (PostgreSQL away) can be called again and then removes the lease', async () => {
      let failing = false;
      const flaky = { query: (text: string, values?: unknown[]) => (failing ? Promise.reject(Object.assign(new Error('Connection terminated unexpectedly'), {})) : pool().query(text, values)) };
      const target = new PostgresTokenStore({ client: flaky, table: TABLE });
      const key = `flaky-${randomUUID()}`;
      const lock = await target.lock(key, 60_000);
      failing = true;
      await expect(lock?.release()).rejects.toMatchObject({ code: 'ERR_AUTH_STORE', details: { operation: 'release', reason: 'unreachable' } });
      expect(await leaseRow(key)).toBeDefined();
      failing = false;
      await lock?.release();
      expect(await leaseRow(key)).toBeUndefined();
    });
  });

  describe('options', () => {
    const invalid = (field: string) => expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG', message: expect.stringContaining(`PostgresTokenStore.${field}`) });

    it('refuses a table name that is not a plain identifier, naming the field', () => {
      for (const table of ['', 'Tokens', '1tokens', 'a.b.c', 'tokens; DROP TABLE users', '"quoted"', 'x'.repeat(57), 42]) {
        expect(() => new PostgresTokenStore({ client: pool(), table: table as string })).toThrow(invalid('table'));
      }
      expect(() => postgresMigration('bad name')).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG', message: expect.stringContaining('postgresMigration.table') }));
    });

    it('refuses a missing client, a bad timeout or createTable, and an unknown option', () => {
      expect(() => new PostgresTokenStore({} as PostgresTokenStoreOptions)).toThrow(invalid('client'));
      expect(() => new PostgresTokenStore({ client: {} as pg.Pool })).toThrow(invalid('client'));
      for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '5']) {
        expect(() => new PostgresTokenStore({ client: pool(), timeoutMs: timeoutMs as number })).toThrow(invalid('timeoutMs'));
      }
      expect(() => new PostgresTokenStore({ client: pool(), createTable: 'yes' as unknown as boolean })).toThrow(invalid('createTable'));
      expect(() => new PostgresTokenStore({ client: pool(), tableName: 'x' } as PostgresTokenStoreOptions)).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG', message: expect.stringContaining("'tableName'") }));
    });

    it('never shows the client (whose options hold the password) in util.inspect or JSON', () => {
      const target = new PostgresTokenStore({ client: pool(), table: TABLE });
      const shown = `${inspect(target, { showHidden: true, depth: 10 })} ${JSON.stringify(target)}`;
      expect(shown).not.toContain(server!.password);
      expect(shown).toContain(TABLE);
    });
  });

  describe('failures', () => {
    const secretsOf = (): string[] => [server!.password, server!.url, 'access-token-9', 'refresh-token-9'];
    const expectNoSecrets = (error: unknown): void => {
      const report = reachableSecrets(error, secretsOf());
      expect(report.complete).toBe(true);
      expect(report.found).toEqual([]);
      expect(`${inspect(error, { showHidden: true, depth: 20 })} ${JSON.stringify(error)}`).not.toContain(server!.password);
    };

    it('a wrong password: ERR_AUTH_STORE with reason authentication; nothing reachable from the error holds a password or the record', async () => {
      const url = new URL(server!.url);
      url.password = 'wrong-password-hunter2';
      const target = new PostgresTokenStore({ client: newPool({ connectionString: url.href }), table: TABLE });
      const error: unknown = await target.set('k', fullToken(9)).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'AuthError', code: 'ERR_AUTH_STORE', details: { operation: 'set', reason: 'authentication', code: '28P01' } });
      expect(reachableSecrets(error, ['wrong-password-hunter2', url.href]).found).toEqual([]);
      expectNoSecrets(error);
    });

    it('a pool that has no free connection within timeoutMs: ERR_AUTH_STORE with reason timeout', async () => {
      const busy = newPool({ max: 1, connectionTimeoutMillis: 0 });
      const held = await busy.connect();
      try {
        const target = new PostgresTokenStore({ client: busy, table: TABLE, timeoutMs: 200 });
        const error: unknown = await target.set('k', fullToken(9)).catch((caught: unknown) => caught);
        expect(error).toMatchObject({ code: 'ERR_AUTH_STORE', details: { operation: 'set', reason: 'timeout' } });
        expectNoSecrets(error);
      } finally {
        held.release();
      }
    });

    it("a statement the server refuses: reason query, and the server's detail (which quotes the failing row, the record) is not reachable", async () => {
      const table = `refusing_${randomUUID().slice(0, 8)}`;
      await pool().query(postgresMigration(table));
      await pool().query(`ALTER TABLE ${table} ADD CONSTRAINT short_records CHECK (length(record) < 20)`);
      const error: unknown = await new PostgresTokenStore({ client: pool(), table }).set('k', fullToken(9)).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'ERR_AUTH_STORE', details: { operation: 'set', reason: 'query', code: '23514' } });
      expect(((error as Error).cause as Error).message).toContain('short_records');
      expectNoSecrets(error);
    });

    it('a record that is not a token is an ERR_AUTH_STORE on get', async () => {
      const key = `bad-${randomUUID()}`;
      await pool().query(`INSERT INTO ${TABLE} (key, version, record) VALUES ($1, 1, '{"accessToken":')`, [key]);
      await expect(store().get(key)).rejects.toMatchObject({ code: 'ERR_AUTH_STORE', details: { operation: 'get' } });
    });

    // Last: it stops the server.
    it('while PostgreSQL is stopped calls reject with reason unreachable and no secret; after it starts again the same pool works', async () => {
      const target = new PostgresTokenStore({ client: newPool(), table: TABLE, timeoutMs: 3_000 });
      const key = `down-${randomUUID()}`;
      await target.set(key, fullToken(1));
      await server!.stop();
      for (const call of [() => target.get(key), () => target.set(key, fullToken(9), { ifVersion: 1 }), () => target.lock(key, 1_000), () => target.delete(key)]) {
        const error: unknown = await call().catch((caught: unknown) => caught);
        expect(isAuthError(error, 'ERR_AUTH_STORE')).toBe(true);
        expect((error as { details: { reason: string } }).details.reason).toBe('unreachable');
        expectNoSecrets(error);
      }
      await server!.start();
      const deadline = Date.now() + 20_000;
      for (;;) {
        const outcome = await target.get(key).catch((error: unknown) => error);
        if (!(outcome instanceof Error)) {
          expect(outcome).toEqual(fullToken(1));
          break;
        }
        if (Date.now() > deadline) throw outcome;
        await sleep(100);
      }
      expect(await target.set(key, fullToken(2), { ifVersion: 1 })).toBe(true);
    });
  });
});
