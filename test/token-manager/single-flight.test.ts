import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryTokenStore, TokenManager, type Token } from '../../src/index.js';
import { scriptedSource, settle } from './helpers.js';

const start = Date.UTC(2030, 0, 1);

beforeEach(() => {
  vi.useFakeTimers({ now: start });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('one token request however many callers', () => {
  it('10,000 concurrent requests at expiry cause exactly one token request', async () => {
    const source = scriptedSource({ lifeMs: 60_000 });
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), refreshAhead: false });
    const first = await manager.getToken();
    expect(source.calls).toHaveLength(1);

    vi.setSystemTime(first.expiresAt + 1);
    source.hold();
    const waiting = Array.from({ length: 10_000 }, () => manager.getToken());
    await settle();
    source.release();
    const tokens = await Promise.all(waiting);

    expect(source.calls).toHaveLength(2);
    expect(new Set(tokens.map((token) => token.accessToken))).toEqual(new Set(['at-2']));
    await manager.close();
  });

  it('10,000 concurrent first requests cause exactly one token request', async () => {
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore() });
    const tokens = await Promise.all(Array.from({ length: 10_000 }, () => manager.getToken()));
    expect(source.calls).toHaveLength(1);
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    await manager.close();
  });

  it('property: any number of callers arriving anywhere around an expiry cause one request per expiry', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.integer({ min: -2_000, max: 30_000 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 20_000, max: 600_000 }),
        async (callers, offsets, lifeMs) => {
          vi.setSystemTime(start);
          const source = scriptedSource({ lifeMs });
          const manager = new TokenManager({
            key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), refreshAhead: false, refreshWindowMs: 5_000, forcedRefreshWindowMs: 5_000,
          });
          const first = await manager.getToken();
          // Everyone arrives after the token entered its forced window: they all need the next one.
          const due = first.expiresAt - 5_000;
          source.hold();
          const waiting: Promise<Token>[] = [];
          for (const offset of offsets) {
            vi.setSystemTime(Math.max(due, due + Math.min(offset, 4_000)));
            for (let i = 0; i < callers; i += 1) waiting.push(manager.getToken());
          }
          await settle();
          source.release();
          const tokens = await Promise.all(waiting);
          await manager.close();
          return source.calls.length === 2 && tokens.every((token) => token.accessToken === 'at-2');
        },
      ),
      { numRuns: 40 },
    );
  });

  it('two authenticators with the same key and store share one token and one refresh', async () => {
    const store = new MemoryTokenStore();
    const a = scriptedSource();
    const b = scriptedSource();
    const first = new TokenManager({ key: { tokenUrl: 'https://as.example/token', clientId: 'app', scope: ['x', 'y'] }, fetchToken: a.fetchToken, store });
    const second = new TokenManager({ key: { tokenUrl: 'https://as.example/token', clientId: 'app', scope: ['y', 'x'] }, fetchToken: b.fetchToken, store });
    const [one, two] = await Promise.all([first.getToken(), second.getToken()]);
    expect(one.accessToken).toBe(two.accessToken);
    expect(a.calls.length + b.calls.length).toBe(1);
    await Promise.all([first.close(), second.close()]);
  });

  it('closing one of two managers that share a key does not fail the other’s waiting callers', async () => {
    const store = new MemoryTokenStore();
    const source = scriptedSource();
    const a = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store, backoff: { initialDelayMs: 60_000 } });
    const b = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store });
    source.failNext(new Error('down'));
    const fromA = a.getToken().catch((error: unknown) => error);
    await vi.waitFor(() => expect(source.calls).toHaveLength(1)); // the first try was sent and fails
    await settle();
    const fromB = b.getToken(); // joins a's refresh, which now sleeps before its second try
    await a.close();
    expect(await fromA).toMatchObject({ code: 'ERR_AUTH_ABORTED' });
    await expect(fromB).resolves.toMatchObject({ accessToken: 'at-1' });
    await b.close();
  });

  it('different tenants never see each other’s token', async () => {
    const store = new MemoryTokenStore();
    const a = scriptedSource();
    const b = scriptedSource();
    const tenantA = new TokenManager({ key: { tokenUrl: 'https://as.example/token', clientId: 'app', subject: 'tenant-a' }, fetchToken: a.fetchToken, store });
    const tenantB = new TokenManager({ key: { tokenUrl: 'https://as.example/token', clientId: 'app', subject: 'tenant-b' }, fetchToken: b.fetchToken, store });
    expect(tenantA.key).not.toBe(tenantB.key);
    await tenantA.getToken();
    await tenantB.getToken();
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(1);
    expect(store.size).toBe(2);
    await Promise.all([tenantA.close(), tenantB.close()]);
  });

  it('never caches a rejected refresh: the next call asks again', async () => {
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), backoff: { maxAttempts: 1, cooldownMs: 0 } });
    source.failNext(new Error('boom'));
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED' });
    await expect(manager.getToken()).resolves.toMatchObject({ accessToken: 'at-1' });
    expect(source.calls).toHaveLength(2);
    await manager.close();
  });
});

describe('refresh windows', () => {
  it('inside the refresh window: the current token is used at once and one background refresh starts (no request waits)', async () => {
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), refreshAhead: false });
    const first = await manager.getToken();
    vi.setSystemTime(first.expiresAt - 60_000); // inside the 120 s refresh window, outside the 10 s forced one
    source.hold(); // the background refresh will not finish while we look
    const tokens = await Promise.all(Array.from({ length: 1_000 }, () => manager.getToken()));
    expect(tokens.every((token) => token.accessToken === 'at-1')).toBe(true);
    await settle(); // let the background refresh reach the token source
    expect(source.calls).toHaveLength(2);
    expect(source.calls[1]?.reason).toBe('background');
    source.release();
    await settle();
    expect((await manager.getToken()).accessToken).toBe('at-2');
    expect(source.calls).toHaveLength(2);
    await manager.close();
  });

  it('property: in the refresh window every caller resolves without waiting for the refresh', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 10_001, max: 119_999 }), fc.integer({ min: 1, max: 200 }), async (leftMs, callers) => {
        vi.setSystemTime(start);
        const source = scriptedSource();
        const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), refreshAhead: false });
        const first = await manager.getToken();
        vi.setSystemTime(first.expiresAt - leftMs);
        source.hold();
        let resolved = 0;
        const all = Array.from({ length: callers }, () => manager.getToken().then((token) => (resolved += 1, token)));
        await settle();
        const allResolved = resolved === callers;
        source.release();
        await Promise.all(all);
        await manager.close();
        return allResolved && source.calls.length === 2;
      }),
      { numRuns: 40 },
    );
  });

  it('inside the forced window callers wait for the refresh', async () => {
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), refreshAhead: false });
    const first = await manager.getToken();
    vi.setSystemTime(first.expiresAt - 5_000);
    source.hold();
    let resolved = false;
    const waiting = manager.getToken().then((token) => ((resolved = true), token));
    await settle();
    expect(resolved).toBe(false);
    source.release();
    expect((await waiting).accessToken).toBe('at-2');
    await manager.close();
  });

  it('a window longer than the token’s life does not cause a refresh loop', async () => {
    const source = scriptedSource({ lifeMs: 4_000 });
    const manager = new TokenManager({
      key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), refreshWindowMs: 600_000, forcedRefreshWindowMs: 300_000, refreshAhead: false,
    });
    await manager.getToken();
    for (let t = 0; t < 1_900; t += 100) {
      vi.setSystemTime(start + t);
      await manager.getToken();
    }
    expect(source.calls).toHaveLength(1);
    // Half-way through its life the token is refreshed once, in the background.
    vi.setSystemTime(start + 2_100);
    await manager.getToken();
    await settle();
    await manager.getToken();
    expect(source.calls).toHaveLength(2);
    await manager.close();
  });

  it('exposes the configured windows with sensible defaults', () => {
    const manager = new TokenManager({ key: 'k', fetchToken: scriptedSource().fetchToken });
    expect(manager.refreshWindowMs).toBe(120_000);
    expect(manager.forcedRefreshWindowMs).toBe(10_000);
    expect(() => new TokenManager({ key: 'k', fetchToken: scriptedSource().fetchToken, refreshWindowMs: 1_000, forcedRefreshWindowMs: 2_000 })).toThrow(
      /forcedRefreshWindowMs/,
    );
    void manager.close();
  });
});
