// What PostgresTokenStore needs from node-postgres (a Pool or a Client: `query` with
// parameters), and how a query is sent: within a deadline, and with any failure turned into an
// AuthError that says why (unreachable, timed out, ...) without what pg errors carry — their
// `detail`, `where`, the client, the connection's configuration or the query's parameters.
import { AuthError } from '../errors.js';

/**
 * The result of {@link PostgresQueryable.query}, as node-postgres returns it.
 *
 * @example
 * ```ts
 * const result: PostgresQueryResult = await pool.query('SELECT 1 AS one');
 * result.rows; // [{ one: 1 }]
 * ```
 */
export interface PostgresQueryResult {
  /** The rows, each an object keyed by column name. */
  readonly rows: readonly unknown[];
  /** How many rows the statement inserted, updated, deleted or returned. */
  readonly rowCount: number | null;
}

/**
 * The one method of a node-postgres `Pool` (or `Client`) that the store calls. A `pg.Pool`
 * satisfies it as is.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const client: PostgresQueryable = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export interface PostgresQueryable {
  /** Runs `text` with the parameters `values` ($1, $2, ...). */
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
}

/**
 * Why a call to PostgreSQL failed, in `details.reason` of the `ERR_AUTH_STORE` error:
 * `unreachable` (no connection, or it broke), `timeout` (no answer within `timeoutMs`),
 * `authentication` (the server refused the user or password), `missing-table` (the migration
 * has not run), `query` (anything else the server refused).
 *
 * @example
 * ```ts
 * if (isAuthError(error, 'ERR_AUTH_STORE') && error.details.reason === 'unreachable') retryLater();
 * ```
 */
export type PostgresFailureReason = 'unreachable' | 'timeout' | 'authentication' | 'missing-table' | 'query';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ENOENT']);
// SQLSTATE: class 08 connection exceptions; 57P01-03 shutting down or starting up.
const UNREACHABLE_STATES = /^(08...|57P0[123])$/;

/** Classifies a pg error by its code (an errno name or a SQLSTATE) and its message. */
function reasonOf(code: string | undefined, message: string): Exclude<PostgresFailureReason, 'timeout'> {
  if (code !== undefined && (NETWORK_CODES.has(code) || UNREACHABLE_STATES.test(code))) return 'unreachable';
  if (code === '28P01' || code === '28000') return 'authentication';
  if (code === '42P01') return 'missing-table';
  // pg's own errors when a connection ends or was never made carry no code.
  if (code === undefined && /connection|terminated|not queryable|timeout/i.test(message)) return 'unreachable';
  return 'query';
}

const HINTS: Record<PostgresFailureReason, string> = {
  unreachable: 'PostgreSQL is unreachable',
  timeout: 'PostgreSQL did not answer in time',
  authentication: 'PostgreSQL refused the credentials',
  'missing-table': "the table does not exist: run store.migrate() (or postgresMigration()) or pass createTable: true",
  query: 'PostgreSQL refused the statement',
};

/**
 * Runs one query within `timeoutMs`. Failures reject with `ERR_AUTH_STORE` whose `details`
 * hold the operation, the reason and the error's code, and whose cause is a plain `Error` with
 * the pg error's name, code and message — the message only for the server's own errors and
 * when it quotes none of `values` (a type error quotes the value).
 */
export function runQuery(client: PostgresQueryable, text: string, values: readonly unknown[], operation: string, timeoutMs: number): Promise<PostgresQueryResult> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(storeError(operation, 'timeout', undefined, new Error(`no answer within ${timeoutMs} ms`), timeoutMs));
    }, timeoutMs); // referenced: the caller awaits this query
    let call: Promise<PostgresQueryResult>;
    try {
      call = Promise.resolve(client.query(text, [...values]));
    } catch (error) {
      call = Promise.reject(error as Error);
    }
    call.then(
      (result) => {
        clearTimeout(timer);
        resolve(result);
      },
      (error: unknown) => {
        clearTimeout(timer);
        const code = codeOf(error);
        const message = error instanceof Error ? error.message : '';
        reject(storeError(operation, reasonOf(code, message), code, sanitizedCause(error, code, values)));
      },
    );
  });
}

function storeError(operation: string, reason: PostgresFailureReason, code: string | undefined, cause: Error, timeoutMs?: number): AuthError {
  const after = timeoutMs === undefined ? '' : ` within ${timeoutMs} ms`;
  const suffix = code === undefined ? '' : ` (${code})`;
  return new AuthError('ERR_AUTH_STORE', `PostgresTokenStore.${operation} failed: ${HINTS[reason]}${after}${suffix}`, {
    cause,
    details: { operation, reason, ...(code === undefined ? {} : { code }) },
  });
}

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[A-Z0-9_]{1,32}$/.test(code) ? code : undefined;
}

function sanitizedCause(error: unknown, code: string | undefined, values: readonly unknown[]): Error {
  const name = error instanceof Error ? error.name : 'Error';
  // A message from the server (a DatabaseError, with a SQLSTATE) is its own text; a client or
  // system error's message may name the host, the socket path or, when parsing failed, the
  // connection string: it is replaced by its code.
  const fromServer = error instanceof Error && name === 'error' && code !== undefined && /^[0-9A-Z]{5}$/.test(code);
  let message = fromServer ? error.message : code === undefined ? 'the PostgreSQL client failed' : `the PostgreSQL client failed with ${code}`;
  if (values.some((value) => typeof value === 'string' && value.length >= 8 && message.includes(value))) message = 'the server refused the statement (its message quoted a value and is withheld)';
  const copy = new Error(message);
  copy.name = name === 'error' ? 'DatabaseError' : name;
  if (code !== undefined) Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  return copy;
}
