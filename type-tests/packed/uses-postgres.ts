// Compiled with uses-everything.ts (see there): authwire/postgres, whose optional peer is pg.
import { Pool } from 'pg';
import type { TokenStore, TokenStoreLock } from 'authwire';
import { PostgresTokenStore, postgresMigration, type PostgresTokenStoreOptions } from 'authwire/postgres';

export async function postgresStore(connectionString: string): Promise<TokenStore> {
  const pool = new Pool({ connectionString });
  await pool.query(postgresMigration('app_tokens'));
  const options: PostgresTokenStoreOptions = { client: pool, table: 'app_tokens', timeoutMs: 2_000 };
  return new PostgresTokenStore(options);
}

export async function stillHeld(lock: TokenStoreLock): Promise<boolean> {
  return (await lock.held?.()) ?? false;
}
