// A throwaway PostgreSQL on 127.0.0.1 (free port, TCP only, password authentication) in a temp
// directory, which can be stopped and started again mid-test with its data. postgres refuses to
// run as root: as root, initdb and postgres run as the `postgres` user (Debian's package makes
// it) or `nobody`, through runuser. Without PostgreSQL installed, tests skip loudly; under
// CI=true a missing PostgreSQL fails instead.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis.js';
import { findProgram, requireProgram } from './requirement.js';

/** A running (or stopped) PostgreSQL owned by the test. */
export interface PostgresServer {
  /** `postgres://authwire:<password>@127.0.0.1:PORT/postgres` */
  readonly url: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** Whether the server runs now. */
  readonly running: boolean;
  /**
   * Stops the server: `fast` (SIGINT: ends sessions, checkpoints) or `immediate` (SIGQUIT: no
   * checkpoint, as a crash; the next start recovers from the WAL). The data stays.
   */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port, with its data. */
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  close(): Promise<void>;
}

const INSTALL_HINT = 'install it with `sudo apt-get install postgresql` (Debian/Ubuntu) or `brew install postgresql`, or set POSTGRES_BIN to the folder of initdb and postgres';

/** The folder holding `initdb` and `postgres`: `$POSTGRES_BIN`, the folder of `initdb` on PATH, or the newest /usr/lib/postgresql/<major>/bin. */
export function findPostgresBin(): string | undefined {
  const candidates: string[] = [];
  if (process.env.POSTGRES_BIN !== undefined) candidates.push(process.env.POSTGRES_BIN);
  const onPath = findProgram('initdb');
  if (onPath !== undefined) candidates.push(join(onPath, '..'));
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const majors = readdirSync(debian).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...majors.map((major) => join(debian, major, 'bin')));
  }
  return candidates.find((dir) => findProgram(join(dir, 'initdb')) !== undefined && findProgram(join(dir, 'postgres')) !== undefined);
}

/**
 * Starts PostgreSQL, or resolves `undefined` after a loud warning when it is not installed.
 * Under `CI=true` a missing PostgreSQL throws: CI must never skip the Postgres tests.
 */
export async function startPostgresOrSkip(suite: string): Promise<PostgresServer | undefined> {
  const bin = findPostgresBin();
  const initdb = requireProgram(bin === undefined ? 'initdb' : join(bin, 'initdb'), `${INSTALL_HINT} (needed by ${suite})`);
  return initdb === undefined ? undefined : startPostgres(join(initdb, '..'));
}

/** The user to run postgres as when we are root: `postgres` if it exists, else `nobody`. */
function serviceUser(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of [process.env.POSTGRES_USER_TO_RUN_AS, 'postgres', 'nobody']) {
    if (name !== undefined && spawnSync('id', ['-u', name]).status === 0) return name;
  }
  throw new Error('running as root, and neither the postgres user nor nobody exists to run PostgreSQL as (set POSTGRES_USER_TO_RUN_AS)');
}

function ids(user: string): { uid: number; gid: number } {
  const uid = Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid };
}

/** Initialises a cluster in a temp directory and starts postgres on a free port of 127.0.0.1. */
export async function startPostgres(bin = findPostgresBin()): Promise<PostgresServer> {
  if (bin === undefined) throw new Error(`PostgreSQL not found; ${INSTALL_HINT}`);
  const user = serviceUser();
  const asUser = (program: string, args: readonly string[]): [string, string[]] =>
    user === undefined ? [join(bin, program), [...args]] : ['runuser', ['-u', user, '--', join(bin, program), ...args]];
  const directory = mkdtempSync(join(tmpdir(), 'authwire-postgres-'));
  const data = join(directory, 'data');
  const password = `pw-${Math.random().toString(36).slice(2)}-secret`;
  const pwfile = join(directory, 'pwfile');
  writeFileSync(pwfile, `${password}\n`);
  if (user !== undefined) {
    const { uid, gid } = ids(user);
    chownSync(directory, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(pwfile, 0o600);
  const [initCommand, initArgs] = asUser('initdb', ['-D', data, '-U', 'authwire', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const init = spawnSync(initCommand, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed (${init.status ?? init.signal}):\n${init.stdout}\n${init.stderr}`);

  let port = 0;
  let child: ChildProcess | undefined;
  const postmasterPid = (): number | undefined => {
    try {
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  };
  const killOnExit = (): void => {
    const pid = postmasterPid();
    if (child !== undefined && pid !== undefined) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // Already gone.
      }
    }
  };
  process.once('exit', killOnExit);

  const launch = async (): Promise<void> => {
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const tryPort = port === 0 ? await freePort() : port;
      try {
        const [command, args] = asUser('postgres', [
          '-D', data, '-p', String(tryPort), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off',
          '-c', 'max_connections=200', '-c', 'log_min_error_statement=panic',
        ]);
        child = await spawnReady(command, args, tryPort);
        port = tryPort;
        return;
      } catch (error) {
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  };
  await launch();

  const stop = async (mode: 'fast' | 'immediate' = 'fast'): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    // Signal the postmaster itself: runuser does not pass every signal on.
    const pid = postmasterPid() ?? running.pid;
    if (pid !== undefined) process.kill(pid, mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    await exited;
  };

  return {
    get url() {
      return `postgres://authwire:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    },
    get port() {
      return port;
    },
    user: 'authwire',
    password,
    database: 'postgres',
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

/** Spawns postgres and resolves once it logs that it accepts connections. */
async function spawnReady(command: string, args: readonly string[], port: number): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`postgres did not become ready on port ${port} within 30 s:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes('ready to accept connections')) {
        clearTimeout(timer);
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
      reject(new Error(`postgres exited (${code ?? signal}) before it was ready on port ${port}:\n${output}`));
    });
  });
  return child;
}
