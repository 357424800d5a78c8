import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryTokenStore, TokenManager } from '../../src/index.js';
import { scriptedSource, settle } from './helpers.js';

const day = 24 * 3_600_000;

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('timers', () => {
  it('a 90-day token does not fire its refresh timer at once: the delay is clamped to 2^31-1 ms and re-armed', async () => {
    vi.useFakeTimers({ now: Date.UTC(2030, 0, 1) });
    const source = scriptedSource({ lifeMs: 90 * day });
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore() });
    const token = await manager.getToken();
    await manager.getToken(); // used again: an active client, refreshed ahead of time
    await vi.advanceTimersByTimeAsync(1_000);
    expect(source.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1); // the clamped timer fires, finds it too early, re-arms
    expect(source.calls).toHaveLength(1);
    vi.setSystemTime(token.expiresAt - 130_000);
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
    await settle();
    expect(source.calls).toHaveLength(2);
    expect(source.calls[1]?.reason).toBe('background');
    await manager.close();
  });

  it('an idle token is not refreshed ahead', async () => {
    vi.useFakeTimers({ now: Date.UTC(2030, 0, 1) });
    const source = scriptedSource({ lifeMs: 3_600_000 });
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore() });
    await manager.getToken();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(source.calls).toHaveLength(1);
    await manager.close();
  });

  it('close() clears every timer this manager set, rejects its waiters, and refuses further calls', async () => {
    vi.useFakeTimers({ now: Date.UTC(2030, 0, 1) });
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore() });
    await manager.getToken();
    await manager.getToken();
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    await manager.close();
    expect(vi.getTimerCount()).toBe(0);
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_ABORTED' });

    const second = new TokenManager({ key: 'k2', fetchToken: source.fetchToken, store: new MemoryTokenStore(), backoff: { initialDelayMs: 60_000 } });
    source.failNext(new Error('down'));
    const waiting = second.getToken().catch((error: unknown) => error);
    await settle();
    await second.close();
    expect(await waiting).toMatchObject({ code: 'ERR_AUTH_ABORTED' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('every timer it sets is unref’d (a script that never calls close() still exits)', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const source = scriptedSource({ lifeMs: 90 * day });
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore() });
    source.hold();
    const pending = manager.getToken({ timeoutMs: 10_000 }); // a wait timer and a request timer
    await settle();
    source.release();
    await pending;
    await manager.getToken(); // arms the refresh-ahead timer
    const timers = spy.mock.results.map((result) => result.value as NodeJS.Timeout);
    expect(timers.length).toBeGreaterThanOrEqual(3);
    for (const timer of timers) expect(timer.hasRef()).toBe(false);
    for (const call of spy.mock.calls) expect(call[1] ?? 0).toBeLessThanOrEqual(2 ** 31 - 1);
    await manager.close();
  });
});
