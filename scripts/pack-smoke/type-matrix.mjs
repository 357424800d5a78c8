// Type-checks type-tests/packed/ in an app that installed the packed tarball (see
// scripts/pack-smoke.sh), once per TypeScript setting the README says is supported. Every setting
// runs with lib ["es2023"] (no DOM), types ["node"], strict and skipLibCheck false, so authwire's
// .d.ts files are checked as a Node project with @tsconfig/node20-like options sees them.
//
// Usage: node scripts/pack-smoke/type-matrix.mjs <app dir> <type-tests/packed dir>
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { inPool } from './pool.mjs';

const [app, sources] = process.argv.slice(2);
if (app === undefined || sources === undefined) throw new Error('usage: type-matrix.mjs <app dir> <type-tests/packed dir>');

/** Each setting, and the file kinds it compiles: ESM .ts (the app is "type": "module"), .mts, CommonJS .cts. */
const settings = [
  { name: 'nodenext', options: { module: 'nodenext', moduleResolution: 'nodenext' }, kinds: ['.ts', '.mts', '.cts'] },
  { name: 'node20', options: { module: 'node20' }, kinds: ['.ts', '.mts', '.cts'] },
  // TypeScript's node16 mode refuses require() of an ES module (Node 16 could not): ESM only.
  { name: 'node16', options: { module: 'node16', moduleResolution: 'node16' }, kinds: ['.ts', '.mts'] },
  { name: 'bundler', options: { module: 'esnext', moduleResolution: 'bundler' }, kinds: ['.ts'] },
  { name: 'preserve', options: { module: 'preserve' }, kinds: ['.ts'] },
];
const common = { target: 'es2023', lib: ['es2023'], types: ['node'], strict: true, skipLibCheck: false, noEmit: true };

const files = readdirSync(sources).filter((file) => file.endsWith('.ts'));
const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
// Two compilers at a time: each is single-threaded and spends most of its time checking .d.ts files.
const results = await inPool(settings, Math.min(2, availableParallelism()), async (setting) => {
  const dir = join(app, 'type-matrix', setting.name);
  mkdirSync(dir, { recursive: true });
  const included = [];
  for (const file of files) {
    for (const kind of setting.kinds) {
      const target = `${basename(file, extname(file))}${kind}`;
      copyFileSync(join(sources, file), join(dir, target));
      included.push(target);
    }
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...common, ...setting.options }, files: included }, null, 2));
  const { code, output } = await run(process.execPath, [tsc, '-p', dir]);
  const label = `types: ${setting.name} (${Object.entries(setting.options).map(([key, value]) => `${key} ${value}`).join(', ')}; ${setting.kinds.join(' ')})`;
  return code === 0 ? { passed: true, text: `PASS ${label}` } : { passed: false, text: `FAIL ${label}\n${output.trimEnd().split('\n').map((line) => `    ${line}`).join('\n')}` };
});
for (const { text } of results) console.log(text);
const failed = results.filter(({ passed }) => !passed).length;
if (failed > 0) {
  console.log(`type matrix: ${failed} of ${settings.length} settings failed`);
  process.exitCode = 1;
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}
