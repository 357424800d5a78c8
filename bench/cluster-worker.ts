// One worker of bench/cluster: an oauth2Auth on the shared store (or its own memory store),
// sending a steady paced load through one adapter until told the time is up. Reports over IPC.
import { subscribe } from 'node:diagnostics_channel';
import { Cluster, Redis } from 'ioredis';
import { FileTokenStore, MemoryTokenStore, oauth2Auth, tokenChannelNames, type TokenRequestStartMessage, type TokenStore } from '../src/index.js';
import { RedisTokenStore } from '../src/stores/redis.js';
import { authwireSender, clientNames, installTransport } from './lib/clients.js';
import { paced } from './lib/load.js';
import { summarize, type LatencySummary } from './lib/stats.js';

export type StoreMode = 'redis' | 'redis-cluster' | 'file' | 'memory';

export interface WorkerConfig {
  readonly index: number;
  readonly mode: StoreMode;
  readonly redisUrl?: string;
  /** The primaries of the Redis Cluster (mode `redis-cluster`). */
  readonly redisClusterNodes?: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  readonly redisPrefix?: string;
  readonly filePath?: string;
  readonly tokenUrl: string;
  readonly apiUrl: string;
  readonly durationMs: number;
  readonly ratePerSecond: number;
  readonly maxInFlight: number;
}

export interface WorkerReport {
  readonly index: number;
  readonly client: string;
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly skipped: number;
  readonly latencyMs: LatencySummary;
  /** Token requests this process sent, by reason. */
  readonly tokenRequests: Readonly<Record<string, number>>;
  /** Failed token requests (or store writes) by code. */
  readonly tokenErrors: Readonly<Record<string, number>>;
}

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
const client = clientNames[config.index % clientNames.length] ?? 'fetch';

const tokenRequests: Record<string, number> = {};
const tokenErrors: Record<string, number> = {};
subscribe(tokenChannelNames.start, (message) => {
  const { reason } = message as TokenRequestStartMessage;
  tokenRequests[reason] = (tokenRequests[reason] ?? 0) + 1;
});

let redis: Redis | Cluster | undefined;
let store: TokenStore;
switch (config.mode) {
  case 'redis':
    redis = new Redis(config.redisUrl ?? '', { lazyConnect: false, maxRetriesPerRequest: 2 });
    store = new RedisTokenStore({ client: redis, ...(config.redisPrefix === undefined ? {} : { prefix: config.redisPrefix }) });
    break;
  case 'redis-cluster':
    redis = new Cluster([...(config.redisClusterNodes ?? [])], { redisOptions: { maxRetriesPerRequest: 2 } });
    store = new RedisTokenStore({ client: redis, ...(config.redisPrefix === undefined ? {} : { prefix: config.redisPrefix }) });
    break;
  case 'file':
    store = new FileTokenStore({ path: config.filePath ?? '' });
    break;
  case 'memory':
    store = new MemoryTokenStore();
    break;
  default:
    throw new Error(`unknown store mode ${String(config.mode satisfies never)}`);
}

const auth = oauth2Auth({
  grant: 'client_credentials', tokenUrl: config.tokenUrl, clientId: 'bench-cluster', clientSecret: 'bench-cluster-secret', store,
  onError: ({ error }) => {
    tokenErrors[error.code] = (tokenErrors[error.code] ?? 0) + 1;
  },
});
const transport = installTransport(Math.max(4, config.maxInFlight));
const sender = authwireSender(client, config.apiUrl, transport, auth);

process.once('message', () => {
  void (async () => {
    const record = await paced(sender.send, { ratePerSecond: config.ratePerSecond, durationMs: config.durationMs, maxInFlight: config.maxInFlight });
    await auth.close();
    await transport.close();
    redis?.disconnect();
    const report: WorkerReport = {
      index: config.index, client, sent: record.latencies.length, ok: record.ok, failed: record.failed,
      errors: { ...record.errors, ...Object.fromEntries(Object.entries(record.statuses).map(([status, count]) => [`HTTP ${status}`, count])) },
      skipped: record.skipped, latencyMs: summarize(record.latencies), tokenRequests, tokenErrors,
    };
    process.send?.({ report }, () => process.disconnect());
  })();
});
process.send?.({ ready: true });
