import type PQueue from 'p-queue';
import { invalidConfig } from '../errors.js';

/**
 * Runs token requests with a cap on how many are in flight at once. The default is one
 * process-wide queue shared by every token manager, so thousands of tenants whose tokens expire
 * together do not flood the authorization server. A `p-queue` instance fits this type.
 *
 * @example
 * ```ts
 * import PQueue from 'p-queue';
 * const limiter: TokenRequestLimiter = new PQueue({ concurrency: 2 });
 * ```
 */
export interface TokenRequestLimiter {
  /** Runs `task` when a slot is free; `signal` takes a task that has not started out of the queue. */
  add<T>(task: () => Promise<T>, options?: { readonly signal?: AbortSignal }): Promise<T>;
}

/**
 * A signal for {@link TokenRequestLimiter.add} that follows `signal` only until the task starts.
 * p-queue also races a running task against its signal and rejects at once while the task goes on;
 * a token refresh that started must instead finish (store its token, release its lease) and be
 * what its callers and `close()` wait for. Call `started()` first thing in the task.
 *
 * @example
 * ```ts
 * const queued = whileQueued(closeSignal);
 * await limiter.add(async () => { queued.started(); return refresh(); }, { signal: queued.signal });
 * ```
 */
export function whileQueued(signal: AbortSignal): { readonly signal: AbortSignal; started(): void } {
  const controller = new AbortController();
  if (signal.aborted) {
    controller.abort(signal.reason);
    return { signal: controller.signal, started: () => undefined };
  }
  const onAbort = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, started: () => signal.removeEventListener('abort', onAbort) };
}

/**
 * The default concurrency of the shared token-request queue.
 *
 * @example
 * ```ts
 * setTokenRequestConcurrency(DEFAULT_TOKEN_REQUEST_CONCURRENCY); // back to the default
 * ```
 */
export const DEFAULT_TOKEN_REQUEST_CONCURRENCY = 16;

// p-queue is loaded by the first token request, not at import: an application that only uses
// static credentials (a bearer token, an API key) never pays for it on a cold start.
let concurrency = DEFAULT_TOKEN_REQUEST_CONCURRENCY;
let sharedQueue: PQueue | undefined;
let loading: Promise<PQueue> | undefined;
/** Tasks handed to the shared queue while p-queue is still loading: they wait for a slot too. */
let waitingForLoad = 0;

function loadQueue(): Promise<PQueue> {
  loading ??= import('p-queue').then(
    ({ default: Queue }) => (sharedQueue = new Queue({ concurrency })),
    (error: unknown) => {
      loading = undefined; // the next token request tries again
      throw error;
    },
  );
  return loading;
}

async function addToSharedQueue<T>(task: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  let queue = sharedQueue;
  if (queue === undefined) {
    waitingForLoad += 1;
    try {
      queue = await loadQueue();
    } finally {
      waitingForLoad -= 1;
    }
  }
  return queue.add(task, signal === undefined ? {} : { signal });
}

/** The process-wide queue every token manager uses unless given its own limiter. */
export const sharedTokenRequestLimiter: TokenRequestLimiter = {
  add: <T>(task: () => Promise<T>, options?: { readonly signal?: AbortSignal }): Promise<T> => addToSharedQueue(task, options?.signal),
};

/**
 * Sets how many token requests may be in flight at once across the whole process (default 16).
 *
 * @example
 * ```ts
 * setTokenRequestConcurrency(4);
 * ```
 */
export function setTokenRequestConcurrency(value: number): void {
  if (!Number.isInteger(value) || value < 1) throw invalidConfig('concurrency', 'an integer of 1 or more');
  concurrency = value;
  if (sharedQueue !== undefined) sharedQueue.concurrency = value;
}

/**
 * How busy the shared token-request queue is: requests running and requests waiting for a slot.
 *
 * @example
 * ```ts
 * const { running, waiting } = tokenRequestQueueStats();
 * ```
 */
export function tokenRequestQueueStats(): TokenRequestQueueStats {
  return { running: sharedQueue?.pending ?? 0, waiting: (sharedQueue?.size ?? 0) + waitingForLoad, concurrency };
}

/**
 * What {@link tokenRequestQueueStats} reports.
 *
 * @example
 * ```ts
 * const stats: TokenRequestQueueStats = tokenRequestQueueStats();
 * ```
 */
export interface TokenRequestQueueStats {
  /** Token requests in flight. */
  readonly running: number;
  /** Token requests waiting for a slot. */
  readonly waiting: number;
  /** The cap on requests in flight. */
  readonly concurrency: number;
}
