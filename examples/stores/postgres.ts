// The code of docs/stores/postgres.md, type-checked by `npm test` (examples/tsconfig.json).

// #region pool
import pg from 'pg';
import { PostgresTokenStore } from 'authwire/postgres';
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 5,
  connectionTimeoutMillis: 2_000, // fail fast while PostgreSQL is away instead of queueing
});
pool.on('error', () => undefined); // an idle connection ended by a restart: the pool opens a new one
const store = new PostgresTokenStore({ client: pool, table: 'authwire_tokens', timeoutMs: 2_000 });
// #endregion pool

// #region migrate
import { postgresMigration } from 'authwire/postgres';
const sql = postgresMigration('authwire_tokens'); // put it in your migrations, or:
await store.migrate(); // CREATE TABLE IF NOT EXISTS, safe from many processes at once
// #endregion migrate

// #region create-table
const selfCreating = new PostgresTokenStore({ client: pool, createTable: true }); // creates the tables before its first call
// #endregion create-table

// #region errors
import { isAuthError } from 'authwire';
try {
  await store.get('some-key');
} catch (error) {
  if (isAuthError(error, 'ERR_AUTH_STORE') && error.details['reason'] === 'unreachable') {
    // PostgreSQL is down or restarting: cached tokens keep working, new ones wait for it
  }
}
// #endregion errors

export { selfCreating, sql, store };
