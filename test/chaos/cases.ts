// The chaos cases: 6 worker processes (axios, got, ky, fetch) share one store and a
// strict rotating token server (test/servers/rotating-token-server.ts) while one fault happens
// once. Each case returns what the server and the workers saw; test/chaos/*.test.ts assert on
// it, bench/chaos.ts runs the cases for more rounds. No test framework here.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { recordKeyOf } from '../../src/stores/redis-keys.js';
import type { RedisClusterServer } from '../servers/redis-cluster.js';
import type { RedisSentinelServer } from '../servers/redis-sentinel.js';
import { startRotatingTokenServer, type RotatingTokenServer } from '../servers/rotating-token-server.js';
import type { TcpProxy } from '../servers/tcp-proxy.js';
import { clients, type GatePoint, type Outcomes } from './fixtures/protocol.js';
import type { ChaosStore } from './stores.js';
import { waitUntil, WorkerProcess } from './workers.js';

export type { ChaosStore } from './stores.js';

export const WORKERS = 6;
/** Access-token life: a refresh starts after half of it, so a case sees one refresh every 1.5 s. */
const LIFE_SECONDS = 3;
/** How long each black-hole lasts. */
export const BLACKHOLE_MS = 5_000;

/** What one case saw. */
export interface ChaosResult {
  readonly fault: string;
  /** The store's name ({@link ChaosStore.name}). */
  readonly store: string;
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
  /** What the fault itself recorded (a slot's old and new owner, redirections met, …). */
  readonly observed: Readonly<Record<string, number | string>>;
  /** The first message of each failure, for a test's failure output. */
  readonly problems: readonly string[];
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
  /** The workers' key prefix and token key (what RedisTokenStore names its keys after). */
  readonly prefix: string;
  readonly key: string;
  /** Records a figure of the fault in the result's `observed`. */
  observe(name: string, value: number | string): void;
  /** `what`, with the server's counters and the workers' failures: a timeout's message. */
  state(what: string): () => string;
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
  const observed: Record<string, number | string> = {};
  try {
    const [ready] = await Promise.all(workers.map((worker) => worker.next('ready')));
    await waitUntil(() => server.stats().issued >= 1 && allSucceededIn('warm'), state('every worker has a token'));
    const phase = (next: string): void => {
      for (const worker of live()) worker.send({ type: 'phase', phase: next });
    };
    phase('fault');
    const stored = (): Promise<string | undefined> => options.store.read(prefix, ready?.key ?? '').catch(() => undefined);
    const key = ready?.key ?? '';
    await fault({ server, workers, phase, cutOff: (indexes) => (cutOff = indexes), stored, prefix, key, observe: (what, value) => (observed[what] = value), state });
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
      fault: name, store: options.store.name, workers: WORKERS, tokenRequests: stats.tokenRequests, issued: stats.issued, reused: stats.reused.length, revoked: stats.revoked,
      extraTokenRequests: stats.tokenRequests - stats.issued + stats.early, storedIsCurrent: storedAtEnd === server.current(), ok, failed, cutOff, observed,
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

/**
 * A slot migration of the token's hash slot (test/servers/redis-cluster.ts: IMPORTING,
 * MIGRATING, MIGRATE of one key at a time, SETSLOT NODE) while the lease holder's token request
 * is at the server: its answer is let go after the first MIGRATE and the slot is handed over
 * only once the new token is stored, so the holder stores it while the record and its lease may
 * sit on different nodes (ASK), and later refreshes meet MOVED. Records the old and new owner and the ASKING
 * commands the nodes received.
 */
export function migrateSlotMidRefresh(options: CaseOptions & { readonly cluster: RedisClusterServer }): Promise<ChaosResult> {
  const { cluster } = options;
  const askings = async (): Promise<number> => {
    let total = 0;
    for (const { port } of cluster.nodes) total += Number(/cmdstat_asking:calls=(\d+)/.exec(await cluster.cli(port, 'info', 'commandstats'))?.[1] ?? 0);
    return total;
  };
  return runCase('cluster-slot-migration', options, async ({ server, workers, phase, prefix, key, observe, stored }) => {
    const slot = Number((await cluster.cli(cluster.nodes[0]?.port ?? 0, 'cluster', 'keyslot', recordKeyOf(prefix, key))).trim());
    const from = await cluster.ownerOf(slot);
    const askingBefore = await askings();
    const held = await server.holdNext();
    // The answer is let go after the first MIGRATE, and the slot handed over only once the new
    // token is stored: the holder stores it while the slot is half moved, however slow it runs.
    const to = await cluster.migrateSlot(slot, {
      pauseMs: 300,
      midway: async () => {
        held.release();
        await waitUntil(async () => (await stored()) === server.current(), 'the new refresh token stored while the slot is half moved');
      },
    });
    observe('slot', slot);
    observe('from', from);
    observe('to', to);
    observe('askings', (await askings()) - askingBefore);
    phase('recover');
    await waitUntil(() => workers.every((worker) => !worker.alive || worker.succeededIn('recover')), 'every worker succeeds after the migration');
    phase('after');
  });
}

/** How long a restarted store stays down. */
export const RESTART_DOWN_MS = 2_000;

/**
 * The store stopped (PostgreSQL: `pg_ctl -m fast`, SIGINT to the postmaster) while the lease
 * holder's token request is at the server, its answer let go while the store is down, and the
 * store started again {@link RESTART_DOWN_MS} later with its data: the holder keeps its new
 * token and writes it on its next call. Every worker is cut off meanwhile.
 */
export function restartMidRefresh(options: CaseOptions & { readonly restart: { stop(): Promise<void>; start(): Promise<void> } }): Promise<ChaosResult> {
  return runCase('store-restart', options, async ({ server, workers, phase, cutOff }) => {
    const held = await server.holdNext();
    await options.restart.stop();
    cutOff(workers.map((worker) => worker.index));
    held.release();
    await sleep(RESTART_DOWN_MS);
    await options.restart.start();
    phase('recover');
    await waitUntil(() => workers.every((worker) => worker.succeededIn('recover')), 'every worker succeeds after the store came back');
    phase('after');
  });
}

/**
 * A crash of the Redis primary with the lease holder's new token on it and on no replica: the
 * holder's token request is held, the replica frozen (SIGSTOP) and its link cut, the answer let
 * go; once the new refresh token is on the primary, SIGKILL of the primary, SIGCONT of the
 * replica, which the Sentinels promote. The crashed node comes back as the new primary's
 * replica. Without `replicas` the write was acknowledged and is lost (outside the guarantee);
 * with `replicas: 1` it was never confirmed, so the holder keeps its token and writes it again.
 */
export function crashPrimaryMidRefresh(options: CaseOptions & { readonly sentinel: RedisSentinelServer }): Promise<ChaosResult> {
  const { sentinel } = options;
  return runCase('sentinel-crash', options, async ({ server, workers, phase, stored, observe, state }) => {
    const held = await server.holdNext();
    // The lease was taken before the request arrived: it ends before this, at the latest.
    const leaseEnd = Date.now() + options.leaseMs;
    const primary = await sentinel.primaryPort();
    const replica = sentinel.dataPorts.find((port) => port !== primary) ?? 0;
    sentinel.signal(replica, 'SIGSTOP');
    await sentinel.cutReplicationLink();
    held.release();
    await waitUntil(async () => (await stored()) === server.current(), 'the new refresh token on the primary');
    sentinel.signal(primary, 'SIGKILL');
    sentinel.signal(replica, 'SIGCONT');
    observe('crashed', primary);
    observe('promoted', await sentinel.newPrimary(primary));
    await sentinel.revive(primary);
    // The guarantee with `replicas` needs the failover to end inside the lease (docs/stores/redis.md).
    observe('leaseLeftAtRejoinMs', leaseEnd - Date.now());
    phase('recover');
    await waitUntil(() => workers.every((worker) => worker.succeededIn('recover')) || server.stats().revoked, state('every worker succeeds after the failover, or the family is revoked'));
    phase('after');
  });
}
