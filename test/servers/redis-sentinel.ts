// A throwaway primary + replica + 3 Sentinels on 127.0.0.1 (redis-server --sentinel, each with a
// config file in a temp directory), and ways to fail the primary over. Without redis-server, tests
// skip loudly; under CI=true a missing redis-server fails instead.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, spawnRedisProcess } from './redis.js';
import { waitFor } from './redis-cluster.js';
import { requireProgram } from './requirement.js';

/** The Sentinel name of the monitored primary. */
export const SENTINEL_NAME = 'tokens';

/** A running primary, replica and Sentinels owned by the test. */
export interface RedisSentinelServer {
  /** The Sentinels, `{ host, port }` each: `new Redis({ sentinels, name: SENTINEL_NAME })`. */
  readonly sentinels: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  /** The port of the primary as the Sentinels see it now. */
  primaryPort(): Promise<number>;
  /** The ports of both data nodes (primary and replica, in either role). */
  readonly dataPorts: readonly number[];
  /** Sends a signal to the data node on `port`: SIGSTOP/SIGCONT (a replica that stops confirming writes), SIGKILL (a primary that dies). */
  signal(port: number, signal: 'SIGSTOP' | 'SIGCONT' | 'SIGKILL'): void;
  /** Closes the primary's connection to its replica (which reconnects within about a second): writes until then reach no replica. */
  cutReplicationLink(): Promise<void>;
  /** Resolves with the primary's port once the Sentinels name one other than `old` (after a crash: down after 1 s, then elected). */
  newPrimary(old: number): Promise<number>;
  /**
   * `SENTINEL FAILOVER`, then resolves with the new primary's port once the Sentinels report it
   * and the old primary replicates from it (made so at once, as the Sentinels would some seconds later).
   */
  failover(): Promise<number>;
  /**
   * Starts the data node on `port` again (after a SIGKILL) as a replica of the current primary,
   * and resolves once it has synced and every Sentinel counts it as a live replica again.
   */
  revive(port: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the set, or resolves `undefined` after a loud warning when redis-server is not installed. */
export async function startRedisSentinelOrSkip(suite: string): Promise<RedisSentinelServer | undefined> {
  const binary = requireProgram(process.env.REDIS_SERVER ?? 'redis-server', `\`sudo apt-get install redis-server\` (Debian/Ubuntu) or \`brew install redis\` (needed by ${suite})`);
  return binary === undefined ? undefined : startRedisSentinel(binary);
}

/** Starts a primary, its replica and three Sentinels (quorum 2, primary down after 1 s). */
export async function startRedisSentinel(binary: string): Promise<RedisSentinelServer> {
  const directory = mkdtempSync(join(tmpdir(), 'authwire-redis-sentinel-'));
  const children = new Map<number, ChildProcess>();
  const killAll = (): void => {
    for (const child of children.values()) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  const dataArgs = (port: number): string[] => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', directory, '--dbfilename', `dump-${port}.rdb`, '--daemonize', 'no', '--repl-diskless-sync-delay', '0'];
  const sentinels: Array<{ host: string; port: number }> = [];
  const ports: number[] = [];
  try {
    const primary = await freePort();
    children.set(primary, await spawnRedisProcess(binary, dataArgs(primary), primary));
    const replica = await freePort();
    children.set(replica, await spawnRedisProcess(binary, [...dataArgs(replica), '--replicaof', '127.0.0.1', String(primary)], replica));
    ports.push(primary, replica);
    await waitFor(async () => (await info(replica, 'replication')).includes('master_link_status:up'), 'the replica to sync');
    for (let index = 0; index < 3; index++) {
      const port = await freePort();
      const config = join(directory, `sentinel-${port}.conf`);
      writeFileSync(config, [
        `port ${port}`, 'bind 127.0.0.1', `dir ${directory}`,
        `sentinel monitor ${SENTINEL_NAME} 127.0.0.1 ${primary} 2`,
        `sentinel down-after-milliseconds ${SENTINEL_NAME} 1000`,
        `sentinel failover-timeout ${SENTINEL_NAME} 5000`,
        `sentinel parallel-syncs ${SENTINEL_NAME} 1`, '',
      ].join('\n'));
      children.set(port, await spawnRedisProcess(binary, [config, '--sentinel'], port, '+monitor master'));
      sentinels.push({ host: '127.0.0.1', port });
    }
    // A failover needs each Sentinel to know the replica and the other Sentinels.
    await waitFor(async () => {
      for (const { port } of sentinels) {
        const fields = await masterFields(port);
        if (fields['num-slaves'] !== '1' || fields['num-other-sentinels'] !== '2') return false;
      }
      return true;
    }, 'every Sentinel to see the replica and the two other Sentinels');
  } catch (error) {
    killAll();
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }

  const primaryPort = async (): Promise<number> => {
    const [, port] = (await sentinelCall(sentinels[0]?.port ?? 0, 'GET-MASTER-ADDR-BY-NAME')) as [string, string];
    return Number(port);
  };
  return {
    sentinels,
    dataPorts: ports,
    primaryPort,
    signal: (port, signal) => {
      children.get(port)?.kill(signal);
    },
    cutReplicationLink: async () => {
      await withClient(await primaryPort(), (client) => client.call('CLIENT', 'KILL', 'TYPE', 'replica'));
    },
    newPrimary: async (old) => {
      let now = old;
      await waitFor(async () => {
        now = await primaryPort();
        return now !== old && (await info(now, 'replication')).includes('role:master');
      }, 'the Sentinels to name a new primary');
      return now;
    },
    failover: async () => {
      const old = await primaryPort();
      await sentinelCall(sentinels[0]?.port ?? 0, 'FAILOVER');
      let now = old;
      await waitFor(async () => {
        now = await primaryPort();
        return now !== old && (await info(now, 'replication')).includes('role:master');
      }, 'the Sentinels to name a new primary');
      await withClient(old, (client) => client.call('REPLICAOF', '127.0.0.1', String(now)));
      await waitFor(async () => (await info(old, 'replication')).includes('master_link_status:up'), 'the old primary to replicate from the new one');
      return now;
    },
    revive: async (port) => {
      const primary = await primaryPort();
      children.set(port, await spawnRedisProcess(binary, [...dataArgs(port), '--replicaof', '127.0.0.1', String(primary)], port));
      await waitFor(async () => (await info(port, 'replication')).includes('master_link_status:up'), 'the revived node to sync');
      await waitFor(async () => {
        for (const sentinel of sentinels) {
          const replicas = (await withClient(sentinel.port, (client) => client.call('SENTINEL', 'REPLICAS', SENTINEL_NAME))) as string[][];
          const live = replicas.map(pairs).filter((fields) => fields['port'] === String(port) && fields['flags'] === 'slave');
          if (live.length === 0) return false;
        }
        return true;
      }, 'every Sentinel to count the revived node as a live replica');
    },
    close: async () => {
      await Promise.all([...children.values()].map((child) => new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGCONT');
        child.kill('SIGTERM');
      })));
      process.removeListener('exit', killAll);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function withClient<T>(port: number, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

async function info(port: number, section: string): Promise<string> {
  return withClient(port, (client) => client.info(section));
}

async function sentinelCall(port: number, subcommand: string): Promise<unknown> {
  return withClient(port, (client) => client.call('SENTINEL', subcommand, SENTINEL_NAME));
}

async function masterFields(port: number): Promise<Record<string, string>> {
  return pairs((await sentinelCall(port, 'MASTER')) as string[]);
}

/** A Sentinel reply `[name, value, name, value, …]` as an object. */
function pairs(flat: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let index = 0; index + 1 < flat.length; index += 2) fields[flat[index] ?? ''] = flat[index + 1] ?? '';
  return fields;
}
