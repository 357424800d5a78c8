// The code of docs/stores.md, type-checked by `npm test` (examples/tsconfig.json). pg is not a dependency of authwire:
// examples/shims/pg.d.ts declares the few of its types used here.

// #region pg-token-store
import { randomUUID } from 'node:crypto';
import type { Pool, QueryResultRow } from 'pg';
import { AuthError, type StoredToken, type TokenStore, type TokenStoreLock, type TokenStoreSetOptions } from 'authwire';

export class PgTokenStore implements TokenStore {
  constructor(private readonly pool: Pool) {}

  async get(key: string): Promise<StoredToken | undefined> {
    const { rows } = await this.query<{ token: StoredToken }>('SELECT token FROM authwire_tokens WHERE key = $1', [key]);
    return rows[0]?.token;
  }

  async set(key: string, token: StoredToken, { ifVersion }: TokenStoreSetOptions = {}): Promise<boolean> {
    const values = [key, token.version, JSON.stringify(token)];
    if (ifVersion === undefined) {
      await this.query(
        `INSERT INTO authwire_tokens (key, version, token) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version, token = EXCLUDED.token`, values);
      return true;
    }
    if (ifVersion === 0) {
      const result = await this.query('INSERT INTO authwire_tokens (key, version, token) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING', values);
      return result.rowCount === 1;
    }
    // One statement: a concurrent writer that changed the row makes this one match nothing.
    const result = await this.query('UPDATE authwire_tokens SET version = $2, token = $3 WHERE key = $1 AND version = $4', [...values, ifVersion]);
    return result.rowCount === 1;
  }

  async delete(key: string): Promise<void> {
    await this.query('DELETE FROM authwire_tokens WHERE key = $1', [key]);
  }

  async lock(key: string, ttlMs: number): Promise<TokenStoreLock | undefined> {
    const owner = randomUUID();
    const result = await this.query(
      `INSERT INTO authwire_leases (key, owner, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE authwire_leases.expires_at <= now()`,
      [key, owner, Math.ceil(ttlMs)],
    );
    if (result.rowCount !== 1) return undefined;
    return {
      release: async () => {
        await this.query('DELETE FROM authwire_leases WHERE key = $1 AND owner = $2', [key, owner]);
      },
    };
  }

  private async query<R extends QueryResultRow = QueryResultRow>(text: string, values: unknown[]) {
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      // pg errors may quote parameters (the token): keep only the message of the server.
      throw new AuthError('ERR_AUTH_STORE', 'PgTokenStore: query failed', { cause: new Error((error as Error).message) });
    }
  }
}
// #endregion pg-token-store
