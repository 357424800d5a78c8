// Load shapes: a closed loop (fixed concurrency, fixed count), a burst (everything at once) and a
// paced stream (fixed rate for a fixed time). All bounded in count and time; all stop by themselves.
import { performance } from 'node:perf_hooks';

/** Sends one request; resolves with the HTTP status, rejects on a transport or auth failure. */
export type Send = () => Promise<number>;

/** What one run saw. */
export interface RunRecord {
  readonly durationMs: number;
  /** Latency of every finished request (success or failure), in ms, in completion order. */
  readonly latencies: Float64Array;
  readonly ok: number;
  readonly failed: number;
  /** Non-2xx statuses the caller finally got. */
  readonly statuses: Record<string, number>;
  /** Errors by `code` or name. */
  readonly errors: Record<string, number>;
  /** Paced runs: ticks where `maxInFlight` was reached and a request was not sent. */
  readonly skipped: number;
}

class Recorder {
  readonly latencies: Float64Array;
  count = 0;
  ok = 0;
  failed = 0;
  skipped = 0;
  readonly statuses: Record<string, number> = {};
  readonly errors: Record<string, number> = {};

  constructor(capacity: number) {
    this.latencies = new Float64Array(capacity);
  }

  async time(send: Send): Promise<void> {
    const started = performance.now();
    try {
      const status = await send();
      this.record(started);
      if (status >= 200 && status < 300) this.ok += 1;
      else {
        this.failed += 1;
        this.statuses[status] = (this.statuses[status] ?? 0) + 1;
      }
    } catch (error) {
      this.record(started);
      this.failed += 1;
      const key = errorKey(error);
      this.errors[key] = (this.errors[key] ?? 0) + 1;
    }
  }

  private record(started: number): void {
    if (this.count < this.latencies.length) this.latencies[this.count] = performance.now() - started;
    this.count += 1;
  }

  result(durationMs: number): RunRecord {
    return {
      durationMs, latencies: this.latencies.subarray(0, Math.min(this.count, this.latencies.length)), ok: this.ok, failed: this.failed,
      statuses: this.statuses, errors: this.errors, skipped: this.skipped,
    };
  }
}

/** `code` (AuthError, Node, axios) or the error's name, with the message's start for plain errors. */
export function errorKey(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string') return code;
    if (typeof name === 'string' && name !== 'Error') return name;
    if (typeof message === 'string') return message.slice(0, 60);
  }
  return String(error).slice(0, 60);
}

/** `concurrency` workers send `requests` requests in all, each waiting for its previous one. */
export async function closedLoop(send: Send, requests: number, concurrency: number): Promise<RunRecord> {
  const recorder = new Recorder(requests);
  let issued = 0;
  const worker = async (): Promise<void> => {
    while (issued < requests) {
      issued += 1;
      await recorder.time(send);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
  return recorder.result(performance.now() - started);
}

/** `count` requests started in the same tick; resolves when all have settled. */
export async function burst(send: Send, count: number): Promise<RunRecord> {
  const recorder = new Recorder(count);
  const started = performance.now();
  const all: Promise<void>[] = new Array<Promise<void>>(count);
  for (let index = 0; index < count; index++) all[index] = recorder.time(send);
  await Promise.all(all);
  return recorder.result(performance.now() - started);
}

/** Options of {@link paced}. */
export interface PacedOptions {
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** At most this many requests in flight; beyond it a due request is skipped (and counted). */
  readonly maxInFlight: number;
  /** Called every `sampleEveryMs` while running (heap and handle samples in the soak). */
  readonly onSample?: (elapsedMs: number) => void;
  readonly sampleEveryMs?: number;
}

/** Sends at a fixed rate for a fixed time, then waits for the requests in flight. */
export async function paced(send: Send, options: PacedOptions): Promise<RunRecord> {
  const recorder = new Recorder(Math.ceil((options.ratePerSecond * options.durationMs) / 1000) + 1_000);
  const tickMs = 10;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let due = 0;
  let sent = 0;
  let lastSample = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      if (elapsed >= options.durationMs) {
        clearInterval(timer);
        resolve();
        return;
      }
      if (options.onSample !== undefined && elapsed - lastSample >= (options.sampleEveryMs ?? 5_000)) {
        lastSample = elapsed;
        options.onSample(elapsed);
      }
      due = Math.floor((elapsed * options.ratePerSecond) / 1000);
      while (sent < due) {
        sent += 1;
        if (inFlight.size >= options.maxInFlight) {
          recorder.skipped += 1;
          continue;
        }
        const request = recorder.time(send).finally(() => inFlight.delete(request));
        inFlight.add(request);
      }
    }, tickMs);
  });
  await Promise.all(inFlight);
  return recorder.result(performance.now() - started);
}

/** Resolves at `epochMs` (at once if it has passed). */
export async function until(epochMs: number): Promise<void> {
  const wait = epochMs - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/** Lets the event loop idle for `pauseMs` (sockets settle, timers of the previous run fire). */
export async function idle(pauseMs = 250): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
}

/**
 * Collects garbage (when node runs with --expose-gc) and idles briefly: for heap figures only.
 * Not before a timed run: a forced collection makes V8 drop optimized code, so the run after it
 * re-optimizes instead of running as a warm process does.
 */
export async function settle(pauseMs = 250): Promise<void> {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  await idle(pauseMs);
}
