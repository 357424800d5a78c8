// What `import('authwire')` loads on a cold start, seen from a fresh node process running the
// compiled sources: the import does not touch Node's global Headers (which loads its bundled
// undici) nor load node:tls or node:worker_threads; a program that only sends a static bearer token loads no dependency (p-queue,
// jsonc-parser, jose) and no HTTP server; the first token request loads p-queue, the first JSON
// body an authenticator changes loads jsonc-parser, and both then work as before.
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, 'node_modules/.cache/authwire-cold-import');
const entry = pathToFileURL(join(out, 'src/index.js')).href;
// Where serializeBody lives: imported after the measured import, to read what was sent.
const kitEntry = pathToFileURL(join(out, 'src/entries/adapter-kit.js')).href;
// Where the process-wide token-request queue is set and read.
const tokensEntry = pathToFileURL(join(out, 'src/entries/tokens.js')).href;
const run = promisify(execFile);

// Records every module the ESM loader loads (load hook) and every one `require` loaded
// (require.cache), then prints the packages under node_modules and the node: built-ins among them.
const harness = (body: string): string => `
import { createRequire, register } from 'node:module';
const seen = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => seen.add(url));
port1.unref();
const hook = 'export async function initialize({ port }) { globalThis.port = port; } export async function load(url, context, next) { globalThis.port.postMessage(url); return next(url, context); }';
register('data:text/javascript,' + encodeURIComponent(hook), { data: { port: port2 }, transferList: [port2] });
const authwire = await import(${JSON.stringify(entry)});
// Node's own fetch, Headers and Request live in its bundled undici, loaded when one is first read.
const undiciAtImport = process.moduleLoadList.some((name) => name.includes('internal/deps/undici'));
const result = await (async () => { ${body} })();
await new Promise((resolve) => setTimeout(resolve, 100));
for (const path of Object.keys(createRequire(import.meta.url).cache)) seen.add(path);
const loaded = [...seen].flatMap((url) => {
  const pkg = /node_modules\\/((?:@[^/]+\\/)?[^/.][^/]*)\\//.exec(url.replace(/^.*\\/node_modules\\/\\.cache\\/[^/]+\\//, ''));
  if (pkg !== null) return [pkg[1]];
  return url === 'node:http' || url === 'node:https' ? [url] : [];
});
console.log(JSON.stringify({ loaded: [...new Set(loaded)].sort(), undiciAtImport, result }));
`;

interface ChildReport {
  readonly loaded: string[];
  readonly undiciAtImport: boolean;
  readonly result: unknown;
}

async function inChild(body: string): Promise<ChildReport> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', harness(body)], { cwd: root, timeout: 60_000 });
  return JSON.parse(stdout) as ChildReport;
}

describe('a cold import of authwire', () => {
  beforeAll(async () => {
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', out, '--declaration', 'false'], { cwd: root });
  }, 180_000);

  it('the import itself does not make Node load its bundled undici (the global Headers, fetch, Request)', async () => {
    const { undiciAtImport } = await inChild('return null;');
    expect(undiciAtImport).toBe(false);
  });

  it('the import loads neither node:tls nor node:worker_threads; the file store loads worker_threads on its first lock', async () => {
    // A bare child: the harness's loader hook runs in a worker thread of its own.
    const script = `
      const listed = (name) => process.moduleLoadList.includes('NativeModule ' + name);
      const authwire = await import(${JSON.stringify(entry)});
      const atImport = ['tls', 'worker_threads'].filter(listed);
      const store = new authwire.FileTokenStore({ path: (await import('node:os')).tmpdir() + '/authwire-cold-' + process.pid + '.json' });
      const lock = await store.lock('k', 1000);
      await lock?.release();
      console.log(JSON.stringify({ atImport, locked: lock !== undefined, workerThreadsAfterLock: listed('worker_threads') }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual({ atImport: [], locked: true, workerThreadsAfterLock: true });
  });

  it('bearerAuth alone loads no dependency and no HTTP server module', async () => {
    const { loaded, result } = await inChild(`
      const auth = authwire.bearerAuth({ token: 'tok-1' });
      const request = { method: 'POST', url: new URL('https://api.example/items'), headers: new Headers(), body: { type: 'json', value: { n: 1 }, text: '{ "n": 1 }' } };
      await auth.authenticate(request, { attempt: 0 });
      return { authorization: request.headers.get('authorization'), body: (await import(${JSON.stringify(kitEntry)})).serializeBody(request.body).data };
    `);
    expect(result).toEqual({ authorization: 'Bearer tok-1', body: '{ "n": 1 }' });
    expect(loaded).toEqual([]);
  });

  it('the first token request loads p-queue, and the shared queue runs it', async () => {
    const { loaded, result } = await inChild(`
      const tokens = await import(${JSON.stringify(tokensEntry)});
      const before = tokens.tokenRequestQueueStats();
      const manager = new authwire.TokenManager({ key: 'k', fetchToken: async () => ({ accessToken: 'at-1', tokenType: 'Bearer', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 }) });
      const token = await manager.getToken();
      await manager.close();
      return { before, token: token.accessToken, after: tokens.tokenRequestQueueStats() };
    `);
    expect(result).toEqual({
      before: { running: 0, waiting: 0, concurrency: 16 },
      token: 'at-1',
      after: { running: 0, waiting: 0, concurrency: 16 },
    });
    expect(loaded).toEqual(['eventemitter3', 'p-queue', 'p-timeout']);
  });

  it('setTokenRequestConcurrency before the first token request applies to the queue it loads', async () => {
    const { result } = await inChild(`
      const tokens = await import(${JSON.stringify(tokensEntry)});
      tokens.setTokenRequestConcurrency(3);
      const manager = new authwire.TokenManager({ key: 'k', fetchToken: async () => ({ accessToken: 'at-1', tokenType: 'Bearer', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 }) });
      await manager.getToken();
      await manager.close();
      return tokens.tokenRequestQueueStats();
    `);
    expect(result).toEqual({ running: 0, waiting: 0, concurrency: 3 });
  });

  it('the first JSON body an authenticator changes loads jsonc-parser, and the splice keeps the caller\'s bytes', async () => {
    const { loaded, result } = await inChild(`
      const auth = authwire.apiKeyAuth({ key: 'k-1', in: 'json', name: 'apiKey' });
      const text = '{"id": 12345678901234567890, "b" : 1}';
      const request = { method: 'POST', url: new URL('https://api.example/items'), headers: new Headers(), body: { type: 'json', value: JSON.parse(text), text } };
      await auth.authenticate(request, { attempt: 0 });
      return (await import(${JSON.stringify(kitEntry)})).serializeBody(request.body).data;
    `);
    expect(result).toBe('{"id": 12345678901234567890, "b" : 1,"apiKey":"k-1"}');
    expect(loaded).toEqual(['jsonc-parser']);
  });
});
