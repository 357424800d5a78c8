// A throwaway 3-primary Redis Cluster on 127.0.0.1 (redis-server --cluster-enabled yes × 3 on free
// ports, joined by redis-cli --cluster create), and a slot migration between its primaries. Without
// redis-server or redis-cli, tests skip loudly; under CI=true a missing program fails instead.
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort, spawnRedisProcess } from './redis.js';
import { requireProgram } from './requirement.js';

const run = promisify(execFile);
const INSTALL_HINT = '`sudo apt-get install redis-server` (Debian/Ubuntu; it brings redis-cli) or `brew install redis`';

/** A running cluster owned by the test. */
export interface RedisClusterServer {
  /** The primaries, `{ host, port }` each: pass them to ioredis `new Cluster(nodes)`. */
  readonly nodes: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  /** Runs redis-cli against the node on `port` and resolves with its output. */
  cli(port: number, ...args: string[]): Promise<string>;
  /** The port of the primary that serves `slot` now. */
  ownerOf(slot: number): Promise<number>;
  /**
   * Moves `slot` to another primary the way `redis-cli --cluster reshard` does while clients
   * keep using it: IMPORTING on the target, MIGRATING on the source, MIGRATE of its keys a few
   * at a time (so clients meet ASK redirections), then SETSLOT NODE everywhere (MOVED from then on).
   * Resolves with the port of the new owner.
   */
  migrateSlot(slot: number, options?: {
    /** Between the steps, so traffic meets each state (default 50). */
    readonly pauseMs?: number;
    /** Awaited once after the first MIGRATE, before the rest: what must happen while the slot is half moved. */
    readonly midway?: () => Promise<void>;
  }): Promise<number>;
  close(): Promise<void>;
}

/** Starts the cluster, or resolves `undefined` after a loud warning when redis-server or redis-cli is not installed. */
export async function startRedisClusterOrSkip(suite: string): Promise<RedisClusterServer | undefined> {
  const server = requireProgram(process.env.REDIS_SERVER ?? 'redis-server', `${INSTALL_HINT} (needed by ${suite})`);
  const cli = requireProgram(process.env.REDIS_CLI ?? 'redis-cli', `${INSTALL_HINT} (needed by ${suite})`);
  return server === undefined || cli === undefined ? undefined : startRedisCluster(server, cli);
}

/** Starts three cluster-enabled redis-servers and joins them into one cluster (all 16 384 slots, no replicas). */
export async function startRedisCluster(serverBinary: string, cliBinary: string): Promise<RedisClusterServer> {
  const directory = mkdtempSync(join(tmpdir(), 'authwire-redis-cluster-'));
  const children: ChildProcess[] = [];
  const killAll = (): void => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  const cli = async (port: number, ...args: string[]): Promise<string> => (await run(cliBinary, ['-h', '127.0.0.1', '-p', String(port), ...args])).stdout;
  const ports: number[] = [];
  try {
    for (let index = 0; index < 3; index++) {
      const port = await freePort();
      children.push(await spawnRedisProcess(serverBinary, [
        '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', directory, '--daemonize', 'no',
        '--cluster-enabled', 'yes', '--cluster-config-file', join(directory, `nodes-${port}.conf`), '--cluster-node-timeout', '2000',
      ], port));
      ports.push(port);
    }
    await run(cliBinary, ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes']);
    await waitFor(async () => {
      for (const port of ports) if (!(await cli(port, 'cluster', 'info')).includes('cluster_state:ok')) return false;
      return true;
    }, 'cluster_state:ok on every node');
  } catch (error) {
    killAll();
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }

  const ids = new Map<number, string>();
  const idOf = async (port: number): Promise<string> => {
    let id = ids.get(port);
    if (id === undefined) {
      id = (await cli(port, 'cluster', 'myid')).trim();
      ids.set(port, id);
    }
    return id;
  };
  const ownerOf = async (slot: number): Promise<number> => {
    const slots = JSON.parse(JSON.stringify(await withClient(ports[0] ?? 0, (client) => client.call('CLUSTER', 'SLOTS')))) as Array<[number, number, [string, number]]>;
    const range = slots.find(([from, to]) => slot >= from && slot <= to);
    if (range === undefined) throw new Error(`no node serves slot ${slot}`);
    return range[2][1];
  };

  return {
    nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
    cli,
    ownerOf,
    migrateSlot: async (slot, { pauseMs = 50, midway } = {}) => {
      const source = await ownerOf(slot);
      const target = ports.find((port) => port !== source) ?? source;
      const [sourceId, targetId] = [await idOf(source), await idOf(target)];
      await cli(target, 'cluster', 'setslot', String(slot), 'importing', sourceId);
      await cli(source, 'cluster', 'setslot', String(slot), 'migrating', targetId);
      for (;;) {
        const keys = (await cli(source, 'cluster', 'getkeysinslot', String(slot), '1')).split('\n').filter((line) => line !== '');
        if (keys.length === 0) break;
        await cli(source, 'migrate', '127.0.0.1', String(target), '', '0', '5000', 'keys', ...keys);
        if (midway !== undefined) await midway();
        midway = undefined;
        await new Promise((resolve) => setTimeout(resolve, pauseMs)); // traffic meets ASK in between
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs)); // all keys moved, the slot not yet: ASK for each
      for (const port of [target, source, ...ports.filter((port) => port !== source && port !== target)]) {
        await cli(port, 'cluster', 'setslot', String(slot), 'node', targetId);
      }
      return target;
    },
    close: async () => {
      await Promise.all(children.map((child) => new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      })));
      process.removeListener('exit', killAll);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function withClient<T>(port: number, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

/** Polls `check` every 100 ms; fails naming `what` after 30 s (a guard against hanging, not a speed check). */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
