// The token store of a run: authwire's default memory store, a FileTokenStore in a temporary
// directory, or a RedisTokenStore on REDIS_URL. Whatever the run stored is removed at the end.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTokenStore, type TokenStore } from '../../src/index.js';
import type { StoreKind } from './cli.js';

/** A problem that stops the demo before it starts (exit code 2), with what to do about it. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

export interface DemoStore {
  /** `undefined`: authwire's default, one process-wide MemoryTokenStore. */
  readonly store: TokenStore | undefined;
  readonly description: string;
  /** Deletes the run's record (`key`: the token manager's key, if it got that far) and lets go of the store. */
  close(key: string | undefined): Promise<void>;
}

const redisHelp = `--store redis needs a Redis server on this machine; set REDIS_URL to it, for example:
  redis-server --port 6379 --save '' &     (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)
  REDIS_URL=redis://127.0.0.1:6379 npm run demo -- --store redis
or with Docker: docker run --rm -p 127.0.0.1:6379:6379 redis`;

export async function openStore(kind: StoreKind): Promise<DemoStore> {
  switch (kind) {
    case 'memory':
      return { store: undefined, description: 'memory (the default MemoryTokenStore)', close: async () => {} };
    case 'file': {
      const directory = await mkdtemp(join(tmpdir(), 'authwire-demo-'));
      const store = new FileTokenStore({ path: join(directory, 'tokens.json') });
      return { store, description: `file (${store.path}, removed at the end)`, close: () => rm(directory, { recursive: true, force: true }) };
    }
    case 'redis':
      return openRedisStore(process.env.REDIS_URL);
    default:
      throw new Error(`unknown store ${String(kind satisfies never)}`);
  }
}

async function openRedisStore(url: string | undefined): Promise<DemoStore> {
  if (url === undefined || url === '') throw new SetupError(`REDIS_URL is not set.\n${redisHelp}`);
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    throw new SetupError(`REDIS_URL is not a URL.\n${redisHelp}`);
  }
  // The demo promises that no traffic leaves this machine's loopback interface.
  if (!/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host)) throw new SetupError(`REDIS_URL must point at 127.0.0.1, localhost or [::1]; the demo talks to nothing else (it points at ${host}).`);
  const { Redis } = await import('ioredis');
  const { RedisTokenStore } = await import('../../src/stores/redis.js');
  // Fail fast instead of reconnecting forever when nothing listens there.
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3_000, retryStrategy: () => null });
  client.on('error', () => {}); // connection errors surface as rejected commands below
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new SetupError(`cannot reach Redis at ${host} (${error instanceof Error ? error.message : String(error)}).\n${redisHelp}`);
  }
  // A prefix of its own, so the run neither sees nor leaves anything among the server's other keys.
  const prefix = `authwire-demo:${randomUUID()}:`;
  const store = new RedisTokenStore({ client, prefix });
  return {
    store,
    description: `redis (${host}, keys ${prefix}*, removed at the end)`,
    close: async (key) => {
      try {
        if (key !== undefined) await store.delete(key);
      } finally {
        await client.quit();
      }
    },
  };
}
