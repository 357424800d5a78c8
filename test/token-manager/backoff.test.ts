import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthError, MemoryTokenStore, TokenManager, type TokenErrorEvent } from '../../src/index.js';
import { scriptedSource, settle } from './helpers.js';

const start = Date.UTC(2030, 0, 1);
const serverDown = (): AuthError => new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'HTTP 503', { details: { status: 503, retryable: true } });

// The shared token-request queue (p-queue) is loaded by the first token request of a process, a
// module load the fake clock cannot advance: load it before the clock is faked, so that the
// counts below see each request in the tick it is made.
beforeAll(async () => {
  const warmUp = new TokenManager({ key: 'warm-up', fetchToken: () => Promise.resolve({ accessToken: 'w', tokenType: 'Bearer', issuedAt: Date.now(), expiresAt: Date.now() + 60_000 }) });
  await warmUp.getToken();
  await warmUp.close();
});
beforeEach(() => {
  vi.useFakeTimers({ now: start });
  vi.spyOn(Math, 'random').mockReturnValue(1); // jitter at its top: delays are exactly the exponential steps
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('token-endpoint failures', () => {
  it('retries with exponential backoff, then cools down (callers fail fast, no requests), then tries again', async () => {
    const source = scriptedSource();
    const errors: TokenErrorEvent[] = [];
    const manager = new TokenManager({
      key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), waitTimeoutMs: 3_600_000,
      backoff: { maxAttempts: 3, initialDelayMs: 1_000, maxDelayMs: 10_000, cooldownMs: 30_000 },
      onError: (event) => errors.push(event),
    });
    source.failNext(serverDown(), 3);
    const first = manager.getToken();
    const outcome = first.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await settle();
    expect(source.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(source.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(source.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(source.calls).toHaveLength(3);
    expect(await outcome).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 503 } });
    expect(errors.map((event) => [event.attempt, event.willRetry])).toEqual([[0, true], [1, true], [2, false]]);

    // Cooldown: fail fast, nothing sent.
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', message: expect.stringMatching(/no new token request/) });
    expect(source.calls).toHaveLength(3);

    await vi.advanceTimersByTimeAsync(30_000);
    await expect(manager.getToken()).resolves.toMatchObject({ accessToken: 'at-1' });
    expect(source.calls).toHaveLength(4);
    await manager.close();
  });

  it('does not retry a non-retryable error (e.g. invalid_client), and cools down', async () => {
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), backoff: { cooldownMs: 5_000 } });
    source.failNext(new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'invalid_client', { details: { status: 401, error: 'invalid_client', retryable: false } }));
    await expect(manager.getToken()).rejects.toMatchObject({ details: { error: 'invalid_client' } });
    await expect(manager.getToken()).rejects.toMatchObject({ details: { error: 'invalid_client' } });
    expect(source.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(manager.getToken()).resolves.toMatchObject({ accessToken: 'at-1' });
    await manager.close();
  });

  it('honours Retry-After (within maxDelayMs)', async () => {
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), backoff: { initialDelayMs: 100, maxDelayMs: 10_000 } });
    source.failNext(new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'HTTP 429', { details: { status: 429, retryable: true, retryAfterMs: 4_000 } }));
    const pending = manager.getToken();
    await vi.advanceTimersByTimeAsync(3_999);
    expect(source.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toMatchObject({ accessToken: 'at-1' });
    await manager.close();
  });

  it('every waiting request rejects within its own timeout or signal; the refresh goes on for the others', async () => {
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore() });
    source.hold();
    const impatient = manager.getToken({ timeoutMs: 500 });
    const controller = new AbortController();
    const cancelled = manager.getToken({ signal: controller.signal });
    const patient = manager.getToken();
    const impatientOutcome = impatient.catch((error: unknown) => error);
    const cancelledOutcome = cancelled.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(500);
    expect(await impatientOutcome).toMatchObject({ code: 'ERR_AUTH_TIMEOUT' });
    controller.abort();
    expect(await cancelledOutcome).toMatchObject({ code: 'ERR_AUTH_ABORTED' });
    source.release();
    await expect(patient).resolves.toMatchObject({ accessToken: 'at-1' });
    expect(source.calls).toHaveLength(1);
    await manager.close();
  });

  it('a caller whose signal already fired is refused at once', async () => {
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore() });
    await expect(manager.getToken({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ERR_AUTH_ABORTED' });
    await manager.close();
  });

  it('a token request that hangs is given up after requestTimeoutMs and retried', async () => {
    const source = scriptedSource();
    const manager = new TokenManager({
      key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), requestTimeoutMs: 1_000, backoff: { initialDelayMs: 100 },
    });
    source.hold();
    const pending = manager.getToken();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(source.calls[0]?.signal.aborted).toBe(true);
    source.release(); // the late answer to the abandoned request is dropped
    await vi.advanceTimersByTimeAsync(100);
    await expect(pending).resolves.toMatchObject({ accessToken: 'at-2' });
    expect(source.calls).toHaveLength(2);
    await manager.close();
  });

  it('while refreshes fail, a token that has not expired yet is still used', async () => {
    const source = scriptedSource();
    const manager = new TokenManager({ key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), backoff: { maxAttempts: 1 }, refreshAhead: false });
    const first = await manager.getToken();
    vi.setSystemTime(first.expiresAt - 5_000); // forced window: callers wait for the refresh
    source.failNext(serverDown());
    await expect(manager.getToken()).resolves.toMatchObject({ accessToken: 'at-1' });
    await expect(manager.getToken()).resolves.toMatchObject({ accessToken: 'at-1' }); // cooldown, still valid
    vi.setSystemTime(first.expiresAt + 1);
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED' });
    await manager.close();
  });
});
