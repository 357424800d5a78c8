// Runs the bench servers in a child process and drives them over IPC: the client process then
// measures only client-side work (on a 2-core machine the server gets the other core).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerConfig, ServerStats } from './servers.js';

export type ServerRequest =
  | { readonly id: number; readonly op: 'stats' | 'reset' | 'close'; readonly config?: undefined }
  | { readonly id: number; readonly op: 'configure'; readonly config: Partial<ServerConfig> };

export type ServerReply =
  | { readonly id: number; readonly ok: true; readonly value?: ServerStats }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** A request before it is numbered (Omit on each member: Omit on a union would merge them). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The servers as seen from the bench process. */
export interface RemoteServers {
  readonly apiOrigin: string;
  readonly tokenUrl: string;
  readonly pid: number;
  stats(): Promise<ServerStats>;
  reset(): Promise<void>;
  configure(config: Partial<ServerConfig>): Promise<void>;
  close(): Promise<void>;
}

export async function forkServers(config: ServerConfig): Promise<RemoteServers> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./server-child.js', import.meta.url)), [JSON.stringify(config)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
  });
  const ready = await new Promise<{ apiOrigin: string; tokenUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench servers did not start within 10 s')), 10_000);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench servers exited (${String(code)}) before they were ready`)));
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve((message as { ready: { apiOrigin: string; tokenUrl: string } }).ready);
    });
  });
  child.removeAllListeners('exit');
  let next = 0;
  const waiting = new Map<number, { resolve: (reply: ServerReply) => void }>();
  child.on('message', (message) => {
    const reply = message as ServerReply;
    waiting.get(reply.id)?.resolve(reply);
    waiting.delete(reply.id);
  });
  const call = async (request: WithoutId<ServerRequest>): Promise<ServerReply> => {
    const id = ++next;
    const reply = await new Promise<ServerReply>((resolve) => {
      waiting.set(id, { resolve });
      child.send({ ...request, id });
    });
    if (!reply.ok) throw new Error(`bench servers: ${reply.error}`);
    return reply;
  };
  return {
    ...ready,
    pid: child.pid ?? 0,
    stats: async () => {
      const reply = await call({ op: 'stats' });
      if (!reply.ok || reply.value === undefined) throw new Error('bench servers: no stats');
      return reply.value;
    },
    reset: async () => {
      await call({ op: 'reset' });
    },
    configure: async (next) => {
      await call({ op: 'configure', config: next });
    },
    // Idempotent: a second close (a finally block after a normal end) must not write to a closed channel.
    close: async () => {
      if (!child.connected || child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await call({ op: 'close' });
      await exited;
    },
  };
}
