// The runnable examples of examples/local/ as a user runs them: compiled with
// examples/local/tsconfig.build.json (with the sources they import), then run by plain node as
// child processes. Each starts its own servers on 127.0.0.1, prints what it saw, and must exit 0
// with exactly the output its comments (and the docs that show them) promise.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, 'node_modules/.cache/authwire-examples');
const run = promisify(execFile);

async function runExample(name: string): Promise<string[]> {
  const { stdout, stderr } = await run(process.execPath, [join(out, 'dist/examples/local', `${name}.js`)], { cwd: out, timeout: 30_000 });
  expect(stderr).toBe('');
  return stdout.trimEnd().split('\n');
}

describe('runnable examples (examples/local)', () => {
  beforeAll(async () => {
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'examples/local/tsconfig.build.json'], { cwd: root });
    // The compiled files import 'authwire', 'authwire/fetch', ... as users do: a package.json named
    // authwire beside dist/, with the project's own `exports` map, resolves those to the output.
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name: string; exports: unknown };
    await writeFile(join(out, 'package.json'), `${JSON.stringify({ name: pkg.name, private: true, type: 'module', exports: pkg.exports }, null, 2)}\n`);
  }, 180_000);

  it('bearer-fetch: the token reaches the API, and not the origin a redirect leads to', async () => {
    expect(await runExample('bearer-fetch')).toEqual(['GET /items: 200 { ok: true }', 'GET /moved -> /landing { authorization: null }']);
  });

  it('client-credentials: 100 concurrent requests make one token request; a 401 one more, and a retry', async () => {
    expect(await runExample('client-credentials')).toEqual(['100 requests: 200; token requests: 1', 'after revocation: 200 with token-2; token requests: 2']);
  });

  it('shared-clients: axios, got, ky and fetch share one token', async () => {
    expect(await runExample('shared-clients')).toEqual(['axios 200, got 200, ky 200, fetch 200; token requests: 1']);
  });

  it('session-token: one login for concurrent requests, one more after the server dropped the session', async () => {
    expect(await runExample('session-token')).toEqual(['statuses 200, 200, 200; logins: 1', 'after the server dropped the session: 200; logins: 2']);
  });

  it('config: an authenticator from JSON with an env secret; a mistyped key is reported with its path', async () => {
    expect(await runExample('config')).toEqual([
      "{ received: 'k-123' }",
      'bearer.token: expected a non-empty string or { "env": "NAME" }; bearer: unknown key "tokne"',
    ]);
  });
});
