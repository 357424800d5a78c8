// `npm run demo` as a user runs it: compiled with examples/demo/tsconfig.build.json, then run by
// plain node as a child process. A short run must cross token expiries (more than one token
// request), fail no request, and exit 0 with nothing left open.
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { startRedisOrSkip } from '../servers/redis.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const demo = join(root, 'examples/demo/node_modules/.cache/authwire-demo/examples/demo/main.js');
const run = promisify(execFile);

interface DemoRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function runDemo(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<DemoRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [demo, ...args], { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** The numbers of one table row: requests, failed, 401s seen by the app, token requests, tokens used. */
function row(stdout: string, name: string): number[] {
  const line = stdout.split('\n').find((text) => text.startsWith(`${name} `));
  if (line === undefined) throw new Error(`no row '${name}' in the demo's output:\n${stdout}`);
  return line.slice(name.length).trim().split(/\s+/).map((cell) => Number(cell.replaceAll(',', '')));
}

function expectSuccessfulRun(result: DemoRun, clients: readonly string[]): void {
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  const [requests, failed, unauthorized, tokenRequests] = row(result.stdout, 'total');
  expect(failed).toBe(0);
  expect(unauthorized).toBe(0);
  expect(requests).toBeGreaterThan(0);
  // 4-second tokens over 6 seconds: refreshed at least once after the first token.
  expect(tokenRequests).toBeGreaterThan(1);
  for (const client of clients) {
    const [clientRequests, clientFailed] = row(result.stdout, client);
    expect(clientRequests).toBeGreaterThan(0);
    expect(clientFailed).toBe(0);
  }
  // The token endpoint counted the same token requests, and refused none (rotation never broke).
  expect(result.stdout).toContain(`token endpoint        ${tokenRequests} refresh_token requests received, 0 refused`);
  expect(result.stdout).toMatch(/result {16}all [\d,]+ requests succeeded/);
  // The demo's guard against a hang: it only speaks when something was left open.
  expect(result.stderr).not.toContain('left open');
}

describe('npm run demo', () => {
  beforeAll(async () => {
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'examples/demo/tsconfig.build.json'], { cwd: root });
  }, 180_000);

  it('axios, got, ky and fetch share one authenticator across token expiries: no request fails, tokens refresh, exit 0', async () => {
    const result = await runDemo(['--seconds', '6', '--concurrency', '2']);
    expectSuccessfulRun(result, ['axios', 'got', 'ky', 'fetch']);
  }, 90_000);

  it('--store redis without REDIS_URL says how to get one and exits 2', async () => {
    const result = await runDemo(['--store', 'redis'], { REDIS_URL: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('REDIS_URL is not set');
    expect(result.stderr).toContain('redis-server');
  });

  it('a bad option exits 2 and points at --help', async () => {
    const result = await runDemo(['--clients', 'axios,curl']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--help');
  });

  it.runIf(process.env.CI === 'true')('--store redis shares the token through Redis: no request fails, exit 0 (CI)', async () => {
    const redis = await startRedisOrSkip('the demo with --store redis');
    if (redis === undefined) return;
    try {
      const result = await runDemo(['--seconds', '6', '--concurrency', '2', '--store', 'redis'], { REDIS_URL: redis.url });
      expectSuccessfulRun(result, ['axios', 'got', 'ky', 'fetch']);
      expect(result.stdout).toContain('token store           redis');
    } finally {
      await redis.close();
    }
  }, 90_000);
});
