import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { isAuthError } from '../../src/errors.js';
import { EncryptedTokenStore } from '../../src/stores/encrypted.js';
import { FileTokenStore } from '../../src/stores/file.js';
import { MemoryTokenStore } from '../../src/stores/memory.js';
import type { StoredToken, TokenStore } from '../../src/stores/token-store.js';
import { fullToken, testTokenStore } from '../../src/testing/index.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const directory = mkdtempSync(join(tmpdir(), 'authwire-encrypted-store-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

testTokenStore('EncryptedTokenStore over MemoryTokenStore', () => new EncryptedTokenStore({ store: new MemoryTokenStore(), keys: { k1 }, currentKeyId: 'k1' }));
const filePath = join(directory, 'tokens.json');
testTokenStore('EncryptedTokenStore over FileTokenStore', () => new EncryptedTokenStore({ store: new FileTokenStore({ path: filePath }), keys: { k1, k2 }, currentKeyId: 'k2' }));

/** Reads what the wrapped store holds and lets a test change it. */
function rawAccess(inner: TokenStore, key: string) {
  return {
    read: async (): Promise<StoredToken> => (await inner.get(key))!,
    write: async (change: (record: Record<string, unknown>) => void): Promise<void> => {
      const record: Record<string, unknown> = { ...(await inner.get(key)) };
      change(record);
      await inner.set(key, record as unknown as StoredToken);
    },
  };
}

const flip = (sealed: unknown, part: number): string => {
  const parts = String(sealed).split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0] = bytes[0]! ^ 1;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
};

describe('EncryptedTokenStore', () => {
  it('the wrapped store holds no plaintext secret; version, expiry and non-secret fields stay readable', async () => {
    const path = join(directory, `${randomUUID()}.json`);
    const inner = new FileTokenStore({ path });
    const store = new EncryptedTokenStore({ store: inner, keys: { k1 }, currentKeyId: 'k1' });
    const token = fullToken(3);
    await store.set('k', token);
    const raw = await inner.get('k');
    expect(raw?.accessToken).toMatch(/^aw1\.k1\./);
    expect(raw?.refreshToken).toMatch(/^aw1\.k1\./);
    expect(raw?.idToken).toMatch(/^aw1\.k1\./);
    expect(raw).toMatchObject({ version: 3, expiresAt: token.expiresAt, tokenType: 'Bearer', scope: token.scope, extra: token.extra });
    const onDisk = readFileSync(path, 'utf8');
    for (const secret of [token.accessToken, token.refreshToken!, token.idToken!]) expect(onDisk).not.toContain(secret);
    expect(await store.get('k')).toEqual(token);
  });

  it('after a key rotation, records written with the old key stay readable and new writes use the new key', async () => {
    const inner = new MemoryTokenStore();
    await new EncryptedTokenStore({ store: inner, keys: { k1 }, currentKeyId: 'k1' }).set('k', fullToken(1));
    const rotated = new EncryptedTokenStore({ store: inner, keys: { k1, k2 }, currentKeyId: 'k2' });
    expect(await rotated.get('k')).toEqual(fullToken(1));
    expect(await rotated.set('k', fullToken(2), { ifVersion: 1 })).toBe(true);
    expect((await inner.get('k'))?.accessToken).toMatch(/^aw1\.k2\./);
    expect(await new EncryptedTokenStore({ store: inner, keys: { k2 }, currentKeyId: 'k2' }).get('k')).toEqual(fullToken(2));
  });

  it('a record encrypted with a key that is no longer configured is an ERR_AUTH_STORE naming the key id', async () => {
    const inner = new MemoryTokenStore();
    await new EncryptedTokenStore({ store: inner, keys: { k1 }, currentKeyId: 'k1' }).set('k', fullToken(1));
    const error: unknown = await new EncryptedTokenStore({ store: inner, keys: { k2 }, currentKeyId: 'k2' }).get('k').catch((caught: unknown) => caught);
    expect(isAuthError(error, 'ERR_AUTH_STORE')).toBe(true);
    expect(error).toMatchObject({ details: { keyId: 'k1', field: 'accessToken' } });
  });

  it.each([
    ['a flipped ciphertext bit', (record: Record<string, unknown>) => (record.accessToken = flip(record.accessToken, 3))],
    ['a flipped tag bit', (record: Record<string, unknown>) => (record.refreshToken = flip(record.refreshToken, 4))],
    ['a flipped IV bit', (record: Record<string, unknown>) => (record.idToken = flip(record.idToken, 2))],
    ['the key id changed to another configured key', (record: Record<string, unknown>) => (record.accessToken = String(record.accessToken).replace('aw1.k1.', 'aw1.k2.'))],
    ['the refresh token moved into the access token field', (record: Record<string, unknown>) => (record.accessToken = record.refreshToken)],
    ['a plaintext access token', (record: Record<string, unknown>) => (record.accessToken = 'injected-plaintext')],
    ['a truncated value', (record: Record<string, unknown>) => (record.accessToken = String(record.accessToken).split('.').slice(0, 4).join('.'))],
  ])('a tampered record (%s) rejects with ERR_AUTH_STORE, without the secret in the error', async (_, tamper) => {
    const inner = new MemoryTokenStore();
    const store = new EncryptedTokenStore({ store: inner, keys: { k1, k2 }, currentKeyId: 'k1' });
    await store.set('k', fullToken(1));
    await rawAccess(inner, 'k').write(tamper);
    const error: unknown = await store.get('k').catch((caught: unknown) => caught);
    expect(isAuthError(error, 'ERR_AUTH_STORE')).toBe(true);
    const shown = `${inspect(error)} ${JSON.stringify(error)}`;
    expect(shown).not.toMatch(/access-token|refresh-token|injected-plaintext/);
  });

  it('a record copied to another key does not decrypt there', async () => {
    const inner = new MemoryTokenStore();
    const store = new EncryptedTokenStore({ store: inner, keys: { k1 }, currentKeyId: 'k1' });
    await store.set('alice', fullToken(1));
    await inner.set('mallory', (await inner.get('alice'))!);
    await expect(store.get('mallory')).rejects.toMatchObject({ code: 'ERR_AUTH_STORE' });
  });

  it("passes the wrapped store's lock through, and has none when the wrapped store has none", async () => {
    const inner = new MemoryTokenStore();
    const store = new EncryptedTokenStore({ store: inner, keys: { k1 }, currentKeyId: 'k1' });
    const held = await store.lock?.('k', 60_000);
    expect(held).toBeDefined();
    expect(await inner.lock('k', 60_000)).toBeUndefined();
    await held?.release();

    const lockless: TokenStore = { get: (key) => inner.get(key), set: (key, token, options) => inner.set(key, token, options), delete: (key) => inner.delete(key) };
    expect(new EncryptedTokenStore({ store: lockless, keys: { k1 }, currentKeyId: 'k1' }).lock).toBeUndefined();
  });

  it('accepts base64 and base64url keys; rejects wrong sizes, bad key ids and an unknown currentKeyId', () => {
    const store = new MemoryTokenStore();
    expect(() => new EncryptedTokenStore({ store, keys: { a: k1.toString('base64'), b: k2.toString('base64url') }, currentKeyId: 'b' })).not.toThrow();
    const bad = (options: Partial<ConstructorParameters<typeof EncryptedTokenStore>[0]>) => () =>
      new EncryptedTokenStore({ store, keys: { k1 }, currentKeyId: 'k1', ...options });
    expect(bad({ keys: { k1: randomBytes(31) } })).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG', message: expect.stringContaining('keys.k1') }));
    expect(bad({ keys: { k1: 'not base64!' } })).toThrow(/32-byte/);
    expect(bad({ keys: { 'k.1': k1 }, currentKeyId: 'k.1' })).toThrow(/key ids/);
    expect(bad({ currentKeyId: 'k9' })).toThrow(/currentKeyId/);
    expect(bad({ store: {} as TokenStore })).toThrow(/store/);
  });

  it('never shows key material or tokens in util.inspect, JSON or config errors', async () => {
    const store = new EncryptedTokenStore({ store: new MemoryTokenStore(), keys: { k1, k2 }, currentKeyId: 'k2' });
    await store.set('k', fullToken(1));
    const shown = `${inspect(store, { showHidden: true, depth: 10 })} ${JSON.stringify(store)}`;
    for (const secret of [k1.toString('hex'), k1.toString('base64'), k2.toString('base64'), 'access-token', 'refresh-token']) expect(shown).not.toContain(secret);
    expect(shown).toContain('k2');
    const shortKey = randomBytes(16).toString('base64');
    const error: unknown = (() => {
      try {
        return new EncryptedTokenStore({ store: new MemoryTokenStore(), keys: { k1: shortKey }, currentKeyId: 'k1' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(`${inspect(error)} ${JSON.stringify(error)}`).not.toContain(shortKey);
  });
});
