// The parent's side of a chaos worker (fixtures/worker.ts): fork it, follow what it says, stop or
// kill it. No test framework here: bench/chaos.ts uses it too.
import { fork, type ChildProcess } from 'node:child_process';
import type { GatePoint, Outcomes, ParentMessage, WorkerConfig, WorkerMessage } from './fixtures/protocol.js';

/**
 * Polls `check` until it holds; fails naming `what` after `timeoutMs`: a deadline against
 * hanging, not an assertion on speed.
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One forked worker and everything it has said. */
export class WorkerProcess {
  readonly messages: WorkerMessage[] = [];
  readonly index: number;
  readonly #process: ChildProcess;
  readonly #exit: Promise<void>;

  constructor(script: string, config: WorkerConfig) {
    this.index = config.index;
    this.#process = fork(script, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#process.on('message', (message: WorkerMessage) => this.messages.push(message));
    this.#exit = new Promise((resolve) => this.#process.once('exit', () => resolve()));
  }

  get alive(): boolean {
    return this.#process.exitCode === null && this.#process.signalCode === null;
  }

  /** The first message of `type` that satisfies `match`, waiting for it. */
  async next<T extends WorkerMessage['type']>(type: T, match: (message: Extract<WorkerMessage, { type: T }>) => boolean = () => true): Promise<Extract<WorkerMessage, { type: T }>> {
    let found: Extract<WorkerMessage, { type: T }> | undefined;
    await waitUntil(() => {
      found = this.messages.find((message): message is Extract<WorkerMessage, { type: T }> => message.type === type && match(message as Extract<WorkerMessage, { type: T }>));
      return found !== undefined || !this.alive;
    }, `worker ${this.index} says ${type}; it said: ${this.problems().join(', ')}`);
    if (found === undefined) throw new Error(`worker ${this.index} exited before saying ${type}`);
    return found;
  }

  /** Whether the worker has had a request succeed in `phase`. */
  succeededIn(phase: string): boolean {
    return this.messages.some((message) => message.type === 'progress' && message.phase === phase);
  }

  /** Whether the worker stopped at a gate. */
  gated(at: GatePoint): boolean {
    return this.messages.some((message) => message.type === 'gated' && message.at === at);
  }

  /** The first failure of each kind per phase, with its message chain. */
  problems(): string[] {
    return this.messages.flatMap((message) => (message.type === 'problem' ? [`${message.phase}: ${message.outcome} (${message.detail})`] : []));
  }

  send(message: ParentMessage): void {
    if (this.alive && this.#process.connected) this.#process.send(message);
  }

  /** Stops the request loops and resolves with the outcomes by phase. */
  async stop(): Promise<Outcomes> {
    this.send({ type: 'stop' });
    const { outcomes } = await this.next('done');
    await this.#exit;
    return outcomes;
  }

  /** Sends `signal` (SIGSTOP, SIGCONT) if the worker still runs. */
  signal(signal: NodeJS.Signals): void {
    if (this.alive) this.#process.kill(signal);
  }

  /** kill -9, resolving once it is gone. */
  async kill(): Promise<void> {
    if (this.alive) this.#process.kill('SIGKILL');
    await this.#exit;
  }
}
