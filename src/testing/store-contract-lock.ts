import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { TokenStore, TokenStoreLock } from '../stores/token-store.js';
import type { ContractContext } from './store-contract-types.js';

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

  /** The lock's `held`, or a failure that says how to opt out. */
  const heldOf = (lock: TokenStoreLock | undefined): (() => Promise<boolean>) => {
    if (lock === undefined) throw new Error('lock() resolved undefined for a free key');
    if (typeof lock.held !== 'function') {
      throw new Error('the lock has no held(): the token manager asks it before a token request under a lease (pass { held: false } to testTokenStore to skip these checks)');
    }
    return lock.held.bind(lock);
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

  if (!options.held) {
    describe.skip('lock.held (not checked: testTokenStore was called with { held: false })', () => it('held semantics', () => undefined));
    return;
  }
  describe('lock.held', () => {
    it('true while the lease is held, false once released', () =>
      withStore(async (store) => {
        const lock = await lockOf(store)(key('held'), LONG_LEASE_MS);
        const held = heldOf(lock);
        expect(await held()).toBe(true);
        expect(await held()).toBe(true);
        await lock?.release();
        expect(await held()).toBe(false);
      }), timeout);

    it('false once the lease ran out, even before anyone else took the key', () =>
      withStore(async (store) => {
        const held = heldOf(await lockOf(store)(key('held-expired'), options.shortLeaseMs));
        const deadline = Date.now() + options.leaseExpiryWaitMs;
        await sleep(options.shortLeaseMs);
        while (await held()) {
          if (Date.now() > deadline) throw new Error(`held() still said true ${options.leaseExpiryWaitMs} ms after a ${options.shortLeaseMs} ms lease`);
          await sleep(20);
        }
      }), timeout);

    it("false for the old holder once another holder took the key; true for the new one; the old one's release changes neither", () =>
      withStore(async (store) => {
        const k = key('held-taken');
        const stale = await lockOf(store)(k, options.shortLeaseMs);
        const staleHeld = heldOf(stale);
        const current = await takeAfterExpiry(store, k);
        const currentHeld = heldOf(current);
        expect(await staleHeld()).toBe(false);
        expect(await currentHeld()).toBe(true);
        await stale?.release();
        expect(await staleHeld()).toBe(false);
        expect(await currentHeld()).toBe(true);
        await current.release();
        expect(await currentHeld()).toBe(false);
      }), timeout);

    it('leases on different keys do not answer for each other', () =>
      withStore(async (store) => {
        const a = await lockOf(store)(key('held-a'), LONG_LEASE_MS);
        const b = await lockOf(store)(key('held-b'), LONG_LEASE_MS);
        await a?.release();
        expect(await heldOf(a)()).toBe(false);
        expect(await heldOf(b)()).toBe(true);
        await b?.release();
      }), timeout);
  });
}
