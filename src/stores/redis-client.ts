// The little RedisTokenStore needs from a Redis client: run a Lua script by SHA1, falling back
// to sending its source when the server does not have it cached (NOSCRIPT). Every operation of
// the store is one script, so any client that can EVAL works through a RedisScriptRunner.
import { createHash } from 'node:crypto';

/**
 * A Lua script and its SHA1 (for `EVALSHA`).
 *
 * @example
 * ```ts
 * const script: RedisLuaScript = luaScript("return redis.call('GET', KEYS[1])"); // { source, sha1 }
 * ```
 */
export interface RedisLuaScript {
  /** The Lua source. */
  readonly source: string;
  /** The SHA1 of `source`, hex. */
  readonly sha1: string;
}

/**
 * Runs one of the store's Lua scripts. Implement it to use a Redis client authwire does not
 * know; {@link fromNodeRedis} is one for node-redis.
 *
 * @example
 * ```ts
 * const runner: RedisScriptRunner = {
 *   runScript: (script, keys, args) => myClient.eval(script.source, keys, args),
 * };
 * const store = new RedisTokenStore({ client: runner });
 * ```
 */
export interface RedisScriptRunner {
  /** Runs `script` with `keys` (`KEYS`) and `args` (`ARGV`) and resolves with its reply. */
  runScript(script: RedisLuaScript, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  /**
   * Sends `WAIT replicas timeoutMs` on the connection that ran the last script on `key` (on a
   * cluster: the primary of its slot) and resolves with the number of replicas that confirmed.
   * Needed only for the store's `replicas` option.
   */
  waitForReplicas?(key: string, replicas: number, timeoutMs: number): Promise<number>;
}

/**
 * The methods of an ioredis client (`Redis` or `Cluster`, ioredis 5 or 6) that the store
 * calls. An ioredis client satisfies it as is.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const client: IoRedisLike = new Redis(process.env.REDIS_URL!);
 * ```
 */
export interface IoRedisLike {
  /** `EVAL script numkeys key... arg...` */
  eval(script: string, numkeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  /** `EVALSHA sha1 numkeys key... arg...` */
  evalsha(sha1: string, numkeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  /** `WAIT numreplicas timeout` (the store's `replicas` option). */
  wait?(numreplicas: number, timeout: number): Promise<number>;
  /** The connection (an ioredis `Redis` replaces it on each reconnect). */
  readonly stream?: unknown;
  /** `true` on an ioredis `Cluster`. */
  readonly isCluster?: boolean;
  /** ioredis `Cluster`: the `host:port` of each slot's nodes, primary first. */
  readonly slots?: ReadonlyArray<readonly string[] | undefined>;
  /** ioredis `Cluster`: the client of each primary. */
  nodes?(role: 'master'): IoRedisNodeLike[];
  /** Any command (`CLUSTER KEYSLOT key`, to find a key's primary). */
  call?(command: string, ...args: string[]): Promise<unknown>;
}

/**
 * A node of an ioredis `Cluster` (an ioredis `Redis`), as {@link fromIoRedis} sees it.
 *
 * @example
 * ```ts
 * const primaries: IoRedisNodeLike[] = cluster.nodes('master');
 * ```
 */
export interface IoRedisNodeLike {
  /** `WAIT numreplicas timeout` */
  wait?(numreplicas: number, timeout: number): Promise<number>;
  /** The connection (replaced on each reconnect). */
  readonly stream?: unknown;
  /** Where the node listens, as in the cluster's slot table (`host:port`). */
  readonly options?: {
    /** The node's host. */
    readonly host?: string | undefined;
    /** The node's port. */
    readonly port?: number | undefined;
  };
}

/**
 * The methods of a node-redis client (`createClient()` or `createCluster()`, node-redis 4 to
 * 6) that {@link fromNodeRedis} calls.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client: NodeRedisLike = await createClient({ url: process.env.REDIS_URL }).connect();
 * ```
 */
export interface NodeRedisLike {
  /** `EVAL` with `{ keys, arguments }`. */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /** `EVALSHA` with `{ keys, arguments }`. */
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/**
 * Adapts a connected node-redis client for {@link RedisTokenStore}, whose `client` option
 * takes an ioredis client as is.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { RedisTokenStore, fromNodeRedis } from 'authwire/redis';
 * const client = await createClient({ url: process.env.REDIS_URL }).connect();
 * const store = new RedisTokenStore({ client: fromNodeRedis(client) });
 * ```
 */
export function fromNodeRedis(client: NodeRedisLike): RedisScriptRunner {
  return {
    runScript: (script, keys, args) => {
      const options = { keys: [...keys], arguments: [...args] };
      return withScriptFallback(
        () => client.evalSha(script.sha1, options),
        () => client.eval(script.source, options),
      );
    },
  };
}

/**
 * A {@link RedisScriptRunner} over an ioredis client (`EVALSHA`, then `EVAL` on `NOSCRIPT`).
 * `WAIT` goes to the client itself, or on a `Cluster` to the client of the primary that serves
 * the key's slot (ioredis sends a command without a key to any node).
 *
 * @example
 * ```ts
 * const runner = fromIoRedis(new Redis());
 * ```
 */
export function fromIoRedis(client: IoRedisLike): RedisScriptRunner {
  const slots = new Map<string, number>();
  // WAIT counts what this connection wrote. ioredis resends a command that a reconnect left
  // unanswered on the new connection, where a WAIT has nothing to wait for and confirms at
  // once: a WAIT is only believed when the script and the WAIT were answered on one connection.
  const answeredOn = new Map<string, unknown>();
  return {
    runScript: async (script, keys, args) => {
      const reply = await withScriptFallback(
        () => client.evalsha(script.sha1, keys.length, ...keys, ...args),
        () => client.eval(script.source, keys.length, ...keys, ...args),
      );
      const key = keys[0];
      if (key !== undefined && client.isCluster !== true) {
        if (answeredOn.size >= 10_000) answeredOn.clear();
        answeredOn.set(key, client.stream);
      }
      return reply;
    },
    waitForReplicas: async (key, replicas, timeoutMs) => {
      const target: IoRedisNodeLike = client.isCluster === true ? await clusterPrimaryOf(client, key, slots) : client;
      if (typeof target.wait !== 'function') throw new Error('the Redis client has no wait() method');
      const connection = client.isCluster === true ? target.stream : answeredOn.get(key);
      const confirmed = Number(await target.wait(replicas, timeoutMs));
      if (connection === undefined || target.stream !== connection) throw new Error('the connection to Redis changed before WAIT answered');
      return confirmed;
    },
  };
}

async function clusterPrimaryOf(cluster: IoRedisLike, key: string, slots: Map<string, number>): Promise<IoRedisNodeLike> {
  let slot = slots.get(key);
  if (slot === undefined) {
    if (typeof cluster.call !== 'function') throw new Error('the Redis Cluster client has no call() method');
    slot = Number(await cluster.call('CLUSTER', 'KEYSLOT', key));
    if (slots.size >= 10_000) slots.clear(); // a key's slot never changes; the map only saves a round trip
    slots.set(key, slot);
  }
  const primary = cluster.slots?.[slot]?.[0];
  const node = cluster.nodes?.('master').find((candidate) => `${candidate.options?.host ?? ''}:${candidate.options?.port ?? ''}` === primary);
  if (node === undefined) throw new Error(`no primary is known for slot ${slot}`);
  return node;
}

/**
 * Whether `client` is a {@link RedisScriptRunner} (rather than an ioredis client).
 *
 * @example
 * ```ts
 * const runner = isScriptRunner(client) ? client : fromIoRedis(client);
 * ```
 */
export function isScriptRunner(client: IoRedisLike | RedisScriptRunner): client is RedisScriptRunner {
  return typeof (client as Partial<RedisScriptRunner>).runScript === 'function';
}

/**
 * Makes a {@link RedisLuaScript} from its source.
 *
 * @example
 * ```ts
 * const get = luaScript("return redis.call('GET', KEYS[1])");
 * ```
 */
export function luaScript(source: string): RedisLuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

async function withScriptFallback(bySha: () => Promise<unknown>, bySource: () => Promise<unknown>): Promise<unknown> {
  try {
    return await bySha();
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('NOSCRIPT')) return bySource();
    throw error;
  }
}
