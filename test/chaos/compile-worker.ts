// The chaos worker transpiled for `node` (Node 20 runs no TypeScript), next to a link to our node_modules.
import { rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileForChild } from '../stores/fixtures/compile.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Transpiles fixtures/worker.ts and the sources it imports; `remove()` deletes them again. */
export function compileWorker(): { readonly script: string; remove(): void } {
  const { script, directory } = compileForChild('test/chaos/fixtures/worker.ts');
  symlinkSync(join(root, 'node_modules'), join(directory, 'node_modules'), 'dir');
  return { script, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
