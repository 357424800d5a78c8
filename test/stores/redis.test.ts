// RedisTokenStore against a real redis-server (test/servers/redis.ts): skipped loudly when
// redis-server is not installed, a failure under CI=true.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { isAuthError } from '../../src/errors.js';
import { EncryptedTokenStore } from '../../src/stores/encrypted.js';
import { fromIoRedis, fromNodeRedis, MAX_RECORD_TTL_MS, MIN_RECORD_TTL_MS, RedisTokenStore, type RedisScriptRunner, type RedisTokenStoreOptions } from '../../src/stores/redis.js';
import { fullToken, testTokenStore } from '../../src/testing/index.js';
import { startRedisOrSkip } from '../servers/redis.js';

const server = await startRedisOrSkip('test/stores/redis.test.ts (RedisTokenStore)');
const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await server?.close();
});

function ioredis(): Redis {
  const client = new Redis(server!.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  client.on('error', () => undefined); // reconnect attempts while the server is stopped on purpose
  closers.push(async () => client.disconnect());
  return client;
}

async function nodeRedis() {
  const client = createClient({ url: server!.url, socket: { reconnectStrategy: () => 50 } });
  client.on('error', () => undefined);
  await client.connect();
  closers.push(async () => client.destroy());
  return client;
}

const DAY = 24 * 60 * 60 * 1000;

describe.skipIf(server === undefined)('RedisTokenStore', () => {
  let shared: Redis | undefined;
  const sharedClient = (): Redis => (shared ??= ioredis());
  let sharedNode: ReturnType<typeof nodeRedis> | undefined;
  const store = (options: Partial<RedisTokenStoreOptions> = {}): RedisTokenStore => new RedisTokenStore({ client: sharedClient(), prefix: `test:${randomUUID()}:`, ...options });

  testTokenStore('RedisTokenStore (ioredis)', () => store());
  testTokenStore('RedisTokenStore (node-redis through fromNodeRedis)', async () => new RedisTokenStore({ client: fromNodeRedis(await (sharedNode ??= nodeRedis())), prefix: `node:${randomUUID()}:` }));
  testTokenStore('EncryptedTokenStore over RedisTokenStore', () => new EncryptedTokenStore({ store: store(), keys: { k: Buffer.alloc(32, 7) }, currentKeyId: 'k' }));

  describe('record TTL', () => {
    const pttl = async (target: RedisTokenStore, key: string): Promise<number> => sharedClient().pttl(target.recordKey(key));
    const now = Date.now();
    it.each([
      ['no expiresAt, no refresh token', { accessToken: 'a', version: 1 }, MIN_RECORD_TTL_MS, DAY + MIN_RECORD_TTL_MS],
      ['an access token that expired an hour ago, no refresh token', { accessToken: 'a', version: 1, expiresAt: now - 3_600_000 }, 1, MIN_RECORD_TTL_MS],
      ['an expired access token with a refresh token', { accessToken: 'a', version: 1, expiresAt: now - 3_600_000, refreshToken: 'r' }, 29 * DAY, 30 * DAY],
      ['a one-hour access token with a refresh token', { accessToken: 'a', version: 1, expiresAt: now + 3_600_000, refreshToken: 'r' }, 30 * DAY, 30 * DAY + 3_600_000],
      ['an access token valid until the year 2999', { accessToken: 'a', version: 1, expiresAt: Date.UTC(2999, 0, 1) }, MAX_RECORD_TTL_MS - DAY, MAX_RECORD_TTL_MS],
    ])('%s: finite and positive', async (_, token, atLeast, atMost) => {
      const target = store();
      await target.set('k', token);
      const ttl = await pttl(target, 'k');
      expect(ttl).toBeGreaterThanOrEqual(atLeast);
      expect(ttl).toBeLessThanOrEqual(atMost);
    });

    it('a rotating refresh token is not lost when the access token expires: each write renews the TTL', async () => {
      const target = store({ refreshTokenTtlMs: 7 * DAY });
      await target.set('k', { accessToken: 'a1', version: 1, expiresAt: Date.now() - 1, refreshToken: 'r1' });
      expect(await pttl(target, 'k')).toBeGreaterThan(6 * DAY);
      expect(await target.set('k', { accessToken: 'a2', version: 2, expiresAt: Date.now() + 60_000, refreshToken: 'r2' }, { ifVersion: 1 })).toBe(true);
      expect(await pttl(target, 'k')).toBeGreaterThan(7 * DAY);
    });

    it('through EncryptedTokenStore the record keeps the refresh-token TTL (the encrypted refresh token is still there)', async () => {
      const target = store();
      const encrypted = new EncryptedTokenStore({ store: target, keys: { k: Buffer.alloc(32, 1) }, currentKeyId: 'k' });
      await encrypted.set('k', { accessToken: 'a', version: 1, expiresAt: Date.now() - 1, refreshToken: 'r' });
      expect(await pttl(target, 'k')).toBeGreaterThan(29 * DAY);
    });
  });

  describe('keys and locks', () => {
    it('puts records and leases under the prefix', async () => {
      const prefix = `prefixed:${randomUUID()}:`;
      const target = new RedisTokenStore({ client: sharedClient(), prefix });
      await target.set('k', fullToken(1));
      const lock = await target.lock('k', 60_000);
      expect((await sharedClient().keys(`${prefix}*`)).sort()).toEqual([`${prefix}lock:{${prefix}token:k}`, `${prefix}token:k`]);
      await lock?.release();
      expect(await sharedClient().keys(`${prefix}*`)).toEqual([`${prefix}token:k`]);
    });

    it("a holder whose lease ran out releases nothing: the new holder's lease stays in Redis", async () => {
      const target = store();
      const stale = await target.lock('k', 30);
      let current = await target.lock('k', 60_000);
      while (current === undefined) {
        await sleep(20);
        current = await target.lock('k', 60_000);
      }
      const owner = await sharedClient().get(target.lockKey('k'));
      await stale?.release();
      expect(await sharedClient().get(target.lockKey('k'))).toBe(owner);
      expect(await sharedClient().pttl(target.lockKey('k'))).toBeGreaterThan(0);
      await current.release();
      expect(await sharedClient().exists(target.lockKey('k'))).toBe(0);
    });

    it('a release that failed (Redis away) can be called again and then removes the lease', async () => {
      const runner = fromIoRedis(sharedClient());
      let failReleases = 0;
      const flaky: RedisScriptRunner = {
        runScript: (script, keys, args) => {
          if (failReleases > 0 && keys[0]?.includes(':lock:')) {
            failReleases -= 1;
            return Promise.reject(new Error('Connection is closed.'));
          }
          return runner.runScript(script, keys, args);
        },
      };
      const target = new RedisTokenStore({ client: flaky, prefix: `test:${randomUUID()}:` });
      const lock = await target.lock('k', 60_000);
      failReleases = 1;
      await expect(lock?.release()).rejects.toMatchObject({ code: 'ERR_AUTH_STORE' });
      expect(await sharedClient().exists(target.lockKey('k'))).toBe(1);
      await lock?.release();
      expect(await sharedClient().exists(target.lockKey('k'))).toBe(0);
    });

    it('works after the server forgot its scripts (NOSCRIPT falls back to EVAL), with ioredis and node-redis', async () => {
      const io = store();
      const node = new RedisTokenStore({ client: fromNodeRedis(await (sharedNode ??= nodeRedis())), prefix: `node:${randomUUID()}:` });
      await io.set('k', fullToken(1));
      await node.set('k', fullToken(1));
      await sharedClient().script('FLUSH');
      expect(await io.get('k')).toEqual(fullToken(1));
      await sharedClient().script('FLUSH');
      expect(await node.get('k')).toEqual(fullToken(1));
    });
  });

  describe('failures', () => {
    it('a record that is not a token is an ERR_AUTH_STORE on get', async () => {
      const target = store();
      await sharedClient().hset(target.recordKey('k'), 'version', '1', 'token', '{"accessToken":');
      await expect(target.get('k')).rejects.toMatchObject({ code: 'ERR_AUTH_STORE' });
    });

    it('a Redis error is an ERR_AUTH_STORE whose cause carries no token', async () => {
      const target = store();
      await sharedClient().set(target.recordKey('k'), 'a string, not a hash');
      const error: unknown = await target.set('k', fullToken(1)).catch((caught: unknown) => caught);
      expect(isAuthError(error, 'ERR_AUTH_STORE')).toBe(true);
      const cause = (error as Error).cause as Error;
      expect(cause.message).toMatch(/WRONGTYPE/);
      expect(`${inspect(error)} ${inspect(cause, { showHidden: true, depth: 10 })} ${JSON.stringify(error)}`).not.toMatch(/access-token|refresh-token/);
    });

    it('never shows the client (which may hold a password) in util.inspect or JSON', () => {
      const client = new Redis({ host: '127.0.0.1', port: server!.port, password: 'hunter2-secret', lazyConnect: true });
      const target = new RedisTokenStore({ client, prefix: 'p:' });
      expect(`${inspect(target, { showHidden: true, depth: 10 })} ${JSON.stringify(target)}`).not.toContain('hunter2');
    });

    it('rejects a node-redis client passed without fromNodeRedis, and bad TTL options', () => {
      expect(() => new RedisTokenStore({ client: {} as Redis })).toThrow(/fromNodeRedis/);
      expect(() => new RedisTokenStore({ client: sharedClient(), refreshTokenTtlMs: Number.POSITIVE_INFINITY })).toThrow(/refreshTokenTtlMs/);
      expect(() => new RedisTokenStore({ client: sharedClient(), timeoutMs: 0 })).toThrow(/timeoutMs/);
    });

    it('rejects replicas that are not a whole number, and replicas with a client that cannot send WAIT', async () => {
      const invalid = (field: string) => expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG', message: expect.stringContaining(`RedisTokenStore.${field}`) });
      for (const replicas of [-1, 1.5, Number.NaN, '1']) {
        expect(() => new RedisTokenStore({ client: sharedClient(), replicas: replicas as number })).toThrow(invalid('replicas'));
      }
      expect(() => new RedisTokenStore({ client: sharedClient(), replicas: 1, replicaTimeoutMs: 0 })).toThrow(invalid('replicaTimeoutMs'));
      const node = fromNodeRedis(await (sharedNode ??= nodeRedis()));
      expect(() => new RedisTokenStore({ client: node, replicas: 1 })).toThrow(invalid('client'));
    });

    it('with replicas and a Redis that has none, a write and a lease are not confirmed: ERR_AUTH_STORE, and the lease is released again', async () => {
      const target = store({ replicas: 1, replicaTimeoutMs: 50 });
      await expect(target.set('k', fullToken(1), { ifVersion: 0 })).rejects.toMatchObject({ code: 'ERR_AUTH_STORE', details: { operation: 'set', replicas: 1, confirmed: 0 } });
      await expect(target.lock('k', 60_000)).rejects.toMatchObject({ code: 'ERR_AUTH_STORE', details: { operation: 'lock', confirmed: 0 } });
      for (let tries = 0; (await sharedClient().exists(target.lockKey('k'))) === 1 && tries < 100; tries++) await sleep(20);
      expect(await sharedClient().exists(target.lockKey('k'))).toBe(0);
    });

    // Last: it stops the server.
    it('while Redis is stopped calls reject with ERR_AUTH_STORE; after it returns they work again (ioredis and node-redis)', async () => {
      const io = new RedisTokenStore({ client: ioredis(), prefix: `down:${randomUUID()}:`, timeoutMs: 1_000 });
      const node = new RedisTokenStore({ client: fromNodeRedis(await nodeRedis()), prefix: `down:${randomUUID()}:`, timeoutMs: 1_000 });
      await io.set('k', fullToken(1));
      await node.set('k', fullToken(1));
      await server!.stop();
      for (const target of [io, node]) {
        await expect(target.get('k')).rejects.toMatchObject({ name: 'AuthError', code: 'ERR_AUTH_STORE' });
        await expect(target.set('k', fullToken(2), { ifVersion: 1 })).rejects.toMatchObject({ code: 'ERR_AUTH_STORE' });
        await expect(target.lock('k', 1_000)).rejects.toMatchObject({ code: 'ERR_AUTH_STORE' });
      }
      await server!.start();
      for (const target of [io, node]) {
        const deadline = Date.now() + 20_000;
        for (;;) {
          const outcome = await target.set('k', fullToken(1)).catch((error: unknown) => error);
          if (outcome === true) break;
          if (Date.now() > deadline) throw outcome;
          await sleep(100);
        }
        expect(await target.get('k')).toEqual(fullToken(1));
      }
    });
  });

});
