/**
 * `authwire/redis`: a {@link TokenStore} on Redis, shared by processes and hosts.
 *
 * @module authwire/redis
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { AuthError, invalidConfig } from '../errors.js';
import { checkIfVersion, checkLeaseMs, checkTokenToWrite, parseStoredToken, sanitizeCause } from './record.js';
import { fromIoRedis, isScriptRunner, luaScript, type IoRedisLike, type RedisScriptRunner } from './redis-client.js';
import { checkPrefix, lockKeyOf, recordKeyOf } from './redis-keys.js';
import { redisRecordTtlMs, type RecordTtlOptions } from './redis-ttl.js';
import type { StoredToken, TokenStore, TokenStoreLock, TokenStoreSetOptions } from './token-store.js';
import { checkOptionNames, optionNames } from '../validate/option-names.js';

export { fromIoRedis, fromNodeRedis } from './redis-client.js';
export type { IoRedisLike, IoRedisNodeLike, NodeRedisLike, RedisLuaScript, RedisScriptRunner } from './redis-client.js';
export { MAX_RECORD_TTL_MS, MIN_RECORD_TTL_MS } from './redis-ttl.js';
export type { RecordTtlOptions } from './redis-ttl.js';

/**
 * Options of {@link RedisTokenStore}.
 *
 * @example
 * ```ts
 * const options: RedisTokenStoreOptions = { client: new Redis(process.env.REDIS_URL ?? ''), prefix: 'my-app:auth:', refreshTokenTtlMs: 90 * 24 * 3_600_000 };
 * const store = new RedisTokenStore(options);
 * ```
 */
export interface RedisTokenStoreOptions {
  /** A connected ioredis client (used as is), or a {@link RedisScriptRunner} such as `fromNodeRedis(client)`. */
  readonly client: IoRedisLike | RedisScriptRunner;
  /**
   * Put before every key: records at `<prefix>token:<key>`, leases in the record's Redis Cluster
   * hash slot at `<prefix>lock:{<prefix>token:<key>}`. A `{` in the prefix must open a complete
   * hash tag (`{my-app}:`, which puts every key of the store in one slot). Default `authwire:`.
   */
  readonly prefix?: string;
  /**
   * How long a record that holds a refresh token is kept after its access token expired (the
   * TTL starts again with each write). Set it to at least your server's refresh-token lifetime.
   * Default 30 days.
   */
  readonly refreshTokenTtlMs?: number;
  /** The access token's lifetime assumed for a record without `expiresAt`. Default 1 day. */
  readonly defaultTtlMs?: number;
  /**
   * A call that Redis has not answered after this long rejects with `ERR_AUTH_STORE` (a client
   * that queues commands while disconnected would otherwise hold the caller). Default 5 000 ms.
   */
  readonly timeoutMs?: number;
  /**
   * Confirm every write (a new token, a lease) on this many replicas with `WAIT` before it counts,
   * so that a failover to a replica cannot lose a rotated refresh token or hand a held lease to
   * a second process. A write that `replicaTimeoutMs` did not see confirmed rejects with
   * `ERR_AUTH_STORE`: the token manager then keeps the new token (and its lease) unused, the
   * request fails, and the token is written again in the background and by the next call. The
   * lease must outlast a failover for that to hold (docs/stores/redis.md). Without it (the
   * default), a failover can lose the last writes before it: see the failure table in
   * docs/stores.md.
   *
   * Needs an ioredis client (`Redis`, with or without `sentinels`, or `Cluster`) or a
   * {@link RedisScriptRunner} with `waitForReplicas`.
   *
   * @example
   * ```ts
   * const store = new RedisTokenStore({ client: new Redis({ sentinels, name: 'tokens' }), replicas: 1 });
   * ```
   */
  readonly replicas?: number;
  /** How long `WAIT` waits for the `replicas` to confirm a write. Default 1 000 ms. */
  readonly replicaTimeoutMs?: number;
}

const GET = luaScript("return redis.call('HGET', KEYS[1], 'token')");
// ARGV: expected version ('' = unconditional), new version, token JSON, TTL ms.
const SET = luaScript(`if ARGV[1] ~= '' then
  local current = tonumber(redis.call('HGET', KEYS[1], 'version')) or 0
  if current ~= tonumber(ARGV[1]) then return 0 end
end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'token', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`);
const DELETE = luaScript("return redis.call('DEL', KEYS[1])");
const LOCK = luaScript(`if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`);
const HELD = luaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return 1 end
return 0`);
const UNLOCK = luaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

const DAY_MS = 24 * 60 * 60 * 1000;

const optionNamesOf = optionNames<RedisTokenStoreOptions>()(['client', 'prefix', 'refreshTokenTtlMs', 'defaultTtlMs', 'timeoutMs', 'replicas', 'replicaTimeoutMs']);

/**
 * Keeps tokens in Redis for processes on any number of hosts. Each record is a hash
 * (`version`, `token`) written by a Lua compare-and-set, so `set` with `ifVersion` is atomic;
 * `lock` is `SET <lease key> <random owner> NX PX <ttl>`, released by a Lua
 * compare-and-delete, so a holder whose lease ran out cannot release another's lock; the lock's
 * `held()` compares the owner. The lease
 * key is in the record's Redis Cluster hash slot, and each script touches only the key it is
 * given. Records expire (always a finite, positive TTL): see {@link RecordTtlOptions}. Failures
 * reject with `ERR_AUTH_STORE`; the error's cause keeps only the client error's name and message.
 *
 * Works with an ioredis client as is (one Redis, `sentinels`, or a `Cluster`), with node-redis
 * through {@link fromNodeRedis}, and with any other client through a {@link RedisScriptRunner}.
 * With `replicas`, writes are confirmed on replicas with `WAIT` (see
 * {@link RedisTokenStoreOptions.replicas}).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { RedisTokenStore } from 'authwire/redis';
 * const store = new RedisTokenStore({ client: new Redis(process.env.REDIS_URL!), prefix: 'my-app:auth:' });
 * ```
 */
export class RedisTokenStore implements TokenStore {
  readonly #runner: RedisScriptRunner;
  readonly #prefix: string;
  readonly #ttl: RecordTtlOptions;
  readonly #timeoutMs: number;
  readonly #replicas: number;
  readonly #replicaTimeoutMs: number;

  /** @param options - the client, key prefix, TTLs, timeout and replicas to confirm writes */
  constructor(options: RedisTokenStoreOptions) {
    checkOptionNames(options, optionNamesOf, 'RedisTokenStore');
    const {
      client, prefix = 'authwire:', refreshTokenTtlMs = 30 * DAY_MS, defaultTtlMs = DAY_MS, timeoutMs = 5_000, replicas = 0, replicaTimeoutMs = 1_000,
    } = (options ?? {}) as Partial<RedisTokenStoreOptions>;
    if (typeof client !== 'object' || client === null) throw invalidConfig('RedisTokenStore.client', 'an ioredis client or a RedisScriptRunner such as fromNodeRedis(client)');
    if (!isScriptRunner(client) && (typeof client.eval !== 'function' || typeof client.evalsha !== 'function')) {
      throw invalidConfig('RedisTokenStore.client', 'an ioredis client (eval, evalsha) or a RedisScriptRunner; wrap a node-redis client with fromNodeRedis(client)');
    }
    checkPrefix(prefix);
    for (const [field, value] of Object.entries({ refreshTokenTtlMs, defaultTtlMs, timeoutMs, replicaTimeoutMs })) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalidConfig(`RedisTokenStore.${field}`, 'a positive finite number of milliseconds');
    }
    if (typeof replicas !== 'number' || !Number.isSafeInteger(replicas) || replicas < 0) throw invalidConfig('RedisTokenStore.replicas', 'a whole number of replicas (0 or more)');
    const runner = isScriptRunner(client) ? client : fromIoRedis(client);
    if (replicas > 0 && typeof runner.waitForReplicas !== 'function') {
      throw invalidConfig('RedisTokenStore.client', 'with replicas, an ioredis client or a RedisScriptRunner with waitForReplicas');
    }
    this.#runner = runner;
    this.#prefix = prefix;
    this.#ttl = { refreshTokenTtlMs, defaultTtlMs };
    this.#timeoutMs = timeoutMs;
    this.#replicas = replicas;
    this.#replicaTimeoutMs = replicaTimeoutMs;
  }

  /** The Redis key that holds the record of `key` (a hash with `version` and `token`). */
  recordKey(key: string): string {
    return recordKeyOf(this.#prefix, key);
  }

  /** The Redis key that holds the lease of `key`, in the record's hash slot. */
  lockKey(key: string): string {
    return lockKeyOf(this.#prefix, key);
  }

  /** Reads the record; rejects with `ERR_AUTH_STORE` if it is not a valid token record. */
  async get(key: string): Promise<StoredToken | undefined> {
    const reply = await this.#run('get', GET, this.recordKey(key), []);
    if (reply === null || reply === undefined) return undefined;
    const text = typeof reply === 'string' ? reply : Buffer.isBuffer(reply) ? reply.toString('utf8') : undefined;
    let value: unknown;
    try {
      value = text === undefined ? undefined : JSON.parse(text);
    } catch {
      value = undefined;
    }
    const token = parseStoredToken(value);
    if (token === undefined) throw new AuthError('ERR_AUTH_STORE', 'RedisTokenStore.get: the stored record is not a valid token record; delete the key to start over', { details: { operation: 'get' } });
    return token;
  }

  /** Writes the record with a TTL; with `ifVersion`, atomically, only if the stored version (0 when absent) equals it. */
  async set(key: string, token: StoredToken, options?: TokenStoreSetOptions): Promise<boolean> {
    const record = checkTokenToWrite(token, 'RedisTokenStore.set');
    const ifVersion = checkIfVersion(options?.ifVersion, 'RedisTokenStore.set');
    const ttl = redisRecordTtlMs(record, Date.now(), this.#ttl);
    const args = [ifVersion === undefined ? '' : String(ifVersion), String(record.version), JSON.stringify(record), String(ttl)];
    const recordKey = this.recordKey(key);
    const written = Number(await this.#run('set', SET, recordKey, args)) === 1;
    // Also after a lost compare-and-set: a retry of a write whose confirmation failed loses it
    // to its own first attempt, which must be on the replicas before the caller adopts it.
    await this.#confirm('set', recordKey);
    return written;
  }

  /** Deletes the record. */
  async delete(key: string): Promise<void> {
    await this.#run('delete', DELETE, this.recordKey(key), []);
  }

  /**
   * `SET NX PX` with a random owner; the returned lock's release is a compare-and-delete, and its
   * `held()` compares the lease key's value with the owner (one round trip: the key is gone once
   * the lease ran out, and holds another owner once someone else took it).
   */
  async lock(key: string, ttlMs: number): Promise<TokenStoreLock | undefined> {
    const leaseMs = checkLeaseMs(ttlMs, 'RedisTokenStore.lock');
    const owner = randomBytes(16).toString('hex');
    const lockKey = this.lockKey(key);
    let taken: unknown;
    try {
      taken = await this.#run('lock', LOCK, lockKey, [owner, String(leaseMs)]);
    } catch (error) {
      // The client may still send the queued SET NX once Redis is back (ioredis' offline queue),
      // leaving a lease nobody holds. Queue the owner-checked release right behind it.
      this.#run('release', UNLOCK, lockKey, [owner]).catch(() => undefined);
      throw error;
    }
    if (Number(taken) !== 1) return undefined;
    try {
      await this.#confirm('lock', lockKey);
    } catch (error) {
      this.#run('release', UNLOCK, lockKey, [owner]).catch(() => undefined);
      throw error;
    }
    let released = false;
    return {
      // A release that failed (Redis away) can be called again: the compare-and-delete only
      // removes the lease while it is still this owner's.
      release: async () => {
        if (released) return;
        await this.#run('release', UNLOCK, lockKey, [owner]);
        released = true;
      },
      held: async () => !released && Number(await this.#run('held', HELD, lockKey, [owner])) === 1,
    };
  }

  /** Shows the prefix only (never the client, whose options may hold a password). */
  [inspect.custom](): string {
    return `RedisTokenStore { prefix: ${JSON.stringify(this.#prefix)} }`;
  }


  /** With `replicas`: `WAIT` until that many replicas have every write of this connection, else `ERR_AUTH_STORE`. */
  async #confirm(operation: string, redisKey: string): Promise<void> {
    const replicas = this.#replicas;
    if (replicas === 0) return;
    const waitMs = this.#replicaTimeoutMs;
    const confirmed = Number(await this.#call(operation, this.#timeoutMs + waitMs, () => this.#runner.waitForReplicas?.(redisKey, replicas, waitMs)));
    if (confirmed >= replicas) return;
    throw new AuthError('ERR_AUTH_STORE', `RedisTokenStore.${operation}: ${confirmed} of ${replicas} replicas confirmed the write within ${waitMs} ms`, {
      details: { operation, replicas, confirmed },
    });
  }

  #run(operation: string, script: typeof GET, redisKey: string, args: string[]): Promise<unknown> {
    return this.#call(operation, this.#timeoutMs, () => this.#runner.runScript(script, [redisKey], args));
  }

  #call(operation: string, timeoutMs: number, send: () => Promise<unknown> | undefined): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new AuthError('ERR_AUTH_STORE', `RedisTokenStore.${operation}: Redis did not answer within ${timeoutMs} ms`, { details: { operation } }));
      }, timeoutMs); // referenced: the caller awaits this command
      let call: Promise<unknown>;
      try {
        call = Promise.resolve(send());
      } catch (error) {
        call = Promise.reject(error);
      }
      call.then(
        (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(new AuthError('ERR_AUTH_STORE', `RedisTokenStore.${operation} failed`, { cause: sanitizeCause(error), details: { operation } }));
        },
      );
    });
  }
}
