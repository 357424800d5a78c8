import PQueue from 'p-queue';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryTokenStore, TokenManager, type FetchToken } from '../../src/index.js';
import { DEFAULT_TOKEN_REQUEST_CONCURRENCY, setTokenRequestConcurrency, tokenRequestQueueStats } from '../../src/entries/tokens.js';

function trackingSource(): { fetchToken: FetchToken; maxInFlight: () => number; calls: () => number } {
  let inFlight = 0;
  let max = 0;
  let calls = 0;
  return {
    fetchToken: async () => {
      calls += 1;
      inFlight += 1;
      max = Math.max(max, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return { accessToken: `at-${calls}`, tokenType: 'Bearer', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 };
    },
    maxInFlight: () => max,
    calls: () => calls,
  };
}

afterEach(() => {
  setTokenRequestConcurrency(DEFAULT_TOKEN_REQUEST_CONCURRENCY);
});

describe('the global token-request limiter', () => {
  it('caps concurrent token requests across all keys: 300 tenants expiring together never exceed the cap', async () => {
    setTokenRequestConcurrency(4);
    expect(tokenRequestQueueStats().concurrency).toBe(4);
    const source = trackingSource();
    const store = new MemoryTokenStore();
    const managers = Array.from({ length: 300 }, (_, tenant) => new TokenManager({ key: { tokenUrl: 'https://as.example/token', subject: `tenant-${tenant}` }, fetchToken: source.fetchToken, store }));
    const tokens = await Promise.all(managers.flatMap((manager) => [manager.getToken(), manager.getToken()]));
    expect(tokens).toHaveLength(600);
    expect(source.calls()).toBe(300);
    expect(source.maxInFlight()).toBeLessThanOrEqual(4);
    expect(source.maxInFlight()).toBeGreaterThan(1);
    await Promise.all(managers.map((manager) => manager.close()));
  });

  it('a manager can be given its own limiter (a p-queue fits)', async () => {
    const source = trackingSource();
    const limiter = new PQueue({ concurrency: 1 });
    const store = new MemoryTokenStore();
    const managers = Array.from({ length: 20 }, (_, tenant) => new TokenManager({ key: `tenant-${tenant}`, fetchToken: source.fetchToken, store, limiter }));
    await Promise.all(managers.map((manager) => manager.getToken()));
    expect(source.maxInFlight()).toBe(1);
    await Promise.all(managers.map((manager) => manager.close()));
  });

  it('rejects a nonsensical concurrency', () => {
    expect(() => setTokenRequestConcurrency(0)).toThrow(/concurrency/);
  });
});
