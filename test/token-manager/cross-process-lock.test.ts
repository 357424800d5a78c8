// The manager's side of the cross-process protocol, run in one process: each "process" gets its
// own view of one MemoryTokenStore (a different object, so no in-process sharing), and the store's
// lease lock + compare-and-set are all that coordinate them.
import { describe, expect, it } from 'vitest';
import { AuthError, MemoryTokenStore, TokenManager, type StoredToken, type TokenStore } from '../../src/index.js';
import { testTokenStore } from '../../src/testing/index.js';
import { scriptedSource, settle, type ScriptedSource } from './helpers.js';

testTokenStore('MemoryTokenStore', () => new MemoryTokenStore());

/** Another process's view of the same backing store. */
function processView(store: MemoryTokenStore): TokenStore {
  return {
    get: (key) => store.get(key),
    set: (key, token, options) => store.set(key, token, options),
    delete: (key) => store.delete(key),
    lock: (key, ttlMs) => store.lock(key, ttlMs),
  };
}

function sharedCount(sources: ScriptedSource[]): number {
  return sources.reduce((sum, source) => sum + source.calls.length, 0);
}

const expiredSeed = { accessToken: 'old', refreshToken: 'rt-0', expiresAt: Date.now() - 1 };

describe('one refresh across processes (store lock + compare-and-set)', () => {
  it('eight processes needing a token at once cause exactly one token request', async () => {
    const backing = new MemoryTokenStore();
    const sources = Array.from({ length: 8 }, () => scriptedSource());
    for (const source of sources) source.hold();
    const managers = sources.map((source) => new TokenManager({ key: 'shared', store: processView(backing), fetchToken: source.fetchToken, initialToken: expiredSeed }));
    const results = Promise.all(managers.flatMap((manager) => Array.from({ length: 25 }, () => manager.getToken())));
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const source of sources) source.release();
    const tokens = await results;
    expect(sharedCount(sources)).toBe(1);
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    expect(sources.flatMap((source) => source.calls).map((call) => call.previous?.refreshToken)).toEqual(['rt-0']);
    await Promise.all(managers.map((manager) => manager.close()));
  });

  it('while another holder has the lock, a token that appears in the store is used without a request', async () => {
    const backing = new MemoryTokenStore();
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', store: processView(backing), fetchToken: source.fetchToken, lock: { waitMs: 5_000 } });
    const held = await backing.lock(manager.key, 60_000);
    const waiting = manager.getToken();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await backing.set(manager.key, { accessToken: 'from-sibling', expiresAt: Date.now() + 3_600_000, version: 1, updatedAt: Date.now() });
    await expect(waiting).resolves.toMatchObject({ accessToken: 'from-sibling' });
    expect(source.calls).toHaveLength(0);
    await held?.release();
    await manager.close();
  });

  it('when the lock cannot be had in time and no token appeared, it fails clearly (ERR_AUTH_TIMEOUT) without a token request', async () => {
    const backing = new MemoryTokenStore();
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', store: processView(backing), fetchToken: source.fetchToken, lock: { waitMs: 150 }, backoff: { maxAttempts: 1 } });
    const held = await backing.lock(manager.key, 60_000);
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_TIMEOUT', message: expect.stringMatching(/lock/) });
    expect(source.calls).toHaveLength(0);
    await held?.release();
    await manager.close();
  });

  it('a holder whose lease ran out cannot overwrite the newer token another process stored', async () => {
    const backing = new MemoryTokenStore();
    const slow = scriptedSource({ prefix: 'a-' });
    const fast = scriptedSource({ prefix: 'b-' });
    const a = new TokenManager({ key: 'k', store: processView(backing), fetchToken: slow.fetchToken, initialToken: expiredSeed, lock: { leaseMs: 30 } });
    const b = new TokenManager({ key: 'k', store: processView(backing), fetchToken: fast.fetchToken, initialToken: expiredSeed, lock: { leaseMs: 30 } });
    slow.hold();
    const first = a.getToken();
    await new Promise((resolve) => setTimeout(resolve, 80)); // a's lease has run out, a is still waiting for its answer
    const fromB = await b.getToken();
    expect(fromB.accessToken).toBe('b-at-1');
    slow.release();
    const fromA = await first;
    expect(slow.calls).toHaveLength(1);
    expect(fromA.accessToken).toBe('b-at-1'); // a lost the compare-and-set and adopted b's newer record
    const stored = await backing.get(a.key);
    expect(stored).toMatchObject({ accessToken: 'b-at-1', refreshToken: 'b-rt-1', version: 2 });
    expect(fast.calls).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('releasing a lease that ran out does not release the next holder’s lock', async () => {
    const store = new MemoryTokenStore();
    const first = await store.lock('k', 10);
    await new Promise((resolve) => setTimeout(resolve, 25));
    const second = await store.lock('k', 60_000);
    expect(second).toBeDefined();
    await first?.release();
    expect(await store.lock('k', 60_000)).toBeUndefined();
    await second?.release();
    expect(await store.lock('k', 60_000)).toBeDefined();
  });
});

/** A process's view of `store` whose calls can be made to fail, as when the store is unreachable. */
function flakyView(store: MemoryTokenStore) {
  const unreachable = (): AuthError => new AuthError('ERR_AUTH_STORE', 'the store did not answer');
  const faults = { get: 0, set: 0, release: 0, failSetWhen: (_token: StoredToken): boolean => true };
  const calls = { get: 0, release: 0 };
  const view: TokenStore = {
    get: async (key) => {
      calls.get += 1;
      if (faults.get > 0) {
        faults.get -= 1;
        throw unreachable();
      }
      return store.get(key);
    },
    set: async (key, token, options) => {
      if (faults.set > 0 && faults.failSetWhen(token)) {
        faults.set -= 1;
        throw unreachable();
      }
      return store.set(key, token, options);
    },
    delete: (key) => store.delete(key),
    lock: async (key, ttlMs) => {
      const held = await store.lock(key, ttlMs);
      if (held === undefined) return undefined;
      return {
        release: async () => {
          calls.release += 1;
          if (faults.release > 0) {
            faults.release -= 1;
            throw unreachable();
          }
          await held.release();
        },
      };
    },
  };
  return { view, faults, calls };
}

async function eventually(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let round = 0; !(await check()); round += 1) {
    if (round > 400) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the lease and the store failing (Redis away, a disk error)', () => {
  it('a store failure before any token request fails at once and leaves no cooldown: the first call after the store answers again refreshes', async () => {
    const backing = new MemoryTokenStore();
    const { view, faults, calls } = flakyView(backing);
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', store: view, fetchToken: source.fetchToken, initialToken: expiredSeed });
    faults.get = 1;
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_STORE' });
    expect(calls.get).toBe(1); // not retried with backoff: no token request was at stake
    expect(source.calls).toHaveLength(0);
    await expect(manager.getToken()).resolves.toMatchObject({ accessToken: 'at-1' });
    expect(source.calls.map((call) => call.previous?.refreshToken)).toEqual(['rt-0']);
    await manager.close();
  });

  it('a rotated token that could not be stored keeps the lease, and is written in the background once the store takes writes: another process never sends the replaced refresh token and adopts the new one', async () => {
    const backing = new MemoryTokenStore();
    const a = flakyView(backing);
    const sourceA = scriptedSource({ prefix: 'a-' });
    const sourceB = scriptedSource({ prefix: 'b-' });
    const managerA = new TokenManager({ key: 'k', store: a.view, fetchToken: sourceA.fetchToken, initialToken: expiredSeed, backoff: { maxAttempts: 1 } });
    const managerB = new TokenManager({ key: 'k', store: processView(backing), fetchToken: sourceB.fetchToken, initialToken: expiredSeed, lock: { waitMs: 100 } });
    a.faults.set = Number.POSITIVE_INFINITY;
    a.faults.failSetWhen = (token) => token.refreshToken === 'a-rt-1';
    await expect(managerA.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_STORE' });
    expect(sourceA.calls.map((call) => call.previous?.refreshToken)).toEqual(['rt-0']); // rt-0 is spent now
    // B finds rt-0 in the store but cannot have the lease, so it does not send rt-0 again.
    await expect(managerB.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_TIMEOUT' });
    expect(sourceB.calls).toHaveLength(0);
    // The store takes writes again. Nobody calls A: it writes the token it has on its own.
    a.faults.set = 0;
    await eventually(async () => (await backing.get(managerA.key))?.refreshToken === 'a-rt-1');
    await expect(managerB.getToken()).resolves.toMatchObject({ accessToken: 'a-at-1', refreshToken: 'a-rt-1' });
    await expect(managerA.getToken()).resolves.toMatchObject({ accessToken: 'a-at-1' });
    expect(sourceA.calls).toHaveLength(1);
    expect(sourceB.calls).toHaveLength(0);
    expect(await backing.lock(managerA.key, 1_000)).toBeDefined(); // A released its lease once the token was stored
    await Promise.all([managerA.close(), managerB.close()]);
  });

  it('clearToken() drops a new token that could not be stored: it is neither written back nor used once the store takes writes, and its lease is free', async () => {
    const backing = new MemoryTokenStore();
    const a = flakyView(backing);
    const source = scriptedSource({ prefix: 'a-' });
    const manager = new TokenManager({ key: 'k', store: a.view, fetchToken: source.fetchToken, initialToken: expiredSeed, backoff: { maxAttempts: 1 } });
    a.faults.set = Number.POSITIVE_INFINITY;
    a.faults.failSetWhen = (token) => token.refreshToken === 'a-rt-1';
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_STORE' });
    await manager.clearToken();
    a.faults.set = 0;
    // Longer than the background write waits between tries.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(manager.peek()).toBeUndefined();
    expect(await backing.get(manager.key)).toBeUndefined();
    expect(await backing.lock(manager.key, 1_000)).toBeDefined();
    await manager.close();
  });

  it('a lease whose release failed is released as soon as the store answers again, not when the lease runs out', async () => {
    const backing = new MemoryTokenStore();
    const { view, faults, calls } = flakyView(backing);
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', store: view, fetchToken: source.fetchToken, initialToken: expiredSeed, lock: { leaseMs: 600_000 } });
    faults.release = 2;
    await expect(manager.getToken()).resolves.toMatchObject({ accessToken: 'at-1' });
    expect(await backing.lock(manager.key, 1_000)).toBeUndefined(); // still held after the failed release
    await eventually(async () => {
      const lock = await backing.lock(manager.key, 1_000);
      await lock?.release();
      return lock !== undefined;
    });
    expect(calls.release).toBe(3);
    await manager.close();
  });

  it('close() resolves once a refresh in flight has stored its token and released its lease', async () => {
    const backing = new MemoryTokenStore();
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', store: processView(backing), fetchToken: source.fetchToken, initialToken: expiredSeed });
    source.hold();
    const waiting = manager.getToken().catch((error: unknown) => error);
    await eventually(() => source.calls.length === 1);
    let closed = false;
    const closing = manager.close().then(() => {
      closed = true;
    });
    expect(await waiting).toMatchObject({ code: 'ERR_AUTH_ABORTED' }); // the caller stops waiting at once
    await settle();
    expect(closed).toBe(false);
    source.release();
    await closing;
    expect(await backing.get(manager.key)).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-1', version: 2 });
    expect(await backing.lock(manager.key, 1_000)).toBeDefined();
  });
});
