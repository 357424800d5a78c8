// The code of docs/stores.md, type-checked by `npm test` (examples/tsconfig.json).

// #region contract
// pg-token-store.test.ts, next to pg-token-store.ts
import pg from 'pg';
import { afterAll } from 'vitest';
import { testTokenStore } from 'authwire/testing';
import { PgTokenStore } from './pg-token-store.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
afterAll(() => pool.end());

testTokenStore('PgTokenStore', () => new PgTokenStore(pool));
// #endregion contract
