import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { TokenStore, TokenStoreLock } from '../stores/token-store.js';
import type { ContractContext } from './store-contract.js';

const LONG_LEASE_MS = 60_000;

/**
 * The `lock` part of the store contract (see `testTokenStore`).
 *
 * @example
 * ```ts
 * lockContract(context); // inside testTokenStore's describe block
 * ```
 */
export function lockContract({ withStore, key, options }: ContractContext): void {
  const timeout = options.testTimeoutMs;
  const lockOf = (store: TokenStore): NonNullable<TokenStore['lock']> => {
    if (typeof store.lock !== 'function') {
      throw new Error('the store has no lock(): stores shared between processes need one (pass { lock: false } to testTokenStore for a single-process store)');
    }
    return store.lock.bind(store);
  };

  /** Polls until the short lease on `k` has run out and another holder gets it; fails after `leaseExpiryWaitMs`. */
  const takeAfterExpiry = async (store: TokenStore, k: string): Promise<TokenStoreLock> => {
    const lock = lockOf(store);
    const deadline = Date.now() + options.leaseExpiryWaitMs;
    await sleep(options.shortLeaseMs);
    for (;;) {
      const taken = await lock(k, LONG_LEASE_MS);
      if (taken !== undefined) return taken;
      if (Date.now() > deadline) throw new Error(`a ${options.shortLeaseMs} ms lease was still held after ${options.leaseExpiryWaitMs} ms`);
      await sleep(20);
    }
  };

  describe('lock', () => {
    it('a second lock on a held key resolves undefined', () =>
      withStore(async (store) => {
        const lock = lockOf(store);
        const k = key('exclusive');
        const first = await lock(k, LONG_LEASE_MS);
        expect(first).toBeDefined();
        expect(await lock(k, LONG_LEASE_MS)).toBeUndefined();
        await first?.release();
      }), timeout);

    it(`${options.concurrency} parallel lock attempts on one key: exactly one gets it`, () =>
      withStore(async (store) => {
        const lock = lockOf(store);
        const k = key('parallel');
        const results = await Promise.all(Array.from({ length: options.concurrency }, () => lock(k, LONG_LEASE_MS)));
        const held = results.filter((result) => result !== undefined);
        expect(held).toHaveLength(1);
        await held[0]?.release();
      }), timeout);

    it('after release the key can be locked again; releasing twice is harmless', () =>
      withStore(async (store) => {
        const lock = lockOf(store);
        const k = key('release');
        const first = await lock(k, LONG_LEASE_MS);
        await first?.release();
        await first?.release();
        const second = await lock(k, LONG_LEASE_MS);
        expect(second).toBeDefined();
        await second?.release();
      }), timeout);

    it('locks on different keys are independent', () =>
      withStore(async (store) => {
        const lock = lockOf(store);
        const a = await lock(key('a'), LONG_LEASE_MS);
        const b = await lock(key('b'), LONG_LEASE_MS);
        expect(a).toBeDefined();
        expect(b).toBeDefined();
        await Promise.all([a?.release(), b?.release()]);
      }), timeout);

    it('a lease that ran out can be taken by another holder', () =>
      withStore(async (store) => {
        const lock = lockOf(store);
        const k = key('expire');
        expect(await lock(k, options.shortLeaseMs)).toBeDefined();
        const next = await takeAfterExpiry(store, k);
        expect(await lock(k, LONG_LEASE_MS)).toBeUndefined();
        await next.release();
      }), timeout);

    it("releasing a lease that ran out does not release the new holder's lock", () =>
      withStore(async (store) => {
        const lock = lockOf(store);
        const k = key('stale-release');
        const stale = await lock(k, options.shortLeaseMs);
        expect(stale).toBeDefined();
        const current = await takeAfterExpiry(store, k);
        await stale?.release();
        expect(await lock(k, LONG_LEASE_MS)).toBeUndefined();
        await current.release();
        const after = await lock(k, LONG_LEASE_MS);
        expect(after).toBeDefined();
        await after?.release();
      }), timeout);

    it('the lock is advisory: get, set and delete work while it is held', () =>
      withStore(async (store) => {
        const lock = lockOf(store);
        const k = key('advisory');
        const held = await lock(k, LONG_LEASE_MS);
        expect(await store.set(k, { accessToken: 'a', version: 1 }, { ifVersion: 0 })).toBe(true);
        expect(await store.get(k)).toEqual({ accessToken: 'a', version: 1 });
        await store.delete(k);
        expect(await store.get(k)).toBeUndefined();
        await held?.release();
      }), timeout);
  });
}
