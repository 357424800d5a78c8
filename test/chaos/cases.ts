// The chaos cases: 6 worker processes (axios, got, ky, fetch) share one store and a
// strict rotating token server (test/servers/rotating-token-server.ts) while one fault happens
// once. Each case returns what the server and the workers saw; test/chaos/*.test.ts assert on
// it, bench/chaos.ts runs the cases for more rounds. No test framework here.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { FileTokenStore } from '../../src/stores/file.js';
import { RedisTokenStore } from '../../src/stores/redis.js';
import { SENTINEL_NAME, type RedisSentinelServer } from '../servers/redis-sentinel.js';
import { startRotatingTokenServer, type RotatingTokenServer } from '../servers/rotating-token-server.js';
import type { TcpProxy } from '../servers/tcp-proxy.js';
import { clients, type GatePoint, type Outcomes, type WorkerStoreConfig } from './fixtures/protocol.js';
import { waitUntil, WorkerProcess } from './workers.js';

export const WORKERS = 6;
/** Access-token life: a refresh starts after half of it, so a case sees one refresh every 1.5 s. */
const LIFE_SECONDS = 3;
/** How long each black-hole lasts. */
export const BLACKHOLE_MS = 5_000;

/** What one case saw. */
export interface ChaosResult {
  readonly fault: string;
  readonly workers: number;
  /** Token requests the server received, and how many it answered with a new token. */
  readonly tokenRequests: number;
  readonly issued: number;
  /** Refresh tokens presented again (each revoked the family). */
  readonly reused: number;
  readonly revoked: boolean;
  /** Token requests beyond one per refresh: refused, abandoned by a killed sender, or a second refresh of one expiry. */
  readonly extraTokenRequests: number;
  /** Whether the store's refresh token at the end is the one the server has in force. */
  readonly storedIsCurrent: boolean;
  /** Requests that succeeded, and the failed ones by phase and outcome, in the workers that lived to the end. */
  readonly ok: number;
  readonly failed: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Which workers could not reach the store during the fault (the black-holed ones). */
  readonly cutOff: readonly number[];
  /** The first message of each failure, for a test's failure output. */
  readonly problems: readonly string[];
}

/** Where the workers' store is, and how the parent reads it. */
export interface ChaosStore {
  /** The store worker `index` opens. */
  worker(index: number): WorkerStoreConfig;
  /** The refresh token stored under `prefix` and `key` (read past any proxy). */
  read(prefix: string, key: string): Promise<string | undefined>;
  readonly replicas: number;
}

/** One Redis, read directly; workers may go through proxies (`url(index)`). */
export function redisStore(directUrl: string, url: (index: number) => string = () => directUrl): ChaosStore {
  return {
    worker: (index) => ({ kind: 'redis', url: url(index) }),
    read: (prefix, key) => readStored(new Redis(directUrl, { maxRetriesPerRequest: 1 }), prefix, key),
    replicas: 0,
  };
}

/** One token file for the case (FileTokenStore): give each case its own path. */
export function fileStore(path: string): ChaosStore {
  return {
    worker: () => ({ kind: 'file', path }),
    read: async (_prefix, key) => (await new FileTokenStore({ path }).get(key))?.refreshToken,
    replicas: 0,
  };
}

/** A primary, its replica and Sentinels, with `replicas: 1`. */
export function sentinelStore(servers: RedisSentinelServer): ChaosStore {
  const sentinels = servers.sentinels.map(({ host, port }) => ({ host, port }));
  return {
    worker: () => ({ kind: 'sentinel', sentinels, name: SENTINEL_NAME }),
    read: (prefix, key) => readStored(new Redis({ sentinels, name: SENTINEL_NAME, maxRetriesPerRequest: 1 }), prefix, key),
    replicas: 1,
  };
}

async function readStored(client: Redis, prefix: string, key: string): Promise<string | undefined> {
  client.on('error', () => undefined);
  try {
    return (await new RedisTokenStore({ client, prefix }).get(key))?.refreshToken;
  } finally {
    client.disconnect();
  }
}

/** What a fault gets to work with. */
interface FaultContext {
  readonly server: RotatingTokenServer;
  readonly workers: readonly WorkerProcess[];
  phase(name: string): void;
  /** Marks workers that cannot reach the store during the fault. */
  cutOff(indexes: readonly number[]): void;
  /** The refresh token in the store now. */
  stored(): Promise<string | undefined>;
}

interface CaseOptions {
  readonly script: string;
  readonly store: ChaosStore;
  readonly leaseMs: number;
  readonly storeTimeoutMs: number;
}

/**
 * Starts the workers, waits for the first refresh, runs `fault` (which ends by setting phase
 * `after`), waits for a refresh after it, stops the workers and collects the result.
 */
async function runCase(name: string, options: CaseOptions, fault: (context: FaultContext) => Promise<void>): Promise<ChaosResult> {
  const server = await startRotatingTokenServer(LIFE_SECONDS);
  const prefix = `chaos:${name}:${randomUUID()}:`;
  const workers = Array.from({ length: WORKERS }, (_, index) => new WorkerProcess(options.script, {
    index, tokenUrl: server.tokenUrl, apiUrl: server.apiUrl, refreshToken: server.current(), store: options.store.worker(index), prefix,
    storeTimeoutMs: options.storeTimeoutMs, replicas: options.store.replicas, leaseMs: options.leaseMs, concurrency: 2, pauseMs: 100,
  }));
  const live = (): WorkerProcess[] => workers.filter((worker) => worker.alive);
  const state = (what: string) => (): string => `${what}; server ${JSON.stringify(server.stats())}; ${workers.flatMap((worker) => worker.problems().map((problem) => `#${worker.index} ${problem}`)).join(' | ')}`;
  const allSucceededIn = (phase: string): boolean => live().every((worker) => worker.succeededIn(phase));
  let cutOff: readonly number[] = [];
  try {
    const [ready] = await Promise.all(workers.map((worker) => worker.next('ready')));
    await waitUntil(() => server.stats().issued >= 1 && allSucceededIn('warm'), state('every worker has a token'));
    const phase = (next: string): void => {
      for (const worker of live()) worker.send({ type: 'phase', phase: next });
    };
    phase('fault');
    const stored = (): Promise<string | undefined> => options.store.read(prefix, ready?.key ?? '');
    await fault({ server, workers, phase, cutOff: (indexes) => (cutOff = indexes), stored });
    const issuedAfter = server.stats().issued;
    await waitUntil(() => (server.stats().issued > issuedAfter && allSucceededIn('after')) || server.stats().revoked, state('a refresh after the fault'));
    const survivors = live();
    const outcomes: Outcomes[] = await Promise.all(survivors.map((worker) => worker.stop()));
    const stats = server.stats();
    const storedAtEnd = await stored();
    const failed: Record<string, Record<string, number>> = {};
    let ok = 0;
    for (const byPhase of outcomes) {
      for (const [phaseName, counts] of Object.entries(byPhase)) {
        for (const [outcome, count] of Object.entries(counts)) {
          if (outcome === 'ok') ok += count;
          else (failed[phaseName] ??= {})[outcome] = (failed[phaseName]?.[outcome] ?? 0) + count;
        }
      }
    }
    return {
      fault: name, workers: WORKERS, tokenRequests: stats.tokenRequests, issued: stats.issued, reused: stats.reused.length, revoked: stats.revoked,
      extraTokenRequests: stats.tokenRequests - stats.issued + stats.early, storedIsCurrent: storedAtEnd === server.current(), ok, failed, cutOff,
      problems: survivors.flatMap((worker) => worker.problems().map((problem) => `#${worker.index} (${clients[worker.index % clients.length] ?? ''}) ${problem}`)),
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.kill()));
    await server.close();
  }
}

/**
 * Where the lease holder is killed: after it took the lease, while its token request is at the
 * server, after it stored the new token — or, outside the guarantee, after the server rotated the
 * refresh token and before the holder stored it (`before-store`: the new refresh token dies with
 * the process, and without a reuse grace period at the server the next refresh revokes the family).
 */
export type KillPoint = 'before-request' | 'during-request' | 'before-store' | 'after-request';

const killGates: Readonly<Record<Exclude<KillPoint, 'during-request'>, GatePoint>> = { 'before-request': 'lease', 'before-store': 'response', 'after-request': 'stored' };

/**
 * kill -9 of the lease holder at `point`. During the request the server holds the answer until
 * the holder is gone (then it rotates nothing: the request was never answered).
 */
export function killHolder(point: KillPoint, options: CaseOptions): Promise<ChaosResult> {
  return runCase(`kill-${point}`, options, async ({ server, workers, phase }) => {
    let victim: WorkerProcess | undefined;
    if (point === 'during-request') {
      const held = await server.holdNext();
      victim = workers[Number(held.worker)];
      await victim?.kill();
      await held.abandoned;
    } else {
      const at = killGates[point];
      for (const worker of workers) worker.send({ type: 'arm', at });
      await waitUntil(() => workers.some((worker) => worker.gated(at)), `a worker stops at ${at}`);
      for (const worker of workers) worker.send({ type: 'disarm' });
      victim = workers.find((worker) => worker.gated(at));
      await victim?.kill();
      // Another worker could only have reached the gate holding a lease of its own: let it go on.
      for (const worker of workers) if (worker.gated(at)) worker.send({ type: 'go' });
    }
    phase('after');
  });
}

/**
 * SIGSTOP of the lease holder after it took the lease and read the store, before its token
 * request. It stays frozen past its lease while another process takes the lease, rotates the
 * refresh token and stores the new one; then SIGCONT. Resuming, it still has the refresh token it
 * read, which the server now counts as spent.
 */
export function pauseHolder(options: CaseOptions): Promise<ChaosResult> {
  return runCase('sigstop-before-request', options, async ({ server, workers, phase, stored }) => {
    const issued = server.stats().issued;
    for (const worker of workers) worker.send({ type: 'arm', at: 'read', stop: 'sigstop' });
    await waitUntil(() => workers.some((worker) => worker.gated('read')), 'a worker stops after its read under the lease');
    for (const worker of workers) worker.send({ type: 'disarm' });
    const victim = workers.find((worker) => worker.gated('read'));
    await waitUntil(async () => server.stats().issued > issued && (await stored()) === server.current(), 'another process rotated and stored the refresh token');
    victim?.signal('SIGCONT');
    phase('after');
  });
}

/**
 * The workers behind `proxies[index % 2]` lose the store for {@link BLACKHOLE_MS}: the proxy of
 * the lease holder is black-holed while its token request is at the server, so its new token
 * cannot be stored until the network heals; the other half keeps its store.
 */
export function blackholeHolder(options: CaseOptions & { readonly proxies: readonly [TcpProxy, TcpProxy] }): Promise<ChaosResult> {
  return runCase('blackhole', options, async ({ server, workers, phase, cutOff }) => {
    const held = await server.holdNext();
    const side = Number(held.worker) % 2;
    const proxy = options.proxies[side];
    proxy?.blackhole();
    cutOff(workers.filter((worker) => worker.index % 2 === side).map((worker) => worker.index));
    held.release();
    await sleep(BLACKHOLE_MS);
    proxy?.resume();
    phase('recover');
    await waitUntil(() => workers.every((worker) => worker.succeededIn('recover')), 'every worker succeeds after the network healed');
    phase('after');
  });
}

/** `SENTINEL FAILOVER` of the primary while the lease holder's token request is at the server; its answer is let go as the failover starts. */
export function failoverMidRefresh(options: CaseOptions & { readonly sentinel: RedisSentinelServer }): Promise<ChaosResult> {
  return runCase('sentinel-failover', options, async ({ server, workers, phase }) => {
    const held = await server.holdNext();
    const failover = options.sentinel.failover();
    held.release();
    await failover;
    phase('recover');
    await waitUntil(() => workers.every((worker) => worker.succeededIn('recover')), 'every worker succeeds after the failover');
    phase('after');
  });
}
