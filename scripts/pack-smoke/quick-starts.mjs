// Runs the README quick starts (examples/quick-start/*.ts) from an app that installed the packed
// tarball (see scripts/pack-smoke.sh), against scripts/pack-smoke/server.mjs on 127.0.0.1:
//
//   esm      the quick start as it is, as an .mjs file (it is plain JavaScript)
//   cjs      the same with `require()` in place of `import`, in an async function, as a .cjs file
//   ts-esm   the .ts file compiled by tsc (nodenext, lib es2023, skipLibCheck false), then run
//   ts-cjs   the cjs form with TypeScript's `import` syntax as a .cts file, compiled the same way
//
// Their https://api.example.com and https://auth.example.com become the local server (the
// adapters allow plain http to loopback). A run passes when it exits 0 by itself and prints what
// the server answered to the credential it was given; the OAuth2 one must print 100 statuses of
// 200 after one token request.
//
// Usage: node scripts/pack-smoke/quick-starts.mjs <app dir> <quick-start dir>
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { inPool } from './pool.mjs';
import { startSmokeServer } from './server.mjs';

const [app, sources] = process.argv.slice(2);
if (app === undefined || sources === undefined) throw new Error('usage: quick-starts.mjs <app dir> <quick-start dir>');

const names = readdirSync(sources).filter((file) => file.endsWith('.ts')).map((file) => basename(file, '.ts')).sort();
const server = await startSmokeServer();
let failed = 0;
try {
  const dir = join(app, 'quick-start');
  mkdirSync(join(dir, 'ts'), { recursive: true });
  const runs = [];
  for (const name of names) {
    const source = readFileSync(join(sources, `${name}.ts`), 'utf8')
      .replaceAll('https://api.example.com', server.origin)
      .replaceAll('https://auth.example.com', server.origin);
    if (source.includes('example.com')) throw new Error(`quick start ${name} addresses an example.com host this script does not map to the local server`);
    writeFileSync(join(dir, `${name}.mjs`), source);
    writeFileSync(join(dir, `${name}.cjs`), toCommonJs(source, 'require'));
    writeFileSync(join(dir, 'ts', `${name}.ts`), source);
    writeFileSync(join(dir, 'ts', `${name}-cjs.cts`), toCommonJs(source, 'import'));
    runs.push({ name, flavor: 'esm', file: join(dir, `${name}.mjs`) });
    runs.push({ name, flavor: 'cjs', file: join(dir, `${name}.cjs`) });
    runs.push({ name, flavor: 'ts-esm', file: join(dir, 'ts', 'out', `${name}.js`) });
    runs.push({ name, flavor: 'ts-cjs', file: join(dir, 'ts', 'out', `${name}-cjs.cjs`) });
  }
  writeFileSync(
    join(dir, 'ts', 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        target: 'es2023',
        lib: ['es2023'],
        types: ['node'],
        strict: true,
        skipLibCheck: false,
        outDir: 'out',
        rootDir: '.',
      },
      include: ['*.ts', '*.cts'],
    }),
  );

  const tsc = await run(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'ts')], {});
  if (tsc.code === 0) console.log(`PASS quick starts compile with tsc (nodenext, ESM and CommonJS, lib es2023, skipLibCheck false)`);
  else {
    failed += 1;
    console.log(`FAIL quick starts do not compile with tsc (nodenext, lib es2023, skipLibCheck false):\n${indent(tsc.stdout + tsc.stderr)}`);
  }

  // A few at a time: each run is mostly Node starting up. Every run has its own token, so the
  // server's counts stay apart.
  const outcomes = await inPool(runs, 4, async ({ name, flavor, file }) => {
    if (flavor.startsWith('ts-') && tsc.code !== 0) return `FAIL quick start ${name} (${flavor}): not compiled`;
    const token = `smoke-${flavor}-${name}`;
    const result = await run(process.execPath, [file], { API_TOKEN: token, REPORTING_CLIENT_SECRET: token });
    const problem = check(name, result, token);
    if (problem === undefined) return `PASS quick start ${name} (${flavor})`;
    return `FAIL quick start ${name} (${flavor}): ${problem}\n${indent(`stdout:\n${result.stdout}\nstderr:\n${result.stderr}`)}`;
  });
  for (const outcome of outcomes) {
    console.log(outcome);
    if (outcome.startsWith('FAIL')) failed += 1;
  }
} finally {
  await server.close();
}
if (failed > 0) {
  console.log(`quick starts: ${failed} failed`);
  process.exitCode = 1;
}

/** What is wrong with one run's outcome, or undefined. */
function check(name, result, token) {
  if (result.timedOut) return 'did not exit within 60 s';
  if (result.code !== 0) return `exit code ${result.code}`;
  if (name === 'oauth2') {
    const statuses = result.stdout.match(/\b\d{3}\b/g) ?? [];
    if (statuses.length !== 100 || statuses.some((status) => status !== '200')) return `expected 100 statuses of 200, printed: ${statuses.length} (${[...new Set(statuses)].join(', ')})`;
    const tokenRequests = server.tokenRequests.get(token) ?? 0;
    if (tokenRequests !== 1) return `expected 1 token request for 100 concurrent requests, the server saw ${tokenRequests}`;
    return undefined;
  }
  if (!result.stdout.includes(token)) return `the output does not show the server's answer to the token it was given (${token})`;
  return undefined;
}

/**
 * The quick start as a CommonJS module: imports become `require()` (kind 'require') or stay
 * TypeScript imports that tsc compiles to `require()` (kind 'import', for a .cts file); the rest
 * runs in an async function, since CommonJS has no top-level await.
 */
function toCommonJs(source, kind) {
  const imports = [];
  const body = [];
  for (const line of source.split('\n')) {
    if (!line.startsWith('import ')) {
      body.push(line);
      continue;
    }
    if (kind === 'import') {
      imports.push(line);
      continue;
    }
    const match = /^import (?:(\w+)|\{ ([^}]+) \}) from '([^']+)';$/.exec(line);
    if (match === null) throw new Error(`cannot turn this import into require(): ${line}`);
    const [, defaultName, named, specifier] = match;
    imports.push(defaultName === undefined ? `const { ${named} } = require('${specifier}');` : `const { default: ${defaultName} } = require('${specifier}');`);
  }
  return `${imports.join('\n')}\n\n(async () => {\n${body.join('\n')}\n})().catch((error) => {\n  console.error(error);\n  process.exitCode = 1;\n});\n`;
}

/** Runs a child process with nothing else keeping it alive; a 60 s safety net kills a hung one. */
function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: app, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

function indent(text) {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
