// Where the chaos workers keep their shared token (one Redis, Sentinel, Redis Cluster, PostgreSQL
// or one token file), and how the parent reads it past any fault. The servers come from
// test/servers/; nothing here starts one. No test framework here: bench/chaos.ts uses it too.
import { randomUUID } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import pg from 'pg';
import { FileTokenStore } from '../../src/stores/file.js';
import { PostgresTokenStore } from '../../src/stores/postgres.js';
import { RedisTokenStore } from '../../src/stores/redis.js';
import type { PostgresServer } from '../servers/postgres.js';
import type { RedisClusterServer } from '../servers/redis-cluster.js';
import { SENTINEL_NAME, type RedisSentinelServer } from '../servers/redis-sentinel.js';
import type { WorkerStoreConfig } from './fixtures/protocol.js';

/** Where the workers' store is, and how the parent reads it. */
export interface ChaosStore {
  /** What the table of results calls it: `redis`, `file`, `sentinel`, `cluster`, `postgres`. */
  readonly name: string;
  /** The store worker `index` opens. */
  worker(index: number): WorkerStoreConfig;
  /** The refresh token stored under `prefix` and `key` (read past any proxy). */
  read(prefix: string, key: string): Promise<string | undefined>;
  /** RedisTokenStore `replicas` of the workers (0: none). */
  readonly replicas: number;
  /** Ends the parent's own connections. */
  close(): Promise<void>;
}

/** One Redis, read directly; workers may go through proxies (`url(index)`). */
export function redisStore(directUrl: string, url: (index: number) => string = () => directUrl): ChaosStore {
  return {
    name: 'redis',
    worker: (index) => ({ kind: 'redis', url: url(index) }),
    read: (prefix, key) => readOnce(new Redis(directUrl, { maxRetriesPerRequest: 1 }), prefix, key),
    replicas: 0,
    close: async () => undefined,
  };
}

/** One token file for the case (FileTokenStore): give each case its own path. */
export function fileStore(path: string): ChaosStore {
  return {
    name: 'file',
    worker: () => ({ kind: 'file', path }),
    read: async (_prefix, key) => (await new FileTokenStore({ path }).get(key))?.refreshToken,
    replicas: 0,
    close: async () => undefined,
  };
}

/** A primary, its replica and Sentinels; the workers' stores confirm on `replicas` replicas (default 1). */
export function sentinelStore(servers: RedisSentinelServer, replicas = 1): ChaosStore {
  const sentinels = servers.sentinels.map(({ host, port }) => ({ host, port }));
  return {
    name: replicas === 0 ? 'sentinel' : `sentinel, replicas: ${replicas}`,
    worker: () => ({ kind: 'sentinel', sentinels, name: SENTINEL_NAME }),
    read: (prefix, key) => readOnce(new Redis({ sentinels, name: SENTINEL_NAME, maxRetriesPerRequest: 1 }), prefix, key),
    replicas,
    close: async () => undefined,
  };
}

/** A Redis Cluster through ioredis `Cluster`, read by one Cluster client of the parent's (it follows MOVED and ASK too). */
export function clusterStore(cluster: RedisClusterServer): ChaosStore {
  const nodes = cluster.nodes.map(({ host, port }) => ({ host, port }));
  let client: Cluster | undefined;
  return {
    name: 'cluster',
    worker: () => ({ kind: 'cluster', nodes }),
    read: async (prefix, key) => {
      if (client === undefined) {
        client = new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
        client.on('error', () => undefined);
      }
      return (await new RedisTokenStore({ client, prefix }).get(key))?.refreshToken;
    },
    replicas: 0,
    close: async () => {
      client?.disconnect();
    },
  };
}

/** PostgreSQL: a table of its own for the case, made by the migration as a deployment would. */
export async function postgresStore(server: PostgresServer): Promise<ChaosStore> {
  const table = `chaos_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const pool = new pg.Pool({ connectionString: server.url, max: 2, connectionTimeoutMillis: 2_000 });
  pool.on('error', () => undefined); // connections ended by a restart on purpose
  const store = new PostgresTokenStore({ client: pool, table, timeoutMs: 2_000 });
  await store.migrate();
  return {
    name: 'postgres',
    worker: () => ({ kind: 'postgres', url: server.url, table }),
    // The prefix namespaces Redis keys; a Postgres table is the case's own.
    read: async (_prefix, key) => (await store.get(key))?.refreshToken,
    replicas: 0,
    close: () => pool.end(),
  };
}

async function readOnce(client: Redis, prefix: string, key: string): Promise<string | undefined> {
  client.on('error', () => undefined);
  try {
    return (await new RedisTokenStore({ client, prefix }).get(key))?.refreshToken;
  } finally {
    client.disconnect();
  }
}
