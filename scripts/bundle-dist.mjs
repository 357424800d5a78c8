// Runs after `tsc -p tsconfig.build.json`: joins tsc's one-file-per-module output into one file
// per entry point of the `exports` map plus the chunks they share, in place under dist/. A cold
// `import('authwire')` then reads a handful of files instead of a hundred and more (each module
// costs a resolve, a read and a compile; serverless functions pay that on every cold start).
// The entries are built together, so code they share lives once, in a shared chunk: one
// AuthError class, one process-wide token store and queue, whichever entries a program imports.
// Dependencies and Node built-ins stay imports. The .d.ts files stay as tsc wrote them.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const staging = join(dist, '.bundle');

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** `src/index` → `dist/src/index.js`, for every `default` in the exports map that is a .js file under dist/. */
const input = {};
for (const target of Object.values(manifest.exports)) {
  const file = typeof target === 'object' && target !== null ? target.default : undefined;
  if (typeof file !== 'string' || !file.startsWith('./dist/') || !file.endsWith('.js')) continue;
  input[file.slice('./dist/'.length, -'.js'.length)] = join(root, file);
}

function* files(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

rmSync(staging, { recursive: true, force: true });
const bundle = await rolldown({
  input,
  platform: 'node',
  // Anything not relative (packages, node: built-ins) is the user's install's business.
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  logLevel: 'warn',
});
const { output } = await bundle.write({
  dir: staging,
  format: 'esm',
  entryFileNames: '[name].js',
  chunkFileNames: 'chunks/[name]-[hash].js',
  keepNames: true,
  sourcemap: false,
});
await bundle.close();

// tsc's per-module JavaScript is replaced; its declarations stay for the types.
for (const path of files(dist)) {
  if (!path.startsWith(staging) && (path.endsWith('.js') || path.endsWith('.js.map'))) rmSync(path);
}
rmSync(join(dist, 'chunks'), { recursive: true, force: true });
for (const chunk of output) {
  const from = join(staging, chunk.fileName);
  const to = join(dist, chunk.fileName);
  mkdirSync(dirname(to), { recursive: true });
  renameSync(from, to);
}
rmSync(staging, { recursive: true, force: true });
// The config JSON Schema as a file, for editors' "$schema" and `authwire/config.schema.json`.
const { authConfigJsonSchema } = await import(pathToFileURL(join(dist, 'src', 'index.js')).href);
writeFileSync(join(dist, 'config.schema.json'), `${JSON.stringify(authConfigJsonSchema(), null, 2)}\n`);
console.log(`bundled ${Object.keys(input).length} entries into ${output.length} files under ${relative(root, dist)}/`);
