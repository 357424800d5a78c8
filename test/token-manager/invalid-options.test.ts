// A TokenManager refused for a bad option leaves nothing behind: the key's shared state (cooldown,
// refused tokens) is forgotten once the managers that used it are closed, as if the refused one
// had never been made.
import { describe, expect, it } from 'vitest';
import { AuthError, MemoryTokenStore, TokenManager, type FetchToken } from '../../src/index.js';

const token = (accessToken: string) => ({ accessToken, tokenType: 'Bearer', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 });

describe('a TokenManager refused for an invalid option', () => {
  it.each([
    ['defaultExpiresInMs', { defaultExpiresInMs: -1 }],
    ['backoff', { backoff: { maxAttempts: 0 } }],
    ['lock.leaseMs', { lock: { leaseMs: 0 } }],
  ])('%s: a later manager of the same key starts afresh, not in the cooldown of an earlier one', async (_name, bad) => {
    const store = new MemoryTokenStore();
    let calls = 0;
    const failing: FetchToken = () => {
      calls += 1;
      return Promise.reject(new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'invalid_client', { details: { retryable: false } }));
    };
    expect(() => new TokenManager({ key: 'k', fetchToken: failing, store, ...bad } as never)).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG' }) as Error);

    const first = new TokenManager({ key: 'k', fetchToken: failing, store, backoff: { cooldownMs: 3_600_000 } });
    await expect(first.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED' });
    await first.close();
    expect(calls).toBe(1);

    // Every manager of the key is closed: the next one asks the token source again.
    const second = new TokenManager({ key: 'k', fetchToken: () => Promise.resolve(token('at-2')), store });
    await expect(second.getToken()).resolves.toMatchObject({ accessToken: 'at-2' });
    await second.close();
  });
});
