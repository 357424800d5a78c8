import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { AuthError, invalidConfig } from '../errors.js';
import { checkTokenToWrite } from './record.js';
import type { StoredToken, TokenStore, TokenStoreLock, TokenStoreSetOptions } from './token-store.js';
import { checkOptionNames, optionNames } from '../validate/option-names.js';

/**
 * Options of {@link EncryptedTokenStore}.
 *
 * @example
 * ```ts
 * const options: EncryptedTokenStoreOptions = {
 *   store: new FileTokenStore({ path: '/var/lib/my-app/tokens.json' }),
 *   keys: { '2025-06': process.env.TOKEN_KEY ?? '' }, // openssl rand -base64 32
 *   currentKeyId: '2025-06',
 * };
 * const store = new EncryptedTokenStore(options);
 * ```
 */
export interface EncryptedTokenStoreOptions {
  /** The store that keeps the encrypted records (file, Redis, memory, your own). */
  readonly store: TokenStore;
  /**
   * AES-256 keys by key id: 32 bytes each, as a `Uint8Array`/`Buffer` or a base64 (or
   * base64url) string. Key ids are 1-64 characters of `A-Z a-z 0-9 _ -`. Keep old keys here
   * after a rotation so records written with them stay readable.
   */
  readonly keys: Readonly<Record<string, Uint8Array | string>>;
  /** The key id that encrypts new writes; must be one of `keys`. */
  readonly currentKeyId: string;
}

const SECRET_FIELDS = ['accessToken', 'refreshToken', 'idToken', 'dpopKey'] as const;
type SecretField = (typeof SECRET_FIELDS)[number];
const PREFIX = 'aw1';
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const optionNamesOf = optionNames<EncryptedTokenStoreOptions>()(['store', 'keys', 'currentKeyId'], { keys: '' });

/**
 * Wraps any {@link TokenStore} and encrypts the secret fields of each record (access,
 * refresh and ID token, and the DPoP private key) with AES-256-GCM before they reach it. Each field carries the id of
 * the key that encrypted it, so after a rotation old records stay readable and new writes use
 * `currentKeyId`. The ciphertext is bound to the store key and the field name: a record that
 * was altered, moved to another key or encrypted with an unknown key makes `get` reject with
 * `ERR_AUTH_STORE`. `version`, `expiresAt`, `tokenType`, `scope`, `updatedAt` and `extra` stay
 * readable (the wrapped store needs them for compare-and-set and expiry). `lock` is the
 * wrapped store's.
 *
 * @example
 * ```ts
 * import { EncryptedTokenStore, FileTokenStore } from 'authwire';
 * const store = new EncryptedTokenStore({
 *   store: new FileTokenStore({ path: '/var/lib/app/tokens.json' }),
 *   keys: { '2025-06': process.env.TOKEN_KEY_2025_06!, '2025-01': process.env.TOKEN_KEY_2025_01! },
 *   currentKeyId: '2025-06',
 * });
 * ```
 */
export class EncryptedTokenStore implements TokenStore {
  /** The wrapped store's lock, present when it has one. */
  readonly lock?: (key: string, ttlMs: number) => Promise<TokenStoreLock | undefined>;
  readonly #store: TokenStore;
  readonly #keys: ReadonlyMap<string, KeyObject>;
  readonly #currentKeyId: string;
  readonly #currentKey: KeyObject;

  /** @param options - the wrapped store, the keys and the current key id */
  constructor(options: EncryptedTokenStoreOptions) {
    checkOptionNames(options, optionNamesOf, 'EncryptedTokenStore');
    const { store, keys, currentKeyId } = (options ?? {}) as Partial<EncryptedTokenStoreOptions>;
    if (typeof store !== 'object' || store === null || typeof store.get !== 'function' || typeof store.set !== 'function' || typeof store.delete !== 'function') {
      throw invalidConfig('EncryptedTokenStore.store', 'a TokenStore (get, set, delete)');
    }
    if (typeof keys !== 'object' || keys === null) throw invalidConfig('EncryptedTokenStore.keys', 'an object of key id to 32-byte key');
    const parsed = new Map<string, KeyObject>();
    for (const [id, key] of Object.entries(keys)) {
      if (!KEY_ID.test(id)) throw invalidConfig('EncryptedTokenStore.keys', 'key ids of 1-64 characters A-Z a-z 0-9 _ -');
      parsed.set(id, toKey(key, `EncryptedTokenStore.keys.${id}`));
    }
    const currentKey = typeof currentKeyId === 'string' ? parsed.get(currentKeyId) : undefined;
    if (currentKey === undefined || currentKeyId === undefined) throw invalidConfig('EncryptedTokenStore.currentKeyId', 'the id of one of keys');
    this.#store = store;
    this.#keys = parsed;
    this.#currentKeyId = currentKeyId;
    this.#currentKey = currentKey;
    const innerLock = store.lock;
    if (typeof innerLock === 'function') this.lock = (key, ttlMs) => innerLock.call(store, key, ttlMs);
  }

  /** Reads and decrypts; rejects with `ERR_AUTH_STORE` for a tampered or unreadable record. */
  async get(key: string): Promise<StoredToken | undefined> {
    const stored = await this.#store.get(key);
    if (stored === undefined) return undefined;
    const token: Record<string, unknown> = { ...stored };
    for (const field of SECRET_FIELDS) {
      const value = stored[field];
      if (value === undefined) continue;
      token[field] = this.#decrypt(value, key, field);
    }
    return token as unknown as StoredToken;
  }

  /** Encrypts with the current key and writes through (same `ifVersion` semantics). */
  async set(key: string, token: StoredToken, options?: TokenStoreSetOptions): Promise<boolean> {
    const record: Record<string, unknown> = { ...checkTokenToWrite(token, 'EncryptedTokenStore.set') };
    for (const field of SECRET_FIELDS) {
      const value = record[field];
      if (typeof value === 'string') record[field] = this.#encrypt(value, key, field);
    }
    return this.#store.set(key, record as unknown as StoredToken, options);
  }

  /** Deletes through. */
  async delete(key: string): Promise<void> {
    await this.#store.delete(key);
  }

  /** Shows the key ids and the wrapped store, never key material. */
  [inspect.custom](depth: number, options: object): string {
    const inner = depth < 0 ? '[TokenStore]' : inspect(this.#store, { ...options, depth: depth - 1 });
    return `EncryptedTokenStore { currentKeyId: ${JSON.stringify(this.#currentKeyId)}, keyIds: ${JSON.stringify([...this.#keys.keys()])}, store: ${inner} }`;
  }


  #encrypt(plaintext: string, storeKey: string, field: SecretField): string {
    const keyId = this.#currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#currentKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(keyId, storeKey, field));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [PREFIX, keyId, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  #decrypt(sealed: string, storeKey: string, field: SecretField): string {
    const parts = sealed.split('.');
    const [prefix, keyId, iv, ciphertext, tag] = parts;
    if (parts.length !== 5 || prefix !== PREFIX || keyId === undefined || iv === undefined || ciphertext === undefined || tag === undefined) {
      throw unreadable(field, 'is not an encrypted value (written without EncryptedTokenStore, or altered)');
    }
    const key = this.#keys.get(keyId);
    if (key === undefined) throw unreadable(field, `was encrypted with key id ${JSON.stringify(keyId)}, which is not in keys`, { keyId });
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw unreadable(field, 'failed authentication (tampered, or encrypted for another key)', { keyId });
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(keyId, storeKey, field));
      decipher.setAuthTag(tagBytes);
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw unreadable(field, 'failed authentication (tampered, or encrypted for another key)', { keyId });
    }
  }
}

function additionalData(keyId: string, storeKey: string, field: SecretField): Buffer {
  return Buffer.from(`${PREFIX}\0${keyId}\0${field}\0${storeKey}`, 'utf8');
}

function unreadable(field: SecretField, problem: string, details: { keyId?: string } = {}): AuthError {
  return new AuthError('ERR_AUTH_STORE', `EncryptedTokenStore: the stored ${field} ${problem}`, { details: { field, ...details } });
}

function toKey(value: unknown, field: string): KeyObject {
  let bytes: Buffer | undefined;
  if (value instanceof Uint8Array) bytes = Buffer.from(value);
  else if (typeof value === 'string' && /^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) bytes = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
  if (bytes === undefined || bytes.length !== 32) throw invalidConfig(field, 'a 32-byte key (Uint8Array, or base64 of 32 bytes)');
  const key = createSecretKey(bytes);
  bytes.fill(0);
  return key;
}
