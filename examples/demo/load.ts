// Drives every client with `concurrency` request loops each until the time is up, and counts
// what the application sees: a status other than 2xx, or an error, is a failed request.
import type { ClientName, Send } from './clients.js';
import { asClient } from './token-requests.js';

/** What the application saw from one client. */
export interface ClientStats {
  requests: number;
  failed: number;
  /** 401 responses that reached the application (authwire's retry did not cure them). */
  unauthorized: number;
  /** Failures by description, for the report. */
  readonly failures: Map<string, number>;
}

export interface LoadOptions {
  readonly clients: ReadonlyMap<ClientName, Send>;
  readonly concurrency: number;
  readonly durationMs: number;
  /** Ends the run early (Ctrl-C). */
  readonly signal: AbortSignal;
  /** A request not answered within this long counts as failed. */
  readonly requestTimeoutMs: number;
}

export function emptyStats(): ClientStats {
  return { requests: 0, failed: 0, unauthorized: 0, failures: new Map() };
}

/** Runs the load; resolves when every loop has finished its last request. */
export async function runLoad(options: LoadOptions, stats: ReadonlyMap<ClientName, ClientStats>): Promise<void> {
  const deadline = Date.now() + options.durationMs;
  const loops: Promise<void>[] = [];
  for (const [name, send] of options.clients) {
    const entry = stats.get(name);
    if (entry === undefined) throw new Error(`no stats for ${name}`);
    for (let loop = 0; loop < options.concurrency; loop++) {
      loops.push(asClient(name, () => requestLoop(send, entry, deadline, options)));
    }
  }
  await Promise.all(loops);
}

async function requestLoop(send: Send, stats: ClientStats, deadline: number, options: LoadOptions): Promise<void> {
  while (Date.now() < deadline && !options.signal.aborted) {
    let failure: string | undefined;
    try {
      const status = await send(AbortSignal.timeout(options.requestTimeoutMs));
      if (status === 401) stats.unauthorized += 1;
      if (status < 200 || status > 299) failure = `HTTP ${status}`;
    } catch (error) {
      failure = describe(error);
    }
    stats.requests += 1;
    if (failure !== undefined) {
      stats.failed += 1;
      stats.failures.set(failure, (stats.failures.get(failure) ?? 0) + 1);
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`.slice(0, 200);
}
