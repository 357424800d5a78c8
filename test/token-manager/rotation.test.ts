import { describe, expect, it } from 'vitest';
import {
  AuthError, MemoryTokenStore, TokenManager, type FetchToken, type StoredToken, type TokenStore, type TokenStoreSetOptions,
} from '../../src/index.js';
import { scriptedSource } from './helpers.js';

/** A MemoryTokenStore whose writes can be made to fail, and which records them. */
class SpyStore implements TokenStore {
  readonly inner = new MemoryTokenStore();
  readonly writes: StoredToken[] = [];
  failWrites = 0;
  failWhen: (token: StoredToken) => boolean = () => false;
  get(key: string) {
    return this.inner.get(key);
  }
  async set(key: string, token: StoredToken, options?: TokenStoreSetOptions) {
    if (this.failWrites > 0 && this.failWhen(token)) {
      this.failWrites -= 1;
      throw new Error('disk full');
    }
    const ok = await this.inner.set(key, token, options);
    if (ok) this.writes.push(token);
    return ok;
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
  lock(key: string, ttlMs: number) {
    return this.inner.lock(key, ttlMs);
  }
}

const expired = { accessToken: 'old-at', refreshToken: 'rt-0', expiresAt: Date.now() - 1 };

describe('refresh-token rotation', () => {
  it('stores the new refresh token before the new access token is used (onToken sees it stored)', async () => {
    const store = new SpyStore();
    const source = scriptedSource();
    const seenInStore: (string | undefined)[] = [];
    const manager = new TokenManager({
      key: 'k', store, fetchToken: source.fetchToken, initialToken: expired,
      onToken: async ({ token, rotated }) => {
        seenInStore.push((await store.get(manager.key))?.refreshToken);
        expect(rotated).toBe(true);
        expect(token.refreshToken).toBe('rt-1');
      },
    });
    const token = await manager.getToken();
    expect(token.accessToken).toBe('at-1');
    expect(seenInStore).toEqual(['rt-1']);
    expect(source.calls[0]?.previous?.refreshToken).toBe('rt-0');
    expect(store.writes.map((write) => write.refreshToken)).toEqual(['rt-0', 'rt-1']);
    expect(store.writes.map((write) => write.version)).toEqual([1, 2]);
    await manager.close();
  });

  it('a failed store write fails the refresh; the replaced refresh token is never sent again; the next call stores the new one without a token request', async () => {
    const store = new SpyStore();
    store.failWrites = 1;
    store.failWhen = (token) => token.refreshToken === 'rt-1';
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', store, fetchToken: source.fetchToken, initialToken: expired, backoff: { maxAttempts: 1, cooldownMs: 0 } });
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_STORE' });
    expect(source.calls).toHaveLength(1);
    expect(manager.peek()).toBeUndefined(); // the new token is not used before it is stored
    const next = await manager.getToken();
    expect(next).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-1' });
    expect(source.calls).toHaveLength(1);
    expect((await store.get(manager.key))?.refreshToken).toBe('rt-1');
    expect(source.calls.map((call) => call.previous?.refreshToken)).toEqual(['rt-0']);
    await manager.close();
  });

  it('a response without a refresh token keeps the old one', async () => {
    const store = new MemoryTokenStore();
    const source = scriptedSource({ refreshTokens: false });
    const manager = new TokenManager({ key: 'k', store, fetchToken: source.fetchToken, initialToken: expired });
    const token = await manager.getToken();
    expect(token.refreshToken).toBe('rt-0');
    expect((await store.get(manager.key))?.refreshToken).toBe('rt-0');
    await manager.close();
  });

  it('a replaced initial refresh token is never sent again, even if the store is wiped', async () => {
    const store = new MemoryTokenStore();
    const sent: (string | undefined)[] = [];
    const source = scriptedSource({ lifeMs: 40 });
    const fetchToken: FetchToken = async (state) => {
      sent.push(state.previous?.refreshToken);
      if (state.previous?.refreshToken === undefined) throw new AuthError('ERR_AUTH_REAUTH_REQUIRED', 'no refresh token');
      return source.fetchToken(state);
    };
    const manager = new TokenManager({ key: 'k', store, fetchToken, initialToken: expired });
    await manager.getToken();
    const second = new TokenManager({ key: 'k', store, fetchToken, initialToken: expired });
    await store.delete(manager.key);
    await new Promise((resolve) => setTimeout(resolve, 60)); // at-1 has expired
    await expect(second.getToken()).resolves.toMatchObject({ refreshToken: expect.stringMatching(/^rt-[1-9]/) });
    expect(sent[0]).toBe('rt-0');
    expect(sent.filter((token) => token === 'rt-0')).toHaveLength(1);
    expect(sent).not.toContain(undefined);
    await Promise.all([manager.close(), second.close()]);
  });
});

describe('invalid_grant', () => {
  const reauth = (): AuthError => new AuthError('ERR_AUTH_REAUTH_REQUIRED', 'invalid_grant', { details: { error: 'invalid_grant' } });

  it('re-reads the store once: a refresh token a sibling rotated meanwhile is used', async () => {
    const store = new MemoryTokenStore();
    let calls = 0;
    const manager = new TokenManager({
      key: 'k', store, initialToken: expired,
      fetchToken: async ({ previous }) => {
        calls += 1;
        if (previous?.refreshToken === 'rt-0') {
          // A sibling process rotated rt-0 a moment ago and stored rt-sibling.
          await store.set(manager.key, { accessToken: 'sibling-old', expiresAt: Date.now() - 1, refreshToken: 'rt-sibling', version: 2 });
          throw reauth();
        }
        return { accessToken: 'at-ok', tokenType: 'Bearer', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 };
      },
    });
    const token = await manager.getToken();
    expect(token).toMatchObject({ accessToken: 'at-ok', refreshToken: 'rt-sibling' });
    expect(calls).toBe(2);
    await manager.close();
  });

  it('otherwise fails with ERR_AUTH_REAUTH_REQUIRED and sends no more token requests until the stored token changes', async () => {
    const store = new MemoryTokenStore();
    let calls = 0;
    const manager = new TokenManager({
      key: 'k', store, initialToken: expired,
      fetchToken: async ({ previous }) => {
        calls += 1;
        if (previous?.refreshToken !== 'rt-new') throw reauth();
        return { accessToken: 'at-new', tokenType: 'Bearer', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 };
      },
    });
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    await Promise.all(Array.from({ length: 50 }, () => manager.getToken().catch(() => undefined)));
    expect(calls).toBe(1);
    // New credentials arrive (another process signed in again and stored them).
    const stored = await store.get(manager.key);
    await store.set(manager.key, { accessToken: 'dead', expiresAt: Date.now() - 1, refreshToken: 'rt-new', version: (stored?.version ?? 0) + 1 });
    await expect(manager.getToken()).resolves.toMatchObject({ accessToken: 'at-new' });
    expect(calls).toBe(2);
    await manager.close();
  });

  it('setToken lifts the stop', async () => {
    const store = new MemoryTokenStore();
    let calls = 0;
    const manager = new TokenManager({
      key: 'k', store, initialToken: expired,
      fetchToken: async () => {
        calls += 1;
        throw reauth();
      },
    });
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    await manager.setToken({ accessToken: 'signed-in', tokenType: 'Bearer', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000, refreshToken: 'rt-x' });
    await expect(manager.getToken()).resolves.toMatchObject({ accessToken: 'signed-in' });
    expect(calls).toBe(1);
    await manager.close();
  });

  it('a still-valid access token keeps working after a background refresh got invalid_grant', async () => {
    const store = new MemoryTokenStore();
    const manager = new TokenManager({
      key: 'k', store, refreshWindowMs: 3_600_000, forcedRefreshWindowMs: 1_000,
      initialToken: { accessToken: 'still-good', refreshToken: 'rt-dead', expiresAt: Date.now() + 600_000 },
      fetchToken: async () => {
        throw reauth();
      },
    });
    await expect(manager.getToken()).resolves.toMatchObject({ accessToken: 'still-good' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(manager.getToken()).resolves.toMatchObject({ accessToken: 'still-good' });
    await manager.close();
  });
});
