// The manager's side of the cross-process protocol, run in one process: each "process" gets its
// own view of one MemoryTokenStore (a different object, so no in-process sharing), and the store's
// lease lock + compare-and-set are all that coordinate them.
import { describe, expect, it } from 'vitest';
import { MemoryTokenStore, TokenManager, type TokenStore } from '../../src/index.js';
import { testTokenStore } from '../../src/testing/index.js';
import { scriptedSource, type ScriptedSource } from './helpers.js';

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
