// Redis stopped in the middle of continuous traffic from 8 processes sharing a rotating refresh
// token. The behaviour authwire documents (docs/stores.md, docs/token-lifecycle.md):
// - while Redis is away, each process keeps using its cached access token as long as it is valid,
//   then its requests fail with ERR_AUTH_STORE; no token request is sent without the store;
// - when Redis returns (with its data: a Redis holding rotating refresh tokens must persist), the
//   next requests recover with no cooldown, the refresh token stored before the outage is the one
//   in force (one refresh, never an invalid_grant), and the grant stays usable.
// Skips loudly without redis-server (fails under CI=true).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauth2Auth } from '../../src/index.js';
import { RedisTokenStore } from '../../src/stores/redis.js';
import { CLIENT_SECRET, startOidcServer, type OidcServer } from '../servers/oidc.js';
import { startRedisOrSkip } from '../servers/redis.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';
import { Child, compileClient, recordTokenEndpoint, refreshesOfFreshTokens, waitUntil, type CompiledClient, type TokenEndpointEvent } from './support.js';

const PROCESSES = 8;
const TTL_SECONDS = 3;
const REFRESH_WINDOW_MS = (TTL_SECONDS * 1000) / 2;

const redis = await startRedisOrSkip('test/cross-process/redis-outage.test.ts (Redis stopped mid-run)', { persistence: true });
let client: CompiledClient;
let oidc: OidcServer;
let api: ResourceServer;
let endpoint: TokenEndpointEvent[];
let parent: Redis | undefined;

beforeAll(async () => {
  if (redis === undefined) return;
  client = compileClient();
  oidc = await startOidcServer({ accessTokenTtl: TTL_SECONDS });
  endpoint = recordTokenEndpoint(oidc);
  api = await startResourceServer((token) => oidc.isActive(token));
});
afterAll(async () => {
  parent?.disconnect();
  await api?.close();
  await oidc?.close();
  await redis?.close();
  client?.remove();
});

const phases = (children: readonly Child[], phase: string): void => {
  for (const child of children) child.send({ type: 'phase', phase });
};
/** For a timeout's message: what each child has reported besides `ok`. */
const state = (what: string, children: readonly Child[]) => (): string =>
  `${what}; reports: ${children.map((child, index) => `#${index} ${child.problems().join(', ')}`).join(' | ')}`;

describe.skipIf(redis === undefined)('Redis stopped while 8 processes share a rotating refresh token', () => {
  it('keeps using valid cached tokens, then fails with ERR_AUTH_STORE without any token request; recovers when Redis returns with the same refresh token in force', async () => {
    const server = redis!;
    const { refreshToken } = await oidc.issueRefreshToken();
    const prefix = `outage:${randomUUID()}:`;
    const from = endpoint.length;
    const refreshes = (): number => endpoint.length - from;
    const children = Array.from({ length: PROCESSES }, () => new Child(client.script, {
      mode: 'traffic', store: { kind: 'redis', url: server.url, prefix }, tokenUrl: oidc.tokenUrl, clientId: 'basic-client',
      clientSecret: CLIENT_SECRET, refreshToken, apiUrl: api.url, concurrency: 2, pauseMs: 40,
      // A lease orphaned by the outage (a lock call that timed out here but reached Redis) ends
      // within the recovery wait; token requests here take milliseconds.
      lock: { leaseMs: 15_000 },
    }));
    try {
      const [ready] = await Promise.all(children.map((child) => child.next('ready')));
      await waitUntil(() => refreshes() >= 2 && children.every((child) => child.saw('run', 'ok')), state('the first expiry was refreshed and every process has succeeded', children));

      // Outage: every process first goes on with its cached token, then fails with ERR_AUTH_STORE.
      phases(children, 'outage');
      await server.stop();
      await waitUntil(() => children.every((child) => child.saw('outage', 'ERR_AUTH_STORE')), state('every process failed with ERR_AUTH_STORE', children));
      const beforeRestart = refreshes();
      // Keep Redis away a little longer: no process sends a token request meanwhile.
      phases(children, 'still-down');
      await waitUntil(() => children.every((child) => child.saw('still-down', 'ERR_AUTH_STORE')), state('every process failed again while Redis is down', children));
      expect(refreshes()).toBe(beforeRestart);

      // Recovery: Redis returns with its data; every process succeeds again.
      phases(children, 'recovering');
      await server.start();
      await waitUntil(() => children.every((child) => child.saw('recovering', 'ok')), state('every process succeeded after Redis returned', children));
      const recoveredAt = refreshes();
      phases(children, 'after');
      await waitUntil(() => refreshes() >= recoveredAt + 2, state('two more expiries were refreshed after the outage', children));
      const reports = await Promise.all(children.map((child) => child.stop()));

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
      expect(reports.some((report) => (report.outcomes['outage']?.['ok'] ?? 0) > 0)).toBe(true);
      // While Redis comes back: ERR_AUTH_STORE until a process reconnects, and ERR_AUTH_TIMEOUT for
      // a request that waited `lock.waitMs` for a lease the outage orphaned (docs/token-lifecycle.md).
      const recovering = [...new Set(reports.flatMap((report) => Object.keys(report.outcomes['recovering'] ?? {})))].sort();
      expect(recovering.filter((outcome) => outcome !== 'ok' && outcome !== 'ERR_AUTH_STORE' && outcome !== 'ERR_AUTH_TIMEOUT')).toEqual([]);

      // The grant is still usable: the refresh token in the store refreshes once more.
      parent = new Redis(server.url, { maxRetriesPerRequest: 1 });
      const store = new RedisTokenStore({ client: parent, prefix });
      const stored = await store.get(ready!.key);
      const before = endpoint.length;
      const auth = oauth2Auth({ grant: 'refresh_token', tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: CLIENT_SECRET, refreshToken, store });
      const after = await auth.tokenManager.rejectToken(stored?.accessToken ?? '');
      expect(await oidc.isActive(after.accessToken)).toBe(true);
      expect(endpoint.slice(before).map((event) => event.ok)).toEqual([true]);
      await auth.close();

      const count = (phase: string, outcome: string): number => reports.reduce((sum, report) => sum + (report.outcomes[phase]?.[outcome] ?? 0), 0);
      console.info(
        `[cross-process] Redis outage: ${events.length} refresh requests in all (${beforeRestart} before the restart, none while down, 0 refused); ` +
          `while down ${count('outage', 'ok')} requests used cached tokens, ${count('outage', 'ERR_AUTH_STORE') + count('still-down', 'ERR_AUTH_STORE')} failed with ERR_AUTH_STORE; ` +
          `recovering: ${recovering.join(', ')}`,
      );
    } finally {
      for (const child of children) child.kill();
    }
  });
});
