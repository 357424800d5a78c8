// Eight real processes share one rotating refresh token (oidc-provider: a refresh token used twice
// revokes the whole grant) through FileTokenStore, RedisTokenStore and EncryptedTokenStore over
// Redis, each sending requests continuously across several access-token expiries. Exactly one
// refresh request per expiry reaches the token endpoint, none is refused, and the grant is still
// usable afterwards. Redis tests skip loudly without redis-server (and fail under CI=true).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptedTokenStore, FileTokenStore, oauth2Auth, type TokenStore } from '../../src/index.js';
import { RedisTokenStore } from '../../src/stores/redis.js';
import { CLIENT_SECRET, startOidcServer, type OidcServer } from '../servers/oidc.js';
import { startRedisOrSkip } from '../servers/redis.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';
import type { ChildStoreConfig, TrafficReport } from './fixtures/protocol.js';
import { Child, compileClient, recordTokenEndpoint, refreshesOfFreshTokens, waitUntil, type CompiledClient, type TokenEndpointEvent } from './support.js';

const PROCESSES = 8;
const EXPIRIES = 3;
const TTL_SECONDS = 3;
/** The default refresh window (2 min) cut to half of a 3 s token's life. */
const REFRESH_WINDOW_MS = (TTL_SECONDS * 1000) / 2;

const redis = await startRedisOrSkip('test/cross-process/one-refresh.test.ts (RedisTokenStore across processes)');
const directory = mkdtempSync(join(tmpdir(), 'authwire-cross-process-'));
let client: CompiledClient;
let oidc: OidcServer;
let api: ResourceServer;
let endpoint: TokenEndpointEvent[];
const parentClients: Redis[] = [];

beforeAll(async () => {
  client = compileClient();
  oidc = await startOidcServer({ accessTokenTtl: TTL_SECONDS });
  endpoint = recordTokenEndpoint(oidc);
  api = await startResourceServer((token) => oidc.isActive(token));
});
afterAll(async () => {
  for (const each of parentClients) each.disconnect();
  await api?.close();
  await oidc?.close();
  await redis?.close();
  client?.remove();
  rmSync(directory, { recursive: true, force: true });
});

function parentRedis(): Redis {
  const each = new Redis(redis!.url, { maxRetriesPerRequest: 1 });
  parentClients.push(each);
  return each;
}

interface RunResult {
  readonly events: TokenEndpointEvent[];
  readonly reports: TrafficReport[];
  readonly refreshToken: string;
  readonly key: string;
}

/** Eight children with continuous traffic until the token endpoint has seen the initial refresh plus EXPIRIES more. */
async function runEight(store: ChildStoreConfig): Promise<RunResult> {
  const { refreshToken } = await oidc.issueRefreshToken();
  const from = endpoint.length;
  const children = Array.from({ length: PROCESSES }, () => new Child(client.script, {
    mode: 'traffic', store, tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: CLIENT_SECRET, refreshToken,
    apiUrl: api.url, concurrency: 2, pauseMs: 40,
  }));
  try {
    const keys = new Set((await Promise.all(children.map((child) => child.next('ready')))).map((ready) => ready.key));
    expect(keys.size).toBe(1);
    await waitUntil(() => endpoint.length - from >= 1 + EXPIRIES, `the token endpoint has answered ${1 + EXPIRIES} refreshes`);
    const reports = await Promise.all(children.map((child) => child.stop()));
    return { events: endpoint.slice(from), reports, refreshToken, key: [...keys][0] ?? '' };
  } finally {
    for (const child of children) child.kill();
  }
}

async function expectOneRefreshPerExpiry(name: string, run: RunResult, parentStore: TokenStore): Promise<void> {
  const { events, reports } = run;
  // Token endpoint: only refresh_token requests, none refused (a reused refresh token would be
  // invalid_grant and revoke the grant), and none for a token that another process had just refreshed.
  expect(events.filter((event) => !event.ok)).toEqual([]);
  expect(events.every((event) => event.grantType === 'refresh_token')).toBe(true);
  expect(events.length).toBeGreaterThanOrEqual(1 + EXPIRIES);
  expect(refreshesOfFreshTokens(events, REFRESH_WINDOW_MS, REFRESH_WINDOW_MS / 2)).toEqual([]);

  // Every request of every process succeeded, and each ends with a token the server accepts.
  for (const report of reports) {
    expect(Object.keys(report.outcomes)).toEqual(['run']);
    expect(Object.keys(report.outcomes['run'] ?? {})).toEqual(['ok']);
    expect(report.final).toEqual({ status: 200 });
  }

  // The grant is still usable: the stored (rotated) refresh token refreshes once more.
  const stored = await parentStore.get(run.key);
  expect(stored?.refreshToken).toBeDefined();
  expect(stored?.refreshToken).not.toBe(run.refreshToken);
  const before = endpoint.length;
  const auth = oauth2Auth({ grant: 'refresh_token', tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: CLIENT_SECRET, refreshToken: run.refreshToken, store: parentStore });
  expect(auth.tokenManager.key).toBe(run.key);
  const after = await auth.tokenManager.rejectToken(stored?.accessToken ?? '');
  expect(await oidc.isActive(after.accessToken)).toBe(true);
  expect(endpoint.slice(before).map((event) => [event.grantType, event.ok])).toEqual([['refresh_token', true]]);
  await auth.close();

  const requests = reports.reduce((sum, report) => sum + (report.outcomes['run']?.['ok'] ?? 0), 0);
  console.info(`[cross-process] ${name}: ${PROCESSES} processes, ${requests} requests (all 200), ${events.length} refresh requests for ${events.length - 1} expiries after the initial one, 0 refused`);
}

describe('one refresh across 8 processes with rotating refresh tokens (oidc-provider)', () => {
  it('FileTokenStore: exactly one refresh request per expiry, no invalid_grant, every process ends with a valid token', async () => {
    const path = join(directory, randomUUID(), 'tokens.json');
    const run = await runEight({ kind: 'file', path });
    await expectOneRefreshPerExpiry('FileTokenStore', run, new FileTokenStore({ path }));
  });

  describe.skipIf(redis === undefined)('with redis-server', () => {
    it('RedisTokenStore: exactly one refresh request per expiry, no invalid_grant, every process ends with a valid token', async () => {
      const prefix = `xp:${randomUUID()}:`;
      const run = await runEight({ kind: 'redis', url: redis!.url, prefix });
      await expectOneRefreshPerExpiry('RedisTokenStore', run, new RedisTokenStore({ client: parentRedis(), prefix }));
    });

    it('EncryptedTokenStore over RedisTokenStore: the same, and Redis holds no token in clear', async () => {
      const prefix = `xp-enc:${randomUUID()}:`;
      const encryptionKey = randomBytes(32).toString('base64');
      const run = await runEight({ kind: 'redis', url: redis!.url, prefix, encryptionKey });
      const inner = new RedisTokenStore({ client: parentRedis(), prefix });
      const raw = await inner.get(run.key);
      expect(raw?.refreshToken).toMatch(/^aw1\.k1\./);
      await expectOneRefreshPerExpiry('EncryptedTokenStore over Redis', run, new EncryptedTokenStore({ store: inner, keys: { k1: encryptionKey }, currentKeyId: 'k1' }));
    });
  });
});
