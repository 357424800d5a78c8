// A throwaway redis-server on 127.0.0.1 (free port, no persistence unless asked) for tests, which
// can be stopped and started again mid-test. Without redis-server installed, tests skip loudly;
// under CI=true a missing redis-server fails instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram, requireProgram } from './requirement.js';

/** A running (or stopped) redis-server owned by the test. */
export interface RedisServer {
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** Whether the server runs now. */
  readonly running: boolean;
  /** Stops the server (SIGTERM, or SIGKILL for a crash); its data is gone unless started with `persistence`. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port: empty, or with the data it had (`persistence`). */
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  close(): Promise<void>;
}

/** Options of {@link startRedis}. */
export interface RedisServerOptions {
  /**
   * Keep the data across stop/start: an append-only file fsynced on every write, as a Redis
   * that holds rotating refresh tokens should run. Default false (nothing survives a stop).
   */
  readonly persistence?: boolean;
}

const INSTALL_HINT = 'install it with `sudo apt-get install redis-server` (Debian/Ubuntu) or `brew install redis`, or set REDIS_SERVER to its path';

/** The path of the redis-server binary: `$REDIS_SERVER`, else the first on `PATH`; `undefined` when absent. */
export function findRedisServer(): string | undefined {
  return findProgram(process.env.REDIS_SERVER ?? 'redis-server');
}

/**
 * Starts redis-server, or resolves `undefined` after a loud warning when it is not installed.
 * Under `CI=true` a missing redis-server throws: CI must never skip the Redis tests.
 */
export async function startRedisOrSkip(suite: string, options: RedisServerOptions = {}): Promise<RedisServer | undefined> {
  const binary = requireProgram(process.env.REDIS_SERVER ?? 'redis-server', `${INSTALL_HINT} (needed by ${suite})`);
  return binary === undefined ? undefined : startRedis(binary, options);
}

/** Starts redis-server on a free port of 127.0.0.1, with persistence off unless asked. */
export async function startRedis(binary = findRedisServer(), options: RedisServerOptions = {}): Promise<RedisServer> {
  if (binary === undefined) throw new Error(`redis-server not found; ${INSTALL_HINT}`);
  const directory = mkdtempSync(join(tmpdir(), 'authwire-redis-'));
  let port = 0;
  let child: ChildProcess | undefined;
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const launch = async (): Promise<void> => {
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const tryPort = port === 0 ? await freePort() : port;
      try {
        child = await spawnRedis(binary, tryPort, directory, options.persistence === true);
        port = tryPort;
        return;
      } catch (error) {
        lastError = error;
        if (port !== 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  };
  await launch();

  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    await exited;
  };

  return {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get running() {
      return child !== undefined;
    },
    stop,
    start: async () => {
      if (child === undefined) await launch();
    },
    close: async () => {
      await stop();
      process.removeListener('exit', killOnExit);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function spawnRedis(binary: string, port: number, directory: string, persistence: boolean): Promise<ChildProcess> {
  const appendOnly = persistence ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  return spawnRedisProcess(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...appendOnly, '--dir', directory, '--daemonize', 'no', '--loglevel', 'notice'], port);
}

/** Spawns redis-server with `args` and resolves once its log shows `ready` (a Sentinel logs `+monitor master`). */
export async function spawnRedisProcess(binary: string, args: readonly string[], port: number, ready = 'Ready to accept connections'): Promise<ChildProcess> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not become ready on port ${port} within 15 s:\n${output}`));
    }, 15_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes(ready)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code ?? signal}) before it was ready on port ${port}:\n${output}`));
    });
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

/** A port of 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
