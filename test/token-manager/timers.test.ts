import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryTokenStore, TokenManager } from '../../src/index.js';
import { KeepAlive } from '../../src/token-manager/timers.js';
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

  it('a timer a caller awaits is referenced; the refresh-ahead timer, which nobody awaits, is unref’d', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const source = scriptedSource({ lifeMs: 90 * day });
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore() });
    source.hold();
    const pending = manager.getToken({ timeoutMs: 10_000 }); // a wait timer and a request timer
    await settle();
    const awaited = spy.mock.results.map((result) => result.value as NodeJS.Timeout);
    expect(awaited.length).toBeGreaterThanOrEqual(2);
    for (const timer of awaited) expect(timer.hasRef()).toBe(true);
    source.release();
    await pending;
    await manager.getToken();
    const refreshAhead = spy.mock.calls.flatMap((call, index) => (call[1] === 2 ** 31 - 1 ? [spy.mock.results[index]?.value as NodeJS.Timeout] : []));
    expect(refreshAhead).toHaveLength(1); // the 90-day token's timer, clamped
    expect(refreshAhead[0]?.hasRef()).toBe(false);
    for (const call of spy.mock.calls) expect(call[1] ?? 0).toBeLessThanOrEqual(2 ** 31 - 1);
    await manager.close();
  });

  it('the timers of a refresh are referenced exactly while some caller awaits it', () => {
    const keepAlive = new KeepAlive();
    const background = keepAlive.setTimeout(() => undefined, 60_000);
    expect(background.hasRef()).toBe(false); // nobody awaits: a background refresh holds nothing open
    const first = keepAlive.hold();
    const second = keepAlive.hold();
    const awaited = keepAlive.setTimeout(() => undefined, 60_000);
    expect([background.hasRef(), awaited.hasRef()]).toEqual([true, true]);
    first();
    first(); // a second release of the same hold changes nothing
    expect(awaited.hasRef()).toBe(true);
    second();
    expect([background.hasRef(), awaited.hasRef()]).toEqual([false, false]);
    keepAlive.clearTimeout(background);
    keepAlive.clearTimeout(awaited);
  });
});
