// Eight real processes share one rotating refresh token (oidc-provider: a refresh token used twice
// revokes the whole grant) through PostgresTokenStore on one table, with the harness of
// test/cross-process/: exactly one token request per expiry; and PostgreSQL stopped and started
// again in the middle of the traffic: requests with a valid cached token go on, no token request
// is sent without the store, nothing is lost, and at the end the stored refresh token is the one
// the server holds in force. Skips loudly without PostgreSQL (fails under CI=true).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauth2Auth } from '../../src/index.js';
import { PostgresTokenStore } from '../../src/stores/postgres.js';
import { Child, compileClient, recordTokenEndpoint, refreshesOfFreshTokens, waitUntil, type CompiledClient, type TokenEndpointEvent } from '../cross-process/support.js';
import type { ChildConfig, TrafficReport } from '../cross-process/fixtures/protocol.js';
import { CLIENT_SECRET, startOidcServer, type OidcServer } from '../servers/oidc.js';
import { startPostgresOrSkip } from '../servers/postgres.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';

const PROCESSES = 8;
const EXPIRIES = 3;
const TTL_SECONDS = 3;
/** The default refresh window (2 min) cut to half of a 3 s token's life. */
const REFRESH_WINDOW_MS = (TTL_SECONDS * 1000) / 2;

const postgres = await startPostgresOrSkip('test/stores/postgres-processes.test.ts (PostgresTokenStore across processes)');
let client: CompiledClient;
let oidc: OidcServer;
let api: ResourceServer;
let endpoint: TokenEndpointEvent[];
let pool: pg.Pool | undefined;

beforeAll(async () => {
  if (postgres === undefined) return;
  client = compileClient();
  oidc = await startOidcServer({ accessTokenTtl: TTL_SECONDS });
  endpoint = recordTokenEndpoint(oidc);
  api = await startResourceServer((token) => oidc.isActive(token));
  pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
  pool.on('error', () => undefined);
});
afterAll(async () => {
  await pool?.end();
  await api?.close();
  await oidc?.close();
  await postgres?.close();
  client?.remove();
});

/** A new table, created as a deployment would (the migration, not createTable). */
async function newTable(): Promise<{ table: string; store: PostgresTokenStore }> {
  const table = `xp_${randomUUID().slice(0, 8)}`;
  const store = new PostgresTokenStore({ client: pool!, table });
  await store.migrate();
  return { table, store };
}

function children(table: string, refreshToken: string, extra: Partial<ChildConfig> = {}): Child[] {
  return Array.from({ length: PROCESSES }, () => new Child(client.script, {
    mode: 'traffic', store: { kind: 'postgres', url: postgres!.url, table }, tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: CLIENT_SECRET,
    refreshToken, apiUrl: api.url, concurrency: 2, pauseMs: 40, ...extra,
  } as ChildConfig));
}

const phases = (all: readonly Child[], phase: string): void => {
  for (const child of all) child.send({ type: 'phase', phase });
};
/** For a timeout's message: what each child has reported besides `ok`. */
const state = (what: string, all: readonly Child[]) => (): string =>
  `${what}; reports: ${all.map((child, index) => `#${index} ${child.problems().join(', ')}`).join(' | ')}`;

/**
 * The stored refresh token is the one in force at the server (not consumed by a rotation, not
 * revoked), the one the processes started from was rotated out, and it refreshes once more.
 */
async function expectStoredRefreshTokenInForce(store: PostgresTokenStore, key: string, initial: string): Promise<void> {
  const stored = await store.get(key);
  expect(stored?.refreshToken).toBeDefined();
  expect(stored?.refreshToken).not.toBe(initial);
  const atServer = await oidc.provider.RefreshToken.find(stored?.refreshToken ?? '');
  expect(atServer).toBeDefined();
  expect(atServer?.consumed).toBeFalsy();
  expect((await oidc.provider.RefreshToken.find(initial, { ignoreExpiration: true }))?.consumed).toBeTruthy();
  const before = endpoint.length;
  const auth = oauth2Auth({ grant: 'refresh_token', tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: CLIENT_SECRET, refreshToken: initial, store });
  expect(auth.tokenManager.key).toBe(key);
  const after = await auth.tokenManager.rejectToken(stored?.accessToken ?? '');
  expect(await oidc.isActive(after.accessToken)).toBe(true);
  expect(endpoint.slice(before).map((event) => [event.grantType, event.ok])).toEqual([['refresh_token', true]]);
  await auth.close();
}

const total = (reports: readonly TrafficReport[], phase: string, outcome: string): number => reports.reduce((sum, report) => sum + (report.outcomes[phase]?.[outcome] ?? 0), 0);

describe.skipIf(postgres === undefined)('PostgresTokenStore shared by 8 processes with a rotating refresh token (oidc-provider)', () => {
  it('exactly one token request per expiry, none refused, every process ends with a valid token', async () => {
    const { table, store } = await newTable();
    const { refreshToken } = await oidc.issueRefreshToken();
    const from = endpoint.length;
    const all = children(table, refreshToken);
    try {
      const keys = new Set((await Promise.all(all.map((child) => child.next('ready')))).map((ready) => ready.key));
      expect(keys.size).toBe(1);
      await waitUntil(() => endpoint.length - from >= 1 + EXPIRIES, state(`the token endpoint has answered ${1 + EXPIRIES} refreshes`, all));
      const reports = await Promise.all(all.map((child) => child.stop()));
      const events = endpoint.slice(from);
      expect(events.filter((event) => !event.ok)).toEqual([]);
      expect(events.every((event) => event.grantType === 'refresh_token')).toBe(true);
      expect(refreshesOfFreshTokens(events, REFRESH_WINDOW_MS, REFRESH_WINDOW_MS / 2)).toEqual([]);
      for (const report of reports) {
        expect(Object.keys(report.outcomes)).toEqual(['run']);
        expect(Object.keys(report.outcomes['run'] ?? {})).toEqual(['ok']);
        expect(report.final).toEqual({ status: 200 });
      }
      await expectStoredRefreshTokenInForce(store, [...keys][0] ?? '', refreshToken);
      console.info(`[postgres] ${PROCESSES} processes, ${total(reports, 'run', 'ok')} requests (all 200), ${events.length} token requests for ${events.length - 1} expiries after the first, 0 refused`);
    } finally {
      for (const child of all) child.kill();
    }
  });

  it('PostgreSQL stopped and started mid-run: cached tokens keep serving, no token request without the store, nothing lost, the stored refresh token is the one in force', async () => {
    const server = postgres!;
    const { table, store } = await newTable();
    const { refreshToken } = await oidc.issueRefreshToken();
    const from = endpoint.length;
    const refreshes = (): number => endpoint.length - from;
    // A lease taken just before the stop whose holder could not write back ends within the
    // recovery wait (token requests here take milliseconds).
    const all = children(table, refreshToken, { lock: { leaseMs: 10_000 } });
    try {
      const [ready] = await Promise.all(all.map((child) => child.next('ready')));
      await waitUntil(() => refreshes() >= 2 && all.every((child) => child.saw('run', 'ok')), state('the first expiry was refreshed and every process has succeeded', all));

      phases(all, 'outage');
      await server.stop('fast');
      await waitUntil(() => all.every((child) => child.saw('outage', 'ERR_AUTH_STORE')), state('every process failed with ERR_AUTH_STORE once its token ran out', all));
      const beforeRestart = refreshes();
      phases(all, 'still-down');
      await waitUntil(() => all.every((child) => child.saw('still-down', 'ERR_AUTH_STORE')), state('every process failed again while PostgreSQL is down', all));
      expect(refreshes()).toBe(beforeRestart);

      phases(all, 'recovering');
      await server.start();
      await waitUntil(() => all.every((child) => child.saw('recovering', 'ok')), state('every process succeeded after PostgreSQL returned', all));
      const recoveredAt = refreshes();
      phases(all, 'after');
      await waitUntil(() => refreshes() >= recoveredAt + 2, state('two more expiries were refreshed after the restart', all));
      const reports = await Promise.all(all.map((child) => child.stop()));

      const events = endpoint.slice(from);
      expect(events.filter((event) => !event.ok)).toEqual([]);
      expect(refreshesOfFreshTokens(events, REFRESH_WINDOW_MS, REFRESH_WINDOW_MS / 2)).toEqual([]);
      for (const report of reports) {
        expect(Object.keys(report.outcomes['run'] ?? {})).toEqual(['ok']);
        expect(Object.keys(report.outcomes['outage'] ?? {}).filter((outcome) => outcome !== 'ok')).toEqual(['ERR_AUTH_STORE']);
        expect(Object.keys(report.outcomes['still-down'] ?? {})).toEqual(['ERR_AUTH_STORE']);
        expect(Object.keys(report.outcomes['after'] ?? {})).toEqual(['ok']);
        expect(report.final).toEqual({ status: 200 });
      }
      // Tokens cached before the stop kept serving requests while they were valid.
      expect(total(reports, 'outage', 'ok')).toBeGreaterThan(0);
      // While PostgreSQL comes back: ERR_AUTH_STORE until a process reconnects, ERR_AUTH_TIMEOUT
      // for a request that waited lock.waitMs for a lease the stop orphaned.
      const recovering = [...new Set(reports.flatMap((report) => Object.keys(report.outcomes['recovering'] ?? {})))];
      expect(recovering.filter((outcome) => outcome !== 'ok' && outcome !== 'ERR_AUTH_STORE' && outcome !== 'ERR_AUTH_TIMEOUT')).toEqual([]);

      await expectStoredRefreshTokenInForce(store, ready!.key, refreshToken);
      console.info(
        `[postgres] restart: ${events.length} token requests in all (${beforeRestart} before the restart, none while down, 0 refused); ` +
          `while down ${total(reports, 'outage', 'ok')} requests used cached tokens, ${total(reports, 'outage', 'ERR_AUTH_STORE') + total(reports, 'still-down', 'ERR_AUTH_STORE')} failed with ERR_AUTH_STORE`,
      );
    } finally {
      for (const child of all) child.kill();
    }
  });
});
