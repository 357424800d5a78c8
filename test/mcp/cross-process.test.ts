// Six MCP client processes (the SDK's Client and StreamableHTTPClientTransport, authwire's fetch,
// the built package) share one sign-in through RedisTokenStore and call a tool continuously
// through one access-token expiry. The server rotates refresh tokens and revokes the whole family
// when a rotated one comes back, as the SDK's built-in provider makes happen when several
// processes refresh at once. Exactly one refresh reaches the token endpoint, no family is revoked
// and no call fails; each child exits by itself once it is done. Skips loudly without
// redis-server (fails under CI=true).
import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpAuthProvider } from '../../src/entries/mcp.js';
import type { Token } from '../../src/index.js';
import { RedisTokenStore } from '../../src/stores/redis.js';
import { startMcpServer, type TestMcpServer } from '../servers/mcp-server.js';
import { startRedisOrSkip } from '../servers/redis.js';
import { consentOverHttp } from './support/consent.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const child = join(root, 'test/mcp/fixtures/mcp-child.mjs');
const PROCESSES = 6;
const TTL_SECONDS = 6;
/**
 * Refreshed in the last 1.5 s of the token's life. The children stop 1.5 s after the first token
 * expires; the refreshed token's window opens 3 s later than that at the earliest: one refresh.
 */
const REFRESH_WINDOW_MS = 1_500;
const RUN_PAST_EXPIRY_MS = 1_500;

const redis = await startRedisOrSkip('test/mcp/cross-process.test.ts (MCP clients sharing RedisTokenStore)');
let server: TestMcpServer;

interface ChildResult {
  readonly code: number | null;
  readonly ok: number;
  readonly failures: string[];
}

/** One child: loaded and waiting for `start`, then run to its own end (nothing kills it). */
class McpChild {
  readonly ready: Promise<void>;
  readonly done: Promise<ChildResult>;
  readonly #process: ChildProcessByStdio<Writable, Readable, Readable>;

  constructor(config: Record<string, unknown>) {
    this.#process = spawn(process.execPath, [child, JSON.stringify(config)], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let markReady: () => void = () => undefined;
    this.ready = new Promise((resolveReady) => (markReady = resolveReady));
    this.#process.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.startsWith('ready\n')) markReady();
    });
    this.#process.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    this.done = new Promise((resolveResult) => {
      this.#process.once('close', (code) => {
        markReady();
        const line = stdout.trim().split('\n').at(-1) ?? '';
        let parsed: { ok?: number; failures?: string[] } = {};
        try {
          parsed = JSON.parse(line) as typeof parsed;
        } catch {
          // No result line: the child failed before it; its stderr says why.
        }
        resolveResult({ code, ok: parsed.ok ?? 0, failures: parsed.failures ?? [`no result line (exit ${String(code)}); stderr: ${stderr}`] });
      });
    });
  }

  /** Sends the deadline and closes stdin: from here on only the child's own work keeps it alive. */
  start(untilMs: number): void {
    this.#process.stdin.end(`${JSON.stringify({ untilMs })}\n`);
  }

  kill(): void {
    if (this.#process.exitCode === null) this.#process.kill('SIGKILL');
  }
}

describe.runIf(redis !== undefined)('six MCP client processes share one token through Redis', () => {
  beforeAll(async () => {
    // The children run the package as built, through its exports map.
    await promisify(execFile)('npm', ['run', 'build'], { cwd: root });
    server = await startMcpServer({ accessTokenTtlSeconds: TTL_SECONDS });
  }, 240_000);
  afterAll(async () => {
    await server?.close();
    await redis?.close();
  });

  it('one refresh for the expiry, no family revoked, no failed call, every child exits by itself', async () => {
    const prefix = `authwire-mcp-${randomUUID()}:`;
    let signedIn: Token;
    let results: ChildResult[];
    const shared = {
      serverUrl: server.url,
      issuer: server.issuer,
      clientId: server.clientId,
      scope: [server.scope],
      refreshWindowMs: REFRESH_WINDOW_MS,
      forcedRefreshWindowMs: 1_000,
    };
    const children = Array.from({ length: PROCESSES }, () => new McpChild({ ...shared, redisUrl: redis!.url, prefix, concurrency: 2 }));
    try {
      await Promise.all(children.map((each) => each.ready));
      // The user signs in once, here; the children find the token in Redis.
      const parentRedis = new Redis(redis!.url, { maxRetriesPerRequest: 1 });
      const provider = mcpAuthProvider({ ...shared, store: new RedisTokenStore({ client: parentRedis, prefix }), login: { open: (url) => void consentOverHttp(url) } });
      await provider.signIn();
      signedIn = await (await provider.authenticator()).getToken();
      await provider.close();
      parentRedis.disconnect();
      expect(server.provider.events).toEqual([expect.objectContaining({ grant: 'authorization_code', ok: true })]);
      for (const each of children) each.start(signedIn.expiresAt + RUN_PAST_EXPIRY_MS);
      results = await Promise.all(children.map((each) => each.done));
    } finally {
      for (const each of children) each.kill();
    }

    for (const result of results) {
      expect(result.failures).toEqual([]);
      expect(result.code).toBe(0);
      expect(result.ok).toBeGreaterThan(0);
    }
    const refreshes = server.provider.events.filter((event) => event.grant === 'refresh_token');
    expect(refreshes).toEqual([expect.objectContaining({ ok: true, resource: server.url })]);
    expect(server.provider.revokedFamilies).toBe(0);
    // 200 for calls, 202 for notifications, 405 for the SSE stream this server does not offer: never a 401.
    expect(server.requests.filter((request) => ![200, 202, 405].includes(request.status))).toEqual([]);
    // The calls went through the expiry: some used the signed-in token, some the refreshed one, nothing else.
    const used = new Set(server.requests.map((request) => request.token));
    expect(used.has(signedIn.accessToken)).toBe(true);
    expect(used.size).toBe(2);
    expect(server.toolCalls()).toBe(results.reduce((sum, result) => sum + result.ok, 0));
  }, 120_000);
});
