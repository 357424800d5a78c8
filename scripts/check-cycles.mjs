// Fails when modules of src/ or adapters/ import each other in a cycle: a cycle makes the load
// order decide which side sees `undefined`, and it blurs the layers. Type-only imports count too:
// they are erased at run time, but a cycle of types is still a tangle of layers.
// Prints each cycle found once.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function* sources(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

const specifier = /(?:^|\n)\s*(?:import|export)\s+([^'"]*?)from\s*'(\.{1,2}\/[^']+)'/g;
const graph = new Map();
for (const file of [...sources(join(root, 'src')), ...sources(join(root, 'adapters'))]) {
  const targets = [];
  for (const [, , path] of readFileSync(file, 'utf8').matchAll(specifier)) targets.push(resolve(dirname(file), path.replace(/\.js$/, '.ts')));
  graph.set(file, targets);
}

const state = new Map(); // undefined: unseen, 1: on the stack, 2: done
const stack = [];
const cycles = new Set();
function visit(file) {
  state.set(file, 1);
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (!graph.has(next)) continue;
    if (state.get(next) === 1) {
      const cycle = stack.slice(stack.indexOf(next)).map((path) => relative(root, path));
      const start = cycle.indexOf([...cycle].sort()[0]);
      cycles.add([...cycle.slice(start), ...cycle.slice(0, start)].join(' → '));
    } else if (state.get(next) === undefined) visit(next);
  }
  stack.pop();
  state.set(file, 2);
}
for (const file of graph.keys()) if (state.get(file) === undefined) visit(file);

if (cycles.size > 0) {
  for (const cycle of cycles) console.error(`import cycle: ${cycle}`);
  process.exit(1);
}
console.log(`no import cycle among ${graph.size} modules of src/ and adapters/`);
