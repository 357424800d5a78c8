// The reason given for a token request when a process starts with a token already in the store:
// an expired stored token is replaced as `expiring`; `initial` only when there was no token at all.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { FileTokenStore, MemoryTokenStore, tokenChannelNames, TokenManager, type TokenEvent, type TokenStore } from '../../src/index.js';
import { scriptedSource } from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function listen(name: string): unknown[] {
  const messages: unknown[] = [];
  const listener = (message: unknown): void => {
    messages.push(message);
  };
  subscribe(name, listener);
  cleanups.push(async () => {
    unsubscribe(name, listener);
  });
  return messages;
}

/** Every reason a token request was announced with: to the source, onToken, and the diagnostics channels. */
async function reasonsOfFirstToken(store: TokenStore, key: string, previousRefreshToken?: string): Promise<unknown[]> {
  const starts = listen(tokenChannelNames.start);
  const ends = listen(tokenChannelNames.end);
  const source = scriptedSource();
  const events: TokenEvent[] = [];
  const manager = new TokenManager({ key, fetchToken: source.fetchToken, store, onToken: (event) => void events.push(event) });
  const token = await manager.getToken();
  expect(token.accessToken).toBe('at-1');
  await manager.close();
  expect(source.calls).toHaveLength(1);
  expect(source.calls[0]?.previous?.refreshToken).toBe(previousRefreshToken);
  return [source.calls[0]?.reason, events[0]?.reason, (starts[0] as { reason?: unknown } | undefined)?.reason, (ends[0] as { reason?: unknown } | undefined)?.reason];
}

async function fileStorePath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'authwire-reason-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'tokens.json');
}

const expired = (now: number) => ({ accessToken: 'old-at', tokenType: 'Bearer', expiresAt: now - 60_000, refreshToken: 'old-rt', version: 1, updatedAt: now - 3_660_000 });

describe('the reason of the first token request of a process', () => {
  it('a MemoryTokenStore holding an expired token: expiring, and the stored refresh token is handed in', async () => {
    const store = new MemoryTokenStore();
    const key = 'startup-memory';
    const probe = new TokenManager({ key, fetchToken: scriptedSource().fetchToken, store });
    await store.set(probe.key, expired(Date.now()), { ifVersion: 0 });
    await probe.close();
    expect(await reasonsOfFirstToken(store, key, 'old-rt')).toEqual(['expiring', 'expiring', 'expiring', 'expiring']);
  });

  it('a FileTokenStore written by an earlier process, holding an expired token: expiring, with its refresh token', async () => {
    const path = await fileStorePath();
    const key = 'startup-file';
    const earlier = new FileTokenStore({ path });
    const probe = new TokenManager({ key, fetchToken: scriptedSource().fetchToken, store: earlier });
    await earlier.set(probe.key, expired(Date.now()), { ifVersion: 0 });
    await probe.close();
    // A new process: a new store object on the same file, no token cached.
    expect(await reasonsOfFirstToken(new FileTokenStore({ path }), key, 'old-rt')).toEqual(['expiring', 'expiring', 'expiring', 'expiring']);
  });

  it('an empty store: initial', async () => {
    expect(await reasonsOfFirstToken(new FileTokenStore({ path: await fileStorePath() }), 'startup-empty')).toEqual(['initial', 'initial', 'initial', 'initial']);
  });
});
