// PostgresTokenStore: records in one table with a version column for compare-and-set, leases in
// a second table with an owner and an expiry on the database's clock.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { inspect } from 'node:util';
import { AuthError, invalidConfig } from '../errors.js';
import { checkOptionNames, optionNames } from '../validate/option-names.js';
import { runQuery, type PostgresQueryable, type PostgresQueryResult } from './postgres-client.js';
import { DEFAULT_POSTGRES_TABLE, statementsFor, type PostgresStatements } from './postgres-sql.js';
import { checkIfVersion, checkLeaseMs, checkTokenToWrite, parseStoredToken } from './record.js';
import type { StoredToken, TokenStore, TokenStoreLock, TokenStoreSetOptions } from './token-store.js';

/**
 * Options of {@link PostgresTokenStore}.
 *
 * @example
 * ```ts
 * const options: PostgresTokenStoreOptions = { client: pool, table: 'my_app.auth_tokens', createTable: true, timeoutMs: 2_000 };
 * const store = new PostgresTokenStore(options);
 * ```
 */
export interface PostgresTokenStoreOptions {
  /**
   * A node-postgres `Pool` (recommended: it reconnects after PostgreSQL restarts) or a connected
   * `Client`, or anything with the same `query(text, values)`. The store never ends it.
   */
  readonly client: PostgresQueryable;
  /**
   * The records table, `name` or `schema.name` (lower-case letters, digits and `_`); leases go
   * to `<name>_leases` beside it. Default `authwire_tokens`.
   */
  readonly table?: string;
  /**
   * Create both tables (`CREATE TABLE IF NOT EXISTS`) before the first call, for a database user
   * allowed to. Default `false`: run {@link postgresMigration} in your migrations, or
   * {@link PostgresTokenStore.migrate} once.
   */
  readonly createTable?: boolean;
  /**
   * A call that PostgreSQL has not answered after this long rejects with `ERR_AUTH_STORE`
   * (`details.reason` `timeout`): a pool waiting for a connection would otherwise hold the
   * caller. Default 5 000 ms.
   */
  readonly timeoutMs?: number;
}

const names = optionNames<PostgresTokenStoreOptions>()(['client', 'table', 'createTable', 'timeoutMs']);

/**
 * Keeps tokens in PostgreSQL for processes on any number of hosts. Each record is a row (`key`,
 * `version`, `record`); `set` with `ifVersion` is one statement (`UPDATE … WHERE version = $n`,
 * or `INSERT … ON CONFLICT DO NOTHING` for `ifVersion: 0`), so exactly one of several
 * concurrent writers wins. `lock` inserts a lease row with a random owner and an expiry on the
 * database's clock, or takes over a row whose lease ran out, in one statement; only its owner
 * deletes it, so a holder whose lease ran out cannot release another's lease. No session
 * (advisory) lock is used: a lease belongs to its holder, not to a pooled connection.
 *
 * The record column holds the record as JSON text, as given: wrapped in `EncryptedTokenStore`,
 * the tokens in it are ciphertext. Failures reject with `ERR_AUTH_STORE` whose `details.reason`
 * says why (see {@link PostgresFailureReason}); neither the message nor the cause holds the
 * connection's configuration, the record or the pg error's other fields.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { PostgresTokenStore } from 'authwire/postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * pool.on('error', () => undefined); // an idle connection dropped by a restart; the pool replaces it
 * const store = new PostgresTokenStore({ client: pool, createTable: true });
 * ```
 */
export class PostgresTokenStore implements TokenStore {
  readonly #client: PostgresQueryable;
  readonly #table: string;
  readonly #sql: PostgresStatements;
  readonly #timeoutMs: number;
  readonly #createTable: boolean;
  #ready: Promise<void> | undefined;

  /** @param options - the pool, the table, whether to create it, and the timeout of each call */
  constructor(options: PostgresTokenStoreOptions) {
    checkOptionNames(options, names, 'PostgresTokenStore');
    const { client, table = DEFAULT_POSTGRES_TABLE, createTable = false, timeoutMs = 5_000 } = (options ?? {}) as Partial<PostgresTokenStoreOptions>;
    if (typeof client !== 'object' || client === null || typeof client.query !== 'function') {
      throw invalidConfig('PostgresTokenStore.client', 'a node-postgres Pool or Client (an object with query(text, values))');
    }
    if (typeof createTable !== 'boolean') throw invalidConfig('PostgresTokenStore.createTable', 'true or false');
    if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw invalidConfig('PostgresTokenStore.timeoutMs', 'a positive finite number of milliseconds');
    }
    this.#sql = statementsFor(table);
    this.#client = client;
    this.#table = table;
    this.#timeoutMs = timeoutMs;
    this.#createTable = createTable;
  }

  /** The records table this store uses (its leases are in `<table>_leases`). */
  get table(): string {
    return this.#table;
  }

  /**
   * Creates both tables if they do not exist ({@link postgresMigration}); safe to run from many
   * processes at once.
   *
   * @example
   * ```ts
   * await new PostgresTokenStore({ client: pool }).migrate(); // once, at deploy time
   * ```
   */
  async migrate(): Promise<void> {
    await runQuery(this.#client, this.#sql.migrate, [], 'migrate', this.#timeoutMs);
  }

  /** Reads the record; rejects with `ERR_AUTH_STORE` if it is not a valid token record. */
  async get(key: string): Promise<StoredToken | undefined> {
    const { rows } = await this.#query('get', this.#sql.get, [key]);
    const row = rows[0] as { record?: unknown } | undefined;
    if (row === undefined) return undefined;
    let value: unknown;
    try {
      value = typeof row.record === 'string' ? JSON.parse(row.record) : undefined;
    } catch {
      value = undefined;
    }
    const token = parseStoredToken(value);
    if (token === undefined) {
      throw new AuthError('ERR_AUTH_STORE', 'PostgresTokenStore.get: the stored record is not a valid token record; delete the row to start over', { details: { operation: 'get' } });
    }
    return token;
  }

  /** Writes the record; with `ifVersion`, in one statement, only if the stored version (0 when absent) equals it. */
  async set(key: string, token: StoredToken, options?: TokenStoreSetOptions): Promise<boolean> {
    const record = checkTokenToWrite(token, 'PostgresTokenStore.set');
    const ifVersion = checkIfVersion(options?.ifVersion, 'PostgresTokenStore.set');
    const values = [key, record.version, JSON.stringify(record)];
    if (ifVersion === undefined) {
      await this.#query('set', this.#sql.upsert, values);
      return true;
    }
    const result = ifVersion === 0 ? await this.#query('set', this.#sql.insert, values) : await this.#query('set', this.#sql.update, [...values, ifVersion]);
    return result.rowCount === 1;
  }

  /** Deletes the record (its lease, if any, is left to run out or be released). */
  async delete(key: string): Promise<void> {
    await this.#query('delete', this.#sql.delete, [key]);
  }

  /**
   * Takes the lease on `key` for `ttlMs` if nobody holds it or its lease ran out (the database's
   * clock decides); resolves `undefined` otherwise. The lock's `held()` asks the database
   * whether the lease is still this holder's and has not run out.
   */
  async lock(key: string, ttlMs: number): Promise<TokenStoreLock | undefined> {
    const leaseMs = checkLeaseMs(ttlMs, 'PostgresTokenStore.lock');
    const owner = randomBytes(16).toString('hex');
    // Measured before the statement is sent: the database starts the lease later, so this
    // process never believes it holds a lease the database already counts as run out.
    const localDeadline = performance.now() + leaseMs;
    const release = (): Promise<unknown> => this.#query('release', this.#sql.release, [key, owner]);
    let result: PostgresQueryResult;
    try {
      result = await this.#query('lock', this.#sql.lock, [key, owner, leaseMs]);
    } catch (error) {
      // A statement that timed out here may still commit: remove the lease it may leave.
      release().catch(() => undefined);
      throw error;
    }
    if (result.rowCount !== 1) return undefined;
    let released = false;
    return {
      // A release that failed (PostgreSQL away) may be called again: it deletes the row only
      // while it is still this owner's.
      release: async () => {
        if (released) return;
        await release();
        released = true;
      },
      held: async () => {
        if (released || performance.now() >= localDeadline) return false;
        const { rowCount } = await this.#query('held', this.#sql.held, [key, owner]);
        return rowCount === 1;
      },
    };
  }

  /** Shows the table only (never the client, whose options may hold a password). */
  [inspect.custom](): string {
    return `PostgresTokenStore { table: ${JSON.stringify(this.#table)} }`;
  }

  /** The table only, as for `util.inspect`. */
  toJSON(): {
    /** The records table. */
    table: string;
  } {
    return { table: this.#table };
  }

  async #query(operation: string, text: string, values: readonly unknown[]): Promise<PostgresQueryResult> {
    if (this.#createTable) {
      this.#ready ??= this.migrate().catch((error: unknown) => {
        this.#ready = undefined; // the next call tries again
        throw error;
      });
      await this.#ready;
    }
    return runQuery(this.#client, text, values, operation, this.#timeoutMs);
  }
}
