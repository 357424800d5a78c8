// The token manager's lock semantics between real processes, through FileTokenStore and
// RedisTokenStore: this test process plays the other holder (its lease lives in the same file or
// Redis as the child's), and a scripted token endpoint counts and holds token requests.
// - the lock cannot be had: a fresh token that appears in the store is used, no token request;
// - nor in time, and no token appears: ERR_AUTH_TIMEOUT, no token request, and no cooldown —
//   the next call uses a token stored meanwhile at once;
// - a holder whose lease ran out neither overwrites the newer token nor releases the next lock.
// Redis cases skip loudly without redis-server (and fail under CI=true).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTokenStore, type StoredToken, type TokenStore, type TokenStoreLock } from '../../src/index.js';
import { RedisTokenStore } from '../../src/stores/redis.js';
import { startRedisOrSkip } from '../servers/redis.js';
import { startTokenServer, tokenReply, type TokenServer } from '../servers/token-server.js';
import type { ChildAuthConfig, ChildStoreConfig } from './fixtures/protocol.js';
import { Child, compileClient, waitUntil, type CompiledClient } from './support.js';

const redis = await startRedisOrSkip('test/cross-process/lock.test.ts (RedisTokenStore lock across processes)');
const directory = mkdtempSync(join(tmpdir(), 'authwire-cross-lock-'));
let client: CompiledClient;
let tokens: TokenServer;
let parentRedis: Redis | undefined;

beforeAll(async () => {
  client = compileClient();
  tokens = await startTokenServer();
});
afterAll(async () => {
  parentRedis?.disconnect();
  await tokens?.close();
  await redis?.close();
  client?.remove();
  rmSync(directory, { recursive: true, force: true });
});

interface StoreCase {
  readonly name: string;
  readonly available: boolean;
  /** A child's store config and this process's own store on the same file / Redis keys. */
  open(): { readonly child: ChildStoreConfig; readonly parent: () => TokenStore };
}

const cases: StoreCase[] = [
  {
    name: 'FileTokenStore',
    available: true,
    open: () => {
      const path = join(directory, randomUUID(), 'tokens.json');
      return { child: { kind: 'file', path }, parent: () => new FileTokenStore({ path }) };
    },
  },
  {
    name: 'RedisTokenStore',
    available: redis !== undefined,
    open: () => {
      const prefix = `lock:${randomUUID()}:`;
      return {
        child: { kind: 'redis', url: redis!.url, prefix },
        parent: () => new RedisTokenStore({ client: (parentRedis ??= new Redis(redis!.url, { maxRetriesPerRequest: 1 })), prefix }),
      };
    },
  },
];

const fresh = (accessToken: string, version: number): StoredToken => ({
  accessToken, tokenType: 'Bearer', refreshToken: `rt-${accessToken}`, expiresAt: Date.now() + 3_600_000, updatedAt: Date.now(), version,
});

/** A child process with a refresh_token grant whose first token request would send `rt-0`. */
function probe(store: ChildStoreConfig, lock: NonNullable<ChildAuthConfig['lock']>, backoffAttempts?: number): Child {
  return new Child(client.script, {
    mode: 'probe', store, tokenUrl: tokens.tokenUrl, clientId: 'probe', clientSecret: 'probe-secret', refreshToken: 'rt-0', lock,
    ...(backoffAttempts === undefined ? {} : { backoffAttempts }),
  });
}

/** Takes the lease on `key`, waiting for a holder whose lease runs out. */
async function takeLock(store: TokenStore, key: string): Promise<TokenStoreLock> {
  let held: TokenStoreLock | undefined;
  await waitUntil(async () => (held = await store.lock?.(key, 60_000)) !== undefined, 'this process got the lease');
  return held!;
}

describe.each(cases)('lock semantics across processes: $name', ({ available, open }) => {
  it.skipIf(!available)('while another process holds the lock, a fresh token that appears in the store is used, with no token request', async () => {
    const stores = open();
    const other = stores.parent();
    const child = probe(stores.child, { waitMs: 30_000 });
    try {
      const { key } = await child.next('ready');
      const requestsBefore = tokens.requests.length;
      const held = await takeLock(other, key);
      child.send({ type: 'get' });
      await child.next('lock', (message) => !message.taken);
      // The child seeded the store with its refresh token (version 1) and waits for the lock.
      expect(await other.get(key)).toMatchObject({ refreshToken: 'rt-0', version: 1 });
      expect(await other.set(key, fresh('from-the-holder', 2), { ifVersion: 1 })).toBe(true);
      expect(await child.next('token')).toMatchObject({ accessToken: 'from-the-holder' });
      expect(tokens.requests.length).toBe(requestsBefore);
      await held.release();
    } finally {
      await child.end();
    }
  });

  it.skipIf(!available)('when the lock cannot be had in time and no token appears, it fails with ERR_AUTH_TIMEOUT and sends nothing; the next call uses a token stored meanwhile', async () => {
    const stores = open();
    const other = stores.parent();
    // Three tries per refresh by default: a lock that cannot be had is not retried (one wait of waitMs).
    const child = probe(stores.child, { waitMs: 300 });
    try {
      const { key } = await child.next('ready');
      const requestsBefore = tokens.requests.length;
      const held = await takeLock(other, key);
      child.send({ type: 'get' });
      const failed = await child.next('error');
      expect(failed).toMatchObject({ code: 'ERR_AUTH_TIMEOUT', message: expect.stringMatching(/lock.*no fresh token appeared/) });
      const attempts = child.messages.filter((message) => message.type === 'lock').length;
      // No cooldown after a failure that sent no token request: a token stored now is used at once.
      expect(await other.set(key, fresh('stored-later', 2), { ifVersion: 1 })).toBe(true);
      const from = child.messages.length;
      child.send({ type: 'get' });
      expect(await child.next('token', () => true, from)).toMatchObject({ accessToken: 'stored-later' });
      expect(tokens.requests.length).toBe(requestsBefore);
      expect(child.messages.filter((message) => message.type === 'lock').length).toBe(attempts); // read, not locked
      await held.release();
    } finally {
      await child.end();
    }
  });

  it.skipIf(!available)("a holder whose lease ran out neither overwrites the newer token nor releases the next holder's lock", async () => {
    const stores = open();
    const other = stores.parent();
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    tokens.reply(async () => {
      await answered;
      return tokenReply({ access_token: 'from-the-late-holder', refresh_token: 'rt-late', expires_in: 3600 });
    });
    const child = probe(stores.child, { leaseMs: 200, waitMs: 30_000 }, 1);
    try {
      const { key } = await child.next('ready');
      const requestsBefore = tokens.requests.length;
      child.send({ type: 'get' });
      await child.next('lock', (message) => message.taken);
      await waitUntil(() => tokens.requests.length > requestsBefore, 'the child sent its token request');
      // The child's 200 ms lease runs out while its token request hangs; this process takes the
      // lock over and stores a newer token, as another process that refreshed would.
      const held = await takeLock(other, key);
      expect(await other.set(key, fresh('newer', 2), { ifVersion: 1 })).toBe(true);
      answer();
      // The late holder lost its compare-and-set and uses the newer token instead.
      expect(await child.next('token')).toMatchObject({ accessToken: 'newer' });
      expect(await other.get(key)).toMatchObject({ accessToken: 'newer', refreshToken: 'rt-newer', version: 2 });
      // Its release (already done: the child answers after releasing) left this process's lease in place.
      const third = stores.parent();
      expect(await third.lock?.(key, 1_000)).toBeUndefined();
      await held.release();
      const after = await third.lock?.(key, 1_000);
      expect(after).toBeDefined();
      await after?.release();
      expect(tokens.requests.length).toBe(requestsBefore + 1);
      expect(tokens.form(requestsBefore).get('refresh_token')).toBe('rt-0');
    } finally {
      answer();
      tokens.reply(() => tokenReply());
      await child.end();
    }
  });
});
