// Where RedisTokenStore keeps a key's record and lease. Redis Cluster hashes a key by its hash
// tag (the text between the first `{` and the next `}`, when not empty) or else by the whole
// key; the lease is named so that it hashes like the record, so a script may touch both.
import { invalidConfig } from '../errors.js';

/**
 * The part of `key` that Redis Cluster hashes to pick its slot: the hash tag when `key` has one,
 * else the whole key.
 *
 * @example
 * ```ts
 * hashedPart('app:{tenant-1}:token'); // 'tenant-1'
 * hashedPart('app:token:k'); // 'app:token:k'
 * ```
 */
export function hashedPart(key: string): string {
  const open = key.indexOf('{');
  if (open === -1) return key;
  const close = key.indexOf('}', open + 1);
  return close === -1 || close === open + 1 ? key : key.slice(open + 1, close);
}

/**
 * Checks a key prefix: a `{` in it must open a non-empty hash tag closed within the prefix, so
 * that a record and its lease (which differ only after the prefix) hash alike.
 *
 * @example
 * ```ts
 * checkPrefix('{my-app}:auth:'); // fine: every key of this store in one slot
 * checkPrefix('my-app{'); // throws ERR_AUTH_INVALID_CONFIG
 * ```
 */
export function checkPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string') throw invalidConfig('RedisTokenStore.prefix', 'a string');
  const open = prefix.indexOf('{');
  if (open !== -1) {
    const close = prefix.indexOf('}', open + 1);
    if (close === -1 || close === open + 1) {
      throw invalidConfig('RedisTokenStore.prefix', 'no `{`, or a complete non-empty Redis hash tag such as `{my-app}:`');
    }
  }
  return prefix;
}

/**
 * The record key of `key`: `<prefix>token:<key>`.
 *
 * @example
 * ```ts
 * recordKeyOf('authwire:', 'k'); // 'authwire:token:k'
 * ```
 */
export function recordKeyOf(prefix: string, key: string): string {
  return `${prefix}token:${key}`;
}

/**
 * The lease key of `key`, in the record's hash slot: `<prefix>lock:{<prefix>token:<key>}` (its
 * hash tag is the record key, which Cluster hashes whole). When the record key has a hash tag of
 * its own (from the prefix or the key), `<prefix>lock:<key>` already has the same tag. A record
 * key with a `}` but no tag cannot be a tag's text: its lease is `<prefix>lock:<key>`, in
 * another slot (the store still works: each script touches one key).
 *
 * @example
 * ```ts
 * lockKeyOf('authwire:', 'k'); // 'authwire:lock:{authwire:token:k}'
 * lockKeyOf('{app}:', 'k'); // '{app}:lock:k'
 * ```
 */
export function lockKeyOf(prefix: string, key: string): string {
  const record = recordKeyOf(prefix, key);
  if (hashedPart(record) !== record || record.includes('}')) return `${prefix}lock:${key}`;
  return `${prefix}lock:{${record}}`;
}
