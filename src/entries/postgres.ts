/**
 * `authwire/postgres`: a {@link TokenStore} on PostgreSQL, shared by processes and hosts, for
 * teams whose shared infrastructure is a database rather than Redis. Needs `pg` (node-postgres),
 * an optional peer dependency.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { oauth2Auth } from 'authwire';
 * import { PostgresTokenStore } from 'authwire/postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = new PostgresTokenStore({ client: pool, createTable: true });
 * const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId, clientSecret, store });
 * ```
 *
 * @module authwire/postgres
 */
export { PostgresTokenStore } from '../stores/postgres.js';
export type { PostgresTokenStoreOptions } from '../stores/postgres.js';
export { DEFAULT_POSTGRES_TABLE, postgresMigration } from '../stores/postgres-sql.js';
export type { PostgresFailureReason, PostgresQueryable, PostgresQueryResult } from '../stores/postgres-client.js';
export type { StoredToken, TokenStore, TokenStoreLock, TokenStoreSetOptions } from '../stores/token-store.js';
