import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryTokenStore, TokenManager } from '../../src/index.js';
import { scriptedSource, settle } from './helpers.js';

const start = Date.UTC(2030, 0, 1);

beforeEach(() => {
  vi.useFakeTimers({ now: start });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('currentToken(): the token getToken() would return without waiting', () => {
  it('is undefined before the first token, and asks the token source nothing', async () => {
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore() });
    expect(manager.currentToken()).toBeUndefined();
    await settle();
    expect(source.calls).toHaveLength(0);
    await manager.close();
  });

  it('is the cached token while fresh; inside the refresh window it still is, and one background refresh starts', async () => {
    const source = scriptedSource({ lifeMs: 600_000 });
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), refreshWindowMs: 120_000, forcedRefreshWindowMs: 30_000, refreshAhead: false });
    const first = await manager.getToken();
    expect(manager.currentToken()?.accessToken).toBe(first.accessToken);
    expect(source.calls).toHaveLength(1);

    vi.setSystemTime(first.expiresAt - 60_000); // inside the refresh window, before the forced one
    source.hold();
    expect(manager.currentToken()?.accessToken).toBe('at-1');
    expect(manager.currentToken()?.accessToken).toBe('at-1');
    await settle();
    expect(source.calls).toHaveLength(2);
    source.release();
    await settle();
    expect(manager.currentToken()?.accessToken).toBe('at-2');
    await manager.close();
  });

  it('is undefined inside the forced window and after expiry (getToken() waits there), and for a refused token', async () => {
    const source = scriptedSource({ lifeMs: 600_000 });
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), refreshWindowMs: 120_000, forcedRefreshWindowMs: 30_000, refreshAhead: false });
    const first = await manager.getToken();
    vi.setSystemTime(first.expiresAt - 10_000);
    expect(manager.currentToken()).toBeUndefined();
    vi.setSystemTime(first.expiresAt + 1);
    expect(manager.currentToken()).toBeUndefined();
    await settle();
    expect(source.calls).toHaveLength(1); // it starts nothing itself

    const second = await manager.getToken();
    expect(manager.currentToken()?.accessToken).toBe(second.accessToken);
    await manager.rejectToken(second.accessToken);
    expect(manager.currentToken()?.accessToken).toBe('at-3');
    await manager.close();
  });

  it('throws ERR_AUTH_ABORTED after close()', async () => {
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore() });
    await manager.getToken();
    await manager.close();
    expect(() => manager.currentToken()).toThrow(expect.objectContaining({ code: 'ERR_AUTH_ABORTED' }));
  });
});
