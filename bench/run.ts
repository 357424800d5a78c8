// `npm run bench [-- part... --flag=value...]`: runs each part in its own process (a clean heap,
// its own connection pools), then regenerates the charts and docs/performance.md from the JSON.
// Parts: headline, import, overhead, signing, stampede, cluster, soak (all by default; headline first: its
// table is the one to read); layers (by name only: the fetch adapter's CPU layer by layer);
// instructions (by name only: it needs
// valgrind and takes about 20 minutes); chaos (by name only: the chaos suite's cases for
// --rounds rounds, bench/results/chaos.json); `publish` alone only regenerates.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { publish } from './publish.js';

const defaultParts = ['headline', 'import', 'overhead', 'signing', 'stampede', 'cluster', 'soak'] as const;
const parts = [...defaultParts, 'layers', 'instructions', 'chaos'] as const;
type Part = (typeof parts)[number];

const args = process.argv.slice(2);
const names = args.filter((arg) => !arg.startsWith('--'));
const passed = args.filter((arg) => arg.startsWith('--'));
const unknown = names.filter((name) => name !== 'publish' && !parts.includes(name as Part));
if (unknown.length > 0) {
  console.error(`unknown part(s): ${unknown.join(', ')}; choose from ${[...parts, 'publish'].join(', ')}`);
  process.exit(2);
}
const selected: readonly Part[] = names.length === 0 ? defaultParts : parts.filter((part) => names.includes(part));

async function runPart(part: Part): Promise<number> {
  const script = fileURLToPath(new URL(`./${part}.js`, import.meta.url));
  // --expose-gc: parts collect garbage between measured runs, and the soak measures heap after GC.
  const child = spawn(process.execPath, ['--expose-gc', script, ...passed], { stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128))));
}

const failed: Part[] = [];
for (const part of selected) {
  console.log(`\n=== bench/${part} ${passed.join(' ')}`);
  if ((await runPart(part)) !== 0) failed.push(part);
}
console.log('\n=== publish');
publish();
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
