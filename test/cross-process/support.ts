// The parent's side of the cross-process tests: compile the child script once, fork children,
// follow what they report, and record what the token endpoint did.
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OidcServer } from '../servers/oidc.js';
import { compileForChild } from '../stores/fixtures/compile.js';
import type { ChildConfig, ChildMessage, ParentMessage, TrafficReport } from './fixtures/protocol.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The child script transpiled (with the sources it imports) into a temp directory that sees our node_modules. */
export interface CompiledClient {
  readonly script: string;
  remove(): void;
}

/** Transpiles fixtures/client.ts for `node` (Node 20 runs no TypeScript) and links node_modules next to it. */
export function compileClient(): CompiledClient {
  const { script, directory } = compileForChild('test/cross-process/fixtures/client.ts');
  symlinkSync(join(root, 'node_modules'), join(directory, 'node_modules'), 'dir');
  return { script, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/**
 * Polls `check` until it holds; fails naming `what` (a string, or a function that describes the
 * state at that moment) after `timeoutMs`: a deadline against hanging, not an assertion on speed.
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** One forked child and everything it has said. */
export class Child {
  readonly messages: ChildMessage[] = [];
  readonly #process: ChildProcess;
  #exit: Promise<number | null>;

  constructor(script: string, config: ChildConfig) {
    this.#process = fork(script, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#process.on('message', (message: ChildMessage) => this.messages.push(message));
    this.#exit = new Promise((resolve) => this.#process.once('exit', (code) => resolve(code)));
  }

  /** The first message of `type` that satisfies `match`, waiting for it. */
  async next<T extends ChildMessage['type']>(type: T, match: (message: Extract<ChildMessage, { type: T }>) => boolean = () => true, from = 0): Promise<Extract<ChildMessage, { type: T }>> {
    let found: Extract<ChildMessage, { type: T }> | undefined;
    await waitUntil(() => {
      found = this.messages.slice(from).find((message): message is Extract<ChildMessage, { type: T }> => message.type === type && match(message as Extract<ChildMessage, { type: T }>));
      return found !== undefined || this.#process.exitCode !== null;
    }, `the child says ${type}`);
    if (found === undefined) throw new Error(`the child exited (${String(this.#process.exitCode)}) before saying ${type}`);
    return found;
  }

  /** What went wrong so far: each outcome other than `ok` with its phase and first error message. */
  problems(): string[] {
    return this.messages.flatMap((message) =>
      message.type === 'outcome' && message.outcome !== 'ok' ? [`${message.phase}: ${message.outcome} (${message.detail ?? ''})`] : [],
    );
  }

  /** Whether the child reported `outcome` during `phase`. */
  saw(phase: string, outcome: string): boolean {
    return this.messages.some((message) => message.type === 'outcome' && message.phase === phase && message.outcome === outcome);
  }

  send(message: ParentMessage): void {
    this.#process.send(message);
  }

  /** Stops a traffic child and returns its report. */
  async stop(): Promise<TrafficReport> {
    this.send({ type: 'stop' });
    const { report } = await this.next('done');
    await this.#exit;
    return report;
  }

  /** Ends a probe child (it closes its manager and store, then exits). */
  async end(): Promise<void> {
    if (this.#process.connected) this.#process.disconnect();
    await this.#exit;
  }

  kill(): void {
    if (this.#process.exitCode === null) this.#process.kill('SIGKILL');
  }
}

/** One successful or failed request at the token endpoint, with when the parent saw it. */
export interface TokenEndpointEvent {
  readonly grantType: string;
  readonly ok: boolean;
  readonly error?: string;
  /** `Date.now()` in this process when the answer was ready. */
  readonly at: number;
  /** The access token's `expires_in` (seconds), for successes. */
  readonly expiresIn?: number;
}

/** Records every answer of oidc-provider's token endpoint from now on. */
export function recordTokenEndpoint(oidc: OidcServer): TokenEndpointEvent[] {
  const events: TokenEndpointEvent[] = [];
  oidc.provider.on('grant.success', (ctx: unknown) => {
    const { oidc: state, body } = ctx as { oidc?: { params?: Record<string, unknown> }; body?: { expires_in?: unknown } };
    const expiresIn = typeof body?.expires_in === 'number' ? body.expires_in : undefined;
    events.push({ grantType: String(state?.params?.['grant_type'] ?? ''), ok: true, at: Date.now(), ...(expiresIn === undefined ? {} : { expiresIn }) });
  });
  oidc.provider.on('grant.error', (ctx: unknown, error: unknown) => {
    const state = (ctx as { oidc?: { params?: Record<string, unknown> } }).oidc;
    events.push({ grantType: String(state?.params?.['grant_type'] ?? ''), ok: false, error: String((error as { error?: unknown }).error ?? 'unknown'), at: Date.now() });
  });
  return events;
}

/**
 * Refreshes that replaced an access token which was still fresh: issued less than
 * `lifeMs - refreshWindowMs - slackMs` before the next refresh arrived. With one refresh per
 * expiry there are none; a process refreshing again right after another one did shows up here.
 * `slackMs` absorbs the token request's own latency (the client counts the lifetime from when it
 * sent the request, the server from when it answered).
 */
export function refreshesOfFreshTokens(events: readonly TokenEndpointEvent[], refreshWindowMs: number, slackMs: number): TokenEndpointEvent[] {
  const issued = events.filter((event) => event.ok && event.grantType === 'refresh_token');
  return issued.slice(1).filter((event, index) => {
    const previous = issued[index];
    if (previous?.expiresIn === undefined) return false;
    return event.at < previous.at + previous.expiresIn * 1000 - refreshWindowMs - slackMs;
  });
}
