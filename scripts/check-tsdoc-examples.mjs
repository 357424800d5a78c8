#!/usr/bin/env node
// Lists every symbol the package exports — from the entry points typedoc documents (typedoc.json)
// — whose TSDoc has no `@example`, and exits 1 if there is one. Uses the TypeScript compiler API on
// the sources (no build needed, a few seconds); symbols typedoc leaves out (`@internal`, `@hidden`,
// `@ignore`) are left out here too.
//
//   node scripts/check-tsdoc-examples.mjs           check
//   node scripts/check-tsdoc-examples.mjs --list    also print every exported symbol and where it is
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const list = process.argv.includes('--list');
const typedoc = JSON.parse(readFileSync(resolve(root, 'typedoc.json'), 'utf8'));
const entryPoints = typedoc.entryPoints.map((entry) => resolve(root, entry));

const parsed = ts.getParsedCommandLineOfConfigFile(resolve(root, typedoc.tsconfig ?? 'tsconfig.json'), { noEmit: true }, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  },
});
const program = ts.createProgram({ rootNames: entryPoints, options: parsed.options });
const checker = program.getTypeChecker();

const hidden = new Set(['internal', 'hidden', 'ignore']);
const tagsOf = (declaration) => ts.getJSDocTags(declaration).map((tag) => tag.tagName.text);
const where = (declaration) => {
  const file = declaration.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(declaration.getStart(file));
  return `${relative(root, file.fileName)}:${line + 1}`;
};

const missing = new Map();
const seen = new Set();
let count = 0;
for (const entry of entryPoints) {
  const source = program.getSourceFile(entry);
  if (source === undefined) throw new Error(`entry point not found: ${relative(root, entry)}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) continue;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declarations = (symbol.declarations ?? []).filter((declaration) => !ts.isSourceFile(declaration));
    if (declarations.length === 0 || seen.has(symbol)) continue;
    seen.add(symbol);
    const tags = declarations.flatMap(tagsOf);
    if (tags.some((tag) => hidden.has(tag))) continue;
    count += 1;
    const name = `${exported.name} (${relative(root, entry)})`;
    if (list) console.log(`${tags.includes('example') ? '  ' : '✗ '}${name}  ${where(declarations[0])}`);
    if (!tags.includes('example')) missing.set(name, where(declarations[0]));
  }
}

if (missing.size > 0) {
  console.error(`${missing.size} of ${count} exported symbols have no @example in their TSDoc:`);
  for (const [name, location] of missing) console.error(`  ${name}  ${location}`);
  process.exitCode = 1;
} else {
  console.log(`${count} exported symbols from ${entryPoints.length} entry points: every one has an @example`);
}
