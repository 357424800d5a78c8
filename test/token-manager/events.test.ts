import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, MemoryTokenStore, tokenChannelNames, TokenManager, type TokenEvent } from '../../src/index.js';
import { scriptedSource } from './helpers.js';

const listeners: Array<[string, (message: unknown) => void]> = [];
function listen(name: string): unknown[] {
  const messages: unknown[] = [];
  const listener = (message: unknown): void => {
    messages.push(message);
  };
  subscribe(name, listener);
  listeners.push([name, listener]);
  return messages;
}
afterEach(() => {
  for (const [name, listener] of listeners.splice(0)) unsubscribe(name, listener);
});

describe('events', () => {
  it('onToken is awaited before the token is used', async () => {
    const source = scriptedSource();
    const order: string[] = [];
    const manager = new TokenManager({
      key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(),
      onToken: async (event: TokenEvent) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push(`onToken:${event.token.accessToken}:${event.reason}`);
      },
    });
    const token = await manager.getToken();
    order.push(`used:${token.accessToken}`);
    expect(order).toEqual(['onToken:at-1:initial', 'used:at-1']);
    await manager.close();
  });

  it('a failing onToken fails the refresh; the next call retries onToken, not the token request', async () => {
    const source = scriptedSource();
    let fail = true;
    const seen: string[] = [];
    const manager = new TokenManager({
      key: 'k', fetchToken: source.fetchToken, store: new MemoryTokenStore(), backoff: { maxAttempts: 1, cooldownMs: 0 },
      onToken: ({ token }) => {
        seen.push(token.accessToken);
        if (fail) throw new Error('database down');
      },
    });
    await expect(manager.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_STORE' });
    fail = false;
    await expect(manager.getToken()).resolves.toMatchObject({ accessToken: 'at-1' });
    expect(source.calls).toHaveLength(1);
    expect(seen).toEqual(['at-1', 'at-1']);
    await manager.close();
  });

  it('publishes start / end / error on node:diagnostics_channel without any secret', async () => {
    const starts = listen(tokenChannelNames.start);
    const ends = listen(tokenChannelNames.end);
    const errors = listen(tokenChannelNames.error);
    const source = scriptedSource();
    const reported: unknown[] = [];
    const manager = new TokenManager({
      key: { tokenUrl: 'https://as.example/token', clientId: 'app', subject: 'alice@example.com' }, name: 'oauth2:test',
      fetchToken: source.fetchToken, store: new MemoryTokenStore(), backoff: { maxAttempts: 2, initialDelayMs: 1 },
      onError: (event) => reported.push(event),
    });
    source.failNext(new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'HTTP 502', { details: { status: 502, retryable: true } }));
    await manager.getToken();
    expect(starts).toHaveLength(2);
    expect(ends).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'oauth2:test', code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', status: 502, willRetry: true, attempt: 0 });
    expect(ends[0]).toMatchObject({ name: 'oauth2:test', reason: 'initial', rotated: false, attempt: 1 });
    expect(reported).toHaveLength(1);
    const text = JSON.stringify([starts, ends, errors]);
    for (const secret of ['at-1', 'rt-1', 'alice@example.com']) expect(text).not.toContain(secret);
    expect((starts[0] as { key: string }).key).toBe(manager.key);
    await manager.close();
  });
});
