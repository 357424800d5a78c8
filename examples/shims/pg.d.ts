// pg (node-postgres) is not a dependency of authwire. The PostgreSQL store example
// (examples/stores/pg-token-store.ts, shown in docs/stores.md) uses a handful of its types; these
// declarations copy those from @types/pg 8, so that the authwire side of it is type-checked for real.
declare module 'pg' {
  interface QueryResultRow {
    [column: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- as in @types/pg
  }
  interface QueryResult<R extends QueryResultRow = QueryResultRow> {
    command: string;
    rowCount: number | null;
    rows: R[];
  }
  interface PoolConfig {
    connectionString?: string | undefined;
    max?: number | undefined;
  }
  class Pool {
    constructor(config?: PoolConfig);
    query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
    end(): Promise<void>;
  }
  const pg: { Pool: typeof Pool };
  export default pg;
  export { Pool };
  export type { PoolConfig, QueryResult, QueryResultRow };
}
