// bench/cluster: 8 worker processes share one token through RedisTokenStore (on one Redis, and
// on a 3-primary Redis Cluster) and through FileTokenStore, 2-second tokens, steady load for
// --duration seconds (default 60): token requests per refresh and failed requests; then each
// process with its own memory store for contrast (about 8 token requests per refresh).
// --modes=redis-cluster runs only those rows and keeps the others of the last run.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startRedisCluster, type RedisClusterServer } from '../test/servers/redis-cluster.js';
import { findRedisServer, startRedis, type RedisServer } from '../test/servers/redis.js';
import { findProgram } from '../test/servers/requirement.js';
import { flags, numberFlag } from './lib/args.js';
import { currentLoad, environment, readResult, writeResult } from './lib/env.js';
import { forkServers, type RemoteServers } from './lib/server-process.js';
import { formatNumber, printTable, round } from './lib/stats.js';
import type { StoreMode, WorkerConfig, WorkerReport } from './cluster-worker.js';

const durationS = numberFlag('duration', 60);
const workers = numberFlag('workers', 8);
const ratePerWorker = numberFlag('rate', 50);
const lifetimeS = numberFlag('token-lifetime', 2);
const tokenDelayMs = numberFlag('token-delay', 50);
const allModes: readonly StoreMode[] = ['redis', 'redis-cluster', 'file', 'memory'];
const modesFlag = flags().get('modes');
const requestedModes = (modesFlag ?? allModes.join(',')).split(',') as StoreMode[];

export interface ClusterRow {
  readonly store: StoreMode;
  readonly workers: number;
  readonly durationS: number;
  readonly requests: number;
  readonly failed: number;
  /** 401 responses the API sent (each a request that saw a 401; authwire retries them once). */
  readonly unauthorized: number;
  readonly tokenRequests: number;
  /**
   * Refresh rounds seen at the token server: token requests grouped in time (a request more than
   * half a refresh cycle after the first of the current group starts a new one).
   */
  readonly refreshes: number;
  readonly tokenRequestsPerRefresh: number;
  /** The most token requests that arrived within any 250 ms (1 when each refresh is one request). */
  readonly maxTokenRequestsWithin250ms: number;
  readonly distinctTokensUsed: number;
  readonly tokenErrors: Readonly<Record<string, number>>;
  readonly errors: Readonly<Record<string, number>>;
  readonly skipped: number;
  readonly perWorker: readonly WorkerReport[];
}

function maxWithin(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) > windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Groups sorted times: a time more than `gapMs` after the first of the current group opens a new group. */
function groups(times: readonly number[], gapMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let count = 0;
  let first = Number.NEGATIVE_INFINITY;
  for (const time of sorted) {
    if (time - first > gapMs) {
      count += 1;
      first = time;
    }
  }
  return count;
}

function sum(records: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const record of records) for (const [key, count] of Object.entries(record)) total[key] = (total[key] ?? 0) + count;
  return total;
}

async function runMode(mode: StoreMode, servers: RemoteServers, redis: RedisServer | undefined, redisCluster: RedisClusterServer | undefined, directory: string): Promise<ClusterRow> {
  process.stdout.write(`  ${mode}: ${workers} workers × ${durationS} s…`);
  const filePath = join(directory, `tokens-${mode}.json`);
  const children: ChildProcess[] = [];
  const ready: Promise<void>[] = [];
  const reports: Promise<WorkerReport>[] = [];
  for (let index = 0; index < workers; index++) {
    const config: WorkerConfig = {
      index, mode, tokenUrl: servers.tokenUrl, apiUrl: `${servers.apiOrigin}/secure`, durationMs: durationS * 1_000,
      ratePerSecond: ratePerWorker, maxInFlight: 16, filePath, redisPrefix: `bench-cluster-${process.pid}-${mode}:`,
      ...(redis === undefined ? {} : { redisUrl: redis.url }),
      ...(redisCluster === undefined ? {} : { redisClusterNodes: redisCluster.nodes }),
    };
    const child = fork(fileURLToPath(new URL('./cluster-worker.js', import.meta.url)), [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    ready.push(new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`worker ${index} exited (${String(code)}) before it was ready`)));
    }));
    reports.push(new Promise((resolve, reject) => {
      child.on('message', (message) => {
        const { report } = message as { report?: WorkerReport };
        if (report !== undefined) resolve(report);
      });
      child.once('exit', (code) => reject(new Error(`worker ${index} exited (${String(code)}) without a report`)));
    }));
  }
  await Promise.all(ready);
  await servers.reset();
  const started = performance.now();
  for (const child of children) child.send({ start: true }); // all at once: their tokens expire together
  const done = await Promise.all(reports);
  const elapsedMs = performance.now() - started;
  const stats = await servers.stats();
  const cycleMs = lifetimeS * 1_000 - Math.min(120_000, (lifetimeS * 1_000) / 2); // default refresh window, cut to half the life
  const refreshes = groups(stats.tokenRequestTimes, cycleMs / 2);
  console.log(' done');
  return {
    store: mode,
    workers,
    durationS: round(elapsedMs / 1_000, 1),
    requests: done.reduce((total, report) => total + report.sent, 0),
    failed: done.reduce((total, report) => total + report.failed, 0),
    unauthorized: stats.apiUnauthorized,
    tokenRequests: stats.tokenRequests,
    refreshes,
    tokenRequestsPerRefresh: round(stats.tokenRequests / Math.max(1, refreshes), 2),
    maxTokenRequestsWithin250ms: maxWithin(stats.tokenRequestTimes, 250),
    distinctTokensUsed: stats.distinctTokensUsed,
    tokenErrors: sum(done.map((report) => report.tokenErrors)),
    errors: sum(done.map((report) => report.errors)),
    skipped: done.reduce((total, report) => total + report.skipped, 0),
    perWorker: done,
  };
}

const started = performance.now();
const env = environment();
console.log(`bench/cluster — ${env.node}, ${env.cpu} × ${env.cores}, load ${env.loadAverageAtStart}`);
console.log(`${workers} workers (adapters in turn: axios, got, ky, fetch), ${ratePerWorker} requests/s each, ${lifetimeS}-second tokens, token endpoint ${tokenDelayMs} ms away`);
const notes: string[] = [];
let modes = requestedModes;
let redis: RedisServer | undefined;
if (modes.includes('redis')) {
  if (findRedisServer() === undefined) {
    const message = 'redis-server is NOT installed: the RedisTokenStore part is SKIPPED; only FileTokenStore (and the memory contrast) run. Install it with `apt-get install redis-server`.';
    console.warn(`\n${'!'.repeat(100)}\n!! ${message}\n${'!'.repeat(100)}\n`);
    notes.push(message);
    modes = modes.filter((mode) => mode !== 'redis');
  } else {
    redis = await startRedis();
  }
}
let redisCluster: RedisClusterServer | undefined;
if (modes.includes('redis-cluster')) {
  const server = findRedisServer();
  const cli = findProgram(process.env.REDIS_CLI ?? 'redis-cli');
  if (server === undefined || cli === undefined) {
    const message = 'redis-server or redis-cli is NOT installed: the Redis Cluster row is SKIPPED. Install them with `apt-get install redis-server`.';
    console.warn(`\n${'!'.repeat(100)}\n!! ${message}\n${'!'.repeat(100)}\n`);
    notes.push(message);
    modes = modes.filter((mode) => mode !== 'redis-cluster');
  } else {
    redisCluster = await startRedisCluster(server, cli);
  }
}
const servers = await forkServers({ tokenDelayMs, tokenLifetimeSeconds: lifetimeS });
const directory = mkdtempSync(join(tmpdir(), 'authwire-bench-cluster-'));
const rows: ClusterRow[] = [];
try {
  for (const mode of modes) rows.push(await runMode(mode, servers, redis, redisCluster, directory));
  // A run of some modes keeps the other rows of the last run, and says so.
  const previous = modesFlag === undefined ? undefined : readResult<readonly ClusterRow[]>('cluster');
  const kept = (previous?.results ?? []).filter((row) => !modes.includes(row.store));
  if (previous !== undefined && kept.length > 0) {
    notes.push(`Rows ${kept.map((row) => row.store).join(', ')} are from the run of ${previous.environment.date.slice(0, 16).replace('T', ' ')} UTC; rows ${modes.join(', ')} from this one.`);
  }
  rows.push(...kept);
  rows.sort((a, b) => allModes.indexOf(a.store) - allModes.indexOf(b.store));
  printTable(
    `${workers} processes sharing one token, ${lifetimeS}-second tokens (targets: 1 token request per refresh and 0 failed with a shared store; ~${workers} per refresh with memory stores)`,
    ['store', 'seconds', 'requests', 'failed', 'saw 401', 'token req', 'refreshes', 'per refresh', 'max in 250 ms', 'tokens used', 'token errors'],
    rows.map((row) => [
      row.store,
      formatNumber(row.durationS, 1),
      formatNumber(row.requests),
      String(row.failed),
      String(row.unauthorized),
      String(row.tokenRequests),
      String(row.refreshes),
      row.tokenRequestsPerRefresh.toFixed(2),
      String(row.maxTokenRequestsWithin250ms),
      String(row.distinctTokensUsed),
      Object.entries(row.tokenErrors).map(([code, count]) => `${code} ${count}`).join(', ') || '0',
    ]),
  );
  const path = writeResult({
    name: 'cluster',
    description: 'Token sharing across processes: worker processes on one store (Redis, file), and each on its own memory store for contrast.',
    environment: env,
    loadAverageAtEnd: currentLoad(),
    durationSeconds: round((performance.now() - started) / 1_000),
    conditions: {
      workers, durationS, ratePerWorker, lifetimeS, tokenDelayMs, maxInFlightPerWorker: 16,
      adapters: 'worker i uses axios, got, ky, fetch in turn (two each with 8 workers)',
      oauth2: 'client_credentials, default windows (refresh window 1 s and forced window 0.5 s for a 2 s token), refreshAhead on',
      refreshes: 'token requests grouped by arrival time at the token server (a request more than half a refresh cycle, 0.5 s, after the first of a group opens the next group); the workers start together, so with memory stores their refreshes also fall into common rounds',
      redis: redis === undefined ? 'not run' : 'redis-server on 127.0.0.1 started by the bench (no persistence), one ioredis client per worker',
      redisCluster: redisCluster === undefined ? 'not run' : 'a 3-primary Redis Cluster (redis-server --cluster-enabled yes × 3, no replicas) on 127.0.0.1 started by the bench, one ioredis Cluster client per worker',
      file: 'one FileTokenStore file in a temp directory shared by all workers',
    },
    targets: { tokenRequestsPerRefresh: '1 with a shared store (memory stores: about one per process)', failed: '0' },
    results: rows,
    notes,
  });
  console.log(`\nwrote ${path}`);
} finally {
  await servers.close();
  await redis?.close();
  await redisCluster?.close();
  rmSync(directory, { recursive: true, force: true });
}
