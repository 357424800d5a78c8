// One-shot scripts (a CLI, a cron job, a worker thread) that await a token while authwire waits
// on a timer — a backoff after a 503, another process's lease on a shared FileTokenStore — must
// stay alive until they have their result or their error, and must still exit by themselves once
// nothing is pending. Each script runs as a child process with nothing else keeping it alive (no
// IPC channel, no close() call).
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTokenStore, oauth2Auth } from '../../src/index.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';
import { startTokenServer, tokenReply, type TokenServer } from '../servers/token-server.js';
import { compileForChild } from '../stores/fixtures/compile.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = join(root, 'test/cross-process/fixtures/exit');

let directory: string;
let scripts: string;
let tokens: TokenServer;
let resource: ResourceServer;
let storeDirectory: string;

beforeAll(async () => {
  const compiled = compileForChild('test/cross-process/fixtures/exit/entry.ts');
  directory = compiled.directory;
  symlinkSync(join(root, 'node_modules'), join(directory, 'node_modules'), 'dir');
  scripts = dirname(compiled.script);
  for (const name of readdirSync(fixtures)) if (!name.endsWith('.ts')) copyFileSync(join(fixtures, name), join(scripts, name));
  storeDirectory = mkdtempSync(join(tmpdir(), 'authwire-exit-store-'));
  tokens = await startTokenServer();
  resource = await startResourceServer(() => true);
});
afterAll(async () => {
  await tokens.close();
  await resource.close();
  rmSync(directory, { recursive: true, force: true });
  rmSync(storeDirectory, { recursive: true, force: true });
});

interface ScriptConfig {
  readonly tokenUrl: string;
  readonly resourceUrl: string;
  readonly storePath?: string;
  readonly lockWaitMs?: number;
}

interface Outcome {
  readonly code: number | null;
  readonly lines: string[];
}

/** Runs a script to its end; the 60 s kill is a safety net against a hang, not a timing check. */
function run(script: string, config: ScriptConfig, onLine?: (line: string) => void): Promise<Outcome> {
  return new Promise((resolvePromise) => {
    const child = execFile(process.execPath, ['--no-warnings', join(scripts, script), JSON.stringify(config)], { timeout: 60_000 }, (error, stdout) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolvePromise({ code, lines: stdout.split('\n').filter((line) => line !== '') });
    });
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) onLine?.(line);
    });
  });
}

function config(extra: Partial<ScriptConfig> = {}): ScriptConfig {
  return { tokenUrl: tokens.tokenUrl, resourceUrl: resource.url, ...extra };
}

const flavours = [
  ['ESM with top-level await', 'cli.mjs'],
  ['CommonJS with require()', 'cli.cjs'],
  ['a worker thread', 'worker-main.mjs'],
] as const;

describe.each(flavours)('a one-shot script (%s)', (_name, script) => {
  it('gets its token after a 503 (backoff) and its request answers 200', async () => {
    tokens.reply((_request, index) => (index === 0 ? { status: 503, body: { error: 'temporarily_unavailable' } } : tokenReply()));
    const outcome = await run(script, config());
    expect(outcome.lines).toEqual(['started', 'status 200', 'finally']);
    expect(outcome.code).toBe(0);
  });

  it('ends with ERR_AUTH_TOKEN_REQUEST_FAILED and runs its finally when the endpoint keeps answering 503', async () => {
    tokens.reply(() => ({ status: 503, body: { error: 'temporarily_unavailable' } }));
    const before = tokens.requests.length;
    const outcome = await run(script, config());
    expect(outcome.lines).toEqual(['started', 'error ERR_AUTH_TOKEN_REQUEST_FAILED', 'finally']);
    expect(tokens.requests.length - before).toBe(3); // backoff.maxAttempts
    expect(outcome.code).toBe(0);
  });

  it('ends with ERR_AUTH_TIMEOUT when another process holds the file store lease and never lets go', async () => {
    tokens.reply(() => tokenReply());
    const storePath = join(storeDirectory, `held-${script}.json`);
    // This (live) process takes the lease the script needs and keeps it.
    const twin = oauth2Auth({ grant: 'client_credentials', tokenUrl: tokens.tokenUrl, clientId: 'one-shot', clientSecret: 'one-shot-secret' });
    const lease = await new FileTokenStore({ path: storePath }).lock(twin.tokenManager.key, 600_000);
    expect(lease).toBeDefined();
    try {
      const outcome = await run(script, config({ storePath, lockWaitMs: 1_500 }));
      expect(outcome.lines).toEqual(['started', 'error ERR_AUTH_TIMEOUT', 'finally']);
    } finally {
      await lease?.release();
      await twin.close();
    }
  });

  it('exits by itself once its work is done, without close()', async () => {
    tokens.reply(() => tokenReply());
    const outcome = await run(script, config());
    expect(outcome.lines).toEqual(['started', 'status 200', 'finally']);
    expect(outcome.code).toBe(0);
  });
});

describe('two CLIs started together on one FileTokenStore', () => {
  it.each(['cli.mjs', 'cli.cjs'])('both print 200 (%s): the second waits for the first one\'s lease, and one token request is sent', async (script) => {
    const storePath = join(storeDirectory, `shared-${script}.json`);
    let secondStarted!: () => void;
    const started = new Promise<void>((resolvePromise) => (secondStarted = resolvePromise));
    // The first token request is answered only once the second CLI is under way, so it finds the lease taken.
    tokens.reply(async () => {
      await started;
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 1_000));
      return tokenReply();
    });
    const before = tokens.requests.length;
    const first = run(script, config({ storePath }));
    const second = new Promise<Outcome>((resolvePromise) => {
      const waitForFirst = setInterval(() => {
        if (tokens.requests.length === before) return;
        clearInterval(waitForFirst);
        resolvePromise(run(script, config({ storePath }), (line) => line === 'started' && secondStarted()));
      }, 20);
    });
    const outcomes = await Promise.all([first, second]);
    for (const outcome of outcomes) expect(outcome.lines).toEqual(['started', 'status 200', 'finally']);
    expect(tokens.requests.length - before).toBe(1);
  });
});
