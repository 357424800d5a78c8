// The SQL of PostgresTokenStore: the tables (records and leases) and each statement, built once
// from a table name that was checked to be a plain SQL identifier, so no statement is ever built
// from a value (keys, records and owners are always parameters).
import { invalidConfig } from '../errors.js';

/**
 * The table a {@link PostgresTokenStore} uses unless told otherwise (`authwire_tokens`; leases in `authwire_tokens_leases`).
 *
 * @example
 * ```ts
 * await pool.query(`SELECT count(*) FROM ${DEFAULT_POSTGRES_TABLE}`);
 * ```
 */
export const DEFAULT_POSTGRES_TABLE = 'authwire_tokens';

// Lower-case, unquoted-style identifiers, with room for the `_leases` suffix in 63 bytes.
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,55}$/;

/** The two tables of a store, as quoted SQL names. */
interface TableNames {
  readonly records: string;
  readonly leases: string;
}

/**
 * Checks `table` (`name` or `schema.name`, each part lower-case letters, digits and `_`, not
 * starting with a digit) and returns the quoted names of the records table and its leases
 * table (`<name>_leases`, in the same schema).
 */
export function tableNames(table: unknown, field: string): TableNames {
  const parts = typeof table === 'string' ? table.split('.') : [];
  if (parts.length < 1 || parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw invalidConfig(field, "a table name such as 'authwire_tokens' or 'my_schema.authwire_tokens' (lower-case letters, digits and _, at most 56 characters a part, not starting with a digit)");
  }
  const quoted = parts.map((part) => `"${part}"`);
  const leaf = parts[parts.length - 1]!;
  const schema = quoted.length === 2 ? `${quoted[0]!}.` : '';
  return { records: `${schema}"${leaf}"`, leases: `${schema}"${leaf}_leases"` };
}

/**
 * The SQL that creates the tables of a {@link PostgresTokenStore} (idempotent: `IF NOT EXISTS`).
 * Run it in your migrations, or let the store run it with `createTable: true`.
 *
 * - `<table>`: `key text PRIMARY KEY`, `version bigint` (the compare-and-set column), `record
 *   text` (the token record as the store was given it, JSON; encrypted field by field when the
 *   store is wrapped in `EncryptedTokenStore`), `updated_at timestamptz`.
 * - `<table>_leases`: `key text PRIMARY KEY`, `owner text`, `expires_at timestamptz` (the
 *   database's clock).
 *
 * @param table - the table name given to the store; default `authwire_tokens`
 * @example
 * ```ts
 * import { postgresMigration } from 'authwire/postgres';
 * await pool.query(postgresMigration('authwire_tokens'));
 * ```
 */
export function postgresMigration(table: string = DEFAULT_POSTGRES_TABLE): string {
  const { records, leases } = tableNames(table, 'postgresMigration.table');
  return `CREATE TABLE IF NOT EXISTS ${records} (
  key text PRIMARY KEY,
  version bigint NOT NULL CHECK (version >= 0),
  record text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS ${leases} (
  key text PRIMARY KEY,
  owner text NOT NULL,
  expires_at timestamptz NOT NULL
);
`;
}

/** Every statement the store sends, for one pair of tables. */
export interface PostgresStatements {
  /** The migration, serialized across processes by a transaction-scoped advisory lock. */
  readonly migrate: string;
  /** $1 key → rows of `{ record }`. */
  readonly get: string;
  /** $1 key, $2 version, $3 record: insert or overwrite. */
  readonly upsert: string;
  /** $1 key, $2 version, $3 record: insert only if absent (`ifVersion: 0`). */
  readonly insert: string;
  /** $1 key, $2 version, $3 record, $4 expected version: overwrite only that version. */
  readonly update: string;
  /** $1 key. */
  readonly delete: string;
  /** $1 key, $2 owner, $3 lease ms: take the lease if absent or expired (one row back when taken). */
  readonly lock: string;
  /** $1 key, $2 owner: one row back while that owner's lease runs. */
  readonly held: string;
  /** $1 key, $2 owner. */
  readonly release: string;
}

/** The statements for `table` (already checked by {@link tableNames}). */
export function statementsFor(table: string): PostgresStatements {
  const { records, leases } = tableNames(table, 'PostgresTokenStore.table');
  // One simple query of several statements runs as one implicit transaction, so the advisory
  // lock (released at its end, never held by a pooled session) serializes concurrent
  // CREATE TABLE IF NOT EXISTS, which can otherwise fail on a duplicate catalog row.
  const migrate = `SELECT pg_advisory_xact_lock(hashtext(${quoteLiteral(`authwire:migrate:${records}`)}));\n${postgresMigration(table)}`;
  // clock_timestamp(), not now(): a statement that waited for a row lock compares with the time
  // it decides, not the time it started.
  return {
    migrate,
    get: `SELECT record FROM ${records} WHERE key = $1`,
    upsert: `INSERT INTO ${records} (key, version, record) VALUES ($1, $2, $3)
ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version, record = EXCLUDED.record, updated_at = now()`,
    insert: `INSERT INTO ${records} (key, version, record) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`,
    update: `UPDATE ${records} SET version = $2, record = $3, updated_at = now() WHERE key = $1 AND version = $4`,
    delete: `DELETE FROM ${records} WHERE key = $1`,
    lock: `INSERT INTO ${leases} AS lease (key, owner, expires_at) VALUES ($1, $2, clock_timestamp() + $3::float8 * interval '1 millisecond')
ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = clock_timestamp() + $3::float8 * interval '1 millisecond'
WHERE lease.expires_at <= clock_timestamp()
RETURNING 1 AS taken`,
    held: `SELECT 1 AS held FROM ${leases} WHERE key = $1 AND owner = $2 AND expires_at > clock_timestamp()`,
    release: `DELETE FROM ${leases} WHERE key = $1 AND owner = $2`,
  };
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
