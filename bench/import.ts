// bench/import: what a cold start pays for `import('authwire')`, against `import('jose')`.
// Interleaved rounds of fresh child processes, each timing one dynamic import of the built
// package (dist/, so `npm run build` first) or of jose; medians and their ratio; then the
// number of modules each loads. Target: authwire at most 1.1 × jose.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { numberFlag } from './lib/args.js';
import { currentLoad, environment, repoRoot, writeResult } from './lib/env.js';
import { formatNumber, formatRatio, median, printTable, round } from './lib/stats.js';

const rounds = numberFlag('rounds', 30);
const entry = join(repoRoot, 'dist', 'src', 'index.js');
if (!existsSync(entry)) throw new Error(`bench/import measures the built package: run npm run build first (${entry} is missing)`);
const targets = { authwire: pathToFileURL(entry).href, jose: 'jose' } as const;
type Target = keyof typeof targets;

// Times the import inside the child, from just before it to its end: node's own start-up is the same for both.
const timing = 'const t = performance.now(); await import(process.argv[1]); console.log(performance.now() - t);';
// Counts the modules loaded (files, not node: built-ins) through a load hook.
const counting = [
  "import { register } from 'node:module';",
  "const { port1, port2 } = new MessageChannel(); let count = 0; port1.on('message', () => { count += 1; }); port1.unref();",
  "const hook = 'export async function initialize({ port }) { globalThis.port = port; } export async function load(url, context, next) { if (!url.startsWith(\"node:\")) globalThis.port.postMessage(url); return next(url, context); }';",
  "register('data:text/javascript,' + encodeURIComponent(hook), { data: { port: port2 }, transferList: [port2] });",
  'await import(process.argv[1]); await new Promise((resolve) => setTimeout(resolve, 100)); console.log(count);',
].join('\n');

function child(script: string, specifier: string): number {
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script, specifier], { cwd: repoRoot, encoding: 'utf8' }).trim());
}

const started = Date.now();
const samples: Record<Target, number[]> = { authwire: [], jose: [] };
for (let round = 0; round < rounds; round += 1) {
  // Alternate which goes first, so neither always runs on a warmer disk cache.
  const order: Target[] = round % 2 === 0 ? ['authwire', 'jose'] : ['jose', 'authwire'];
  for (const target of order) samples[target].push(child(timing, targets[target]));
}
const medians = { authwire: round(median(samples.authwire), 2), jose: round(median(samples.jose), 2) };
const ratio = round(medians.authwire / medians.jose, 3);
const modules = { authwire: child(counting, targets.authwire), jose: child(counting, targets.jose) };

printTable(`import() of a fresh process, median of ${rounds} interleaved rounds`, ['module', 'median ms', 'modules loaded'], [
  ['authwire', formatNumber(medians.authwire, 1), String(modules.authwire)],
  ['jose', formatNumber(medians.jose, 1), String(modules.jose)],
]);
console.log(`\nauthwire ÷ jose: ${formatRatio(ratio)} (target ≤ 1.10×)`);

const path = writeResult({
  name: 'import',
  description: 'import() time of the main entry against jose, in fresh child processes',
  environment: environment(),
  loadAverageAtEnd: currentLoad(),
  durationSeconds: round((Date.now() - started) / 1000, 1),
  conditions: { rounds, entry: 'dist/src/index.js', timing: 'performance.now() around one dynamic import in the child' },
  targets: { ratio: '≤ 1.1 × import(jose)' },
  results: { medians, ratio, modules, samples },
  notes: ['Each sample is a new node process; rounds alternate which module goes first.'],
});
console.log(`wrote ${path}`);
