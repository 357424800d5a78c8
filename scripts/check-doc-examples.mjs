#!/usr/bin/env node
// Checks that the TypeScript shown in README.md and docs/**/*.md (except docs/api/, which typedoc
// generates) is code that compiles: every ```ts block must be marked, on the line before it, with
//
//   <!-- example: examples/path/file.ts -->          the block equals the whole file
//   <!-- example: examples/path/file.ts#name -->     the block equals `// #region name` … `// #endregion`
//   <!-- not-checked: why it cannot compile alone --> a fragment, kept rare
//
// The files in examples/ are type-checked by `npm test` (examples/tsconfig.json), so a marked block
// is code that compiles against the current API. Region markers are left out of what is compared,
// and both sides are compared without their common indentation and trailing spaces.
//
//   node scripts/check-doc-examples.mjs            check; exit 1 listing every problem
//   node scripts/check-doc-examples.mjs --write    copy each example file's text into its block
//   node scripts/check-doc-examples.mjs --root D   check the tree at D instead of this repository
//
// Plain Node, no dependencies.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TS_LANGUAGES = new Set(['ts', 'typescript', 'tsx', 'mts', 'cts']);
const EXAMPLE_MARKER = /^<!--\s*example:\s*(\S+?)\s*-->$/;
const NOT_CHECKED_MARKER = /^<!--\s*not-checked:\s*(.*?)\s*-->$/;
const ANY_MARKER = /^<!--\s*(example|not-checked)\s*:/;
const REGION_START = /^\s*\/\/\s*#region\s+(\S+)\s*$/;
const REGION_END = /^\s*\/\/\s*#endregion\b.*$/;

function parseArgs(argv) {
  const options = { root: resolve(dirname(fileURLToPath(import.meta.url)), '..'), write: false, quiet: false };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--write') options.write = true;
    else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--root') options.root = resolve(argv[++index] ?? '.');
    else throw new Error(`unknown argument ${arg}; usage: check-doc-examples.mjs [--write] [--quiet] [--root DIR]`);
  }
  return options;
}

/** README.md and every .md under docs/, except the generated docs/api/. */
function markdownFiles(root) {
  const files = [];
  if (existsSync(join(root, 'README.md'))) files.push('README.md');
  const walk = (dir) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = `${dir}/${name}`;
      if (path === 'docs/api' || name === 'node_modules') continue;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  if (existsSync(join(root, 'docs'))) walk('docs');
  return files;
}

/** The fenced code blocks of a markdown text: language, fence lines, indentation and content lines. */
function codeBlocks(lines) {
  const blocks = [];
  let open;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    if (open === undefined) {
      const start = /^( *)(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
      if (start !== null) open = { start: index, indent: start[1].length, fence: start[2], lang: start[3].toLowerCase() };
    } else {
      const trimmed = line.trim();
      if (trimmed.startsWith(open.fence) && /^(`+|~+)$/.test(trimmed) && trimmed[0] === open.fence[0]) {
        blocks.push({ ...open, end: index, content: lines.slice(open.start + 1, index) });
        open = undefined;
      }
    }
  }
  return blocks;
}

/** Lines without their common indentation, trailing spaces, and leading/trailing blank lines. */
function normalize(lines) {
  const trimmed = lines.map((line) => line.replace(/\s+$/, ''));
  while (trimmed.length > 0 && trimmed[0] === '') trimmed.shift();
  while (trimmed.length > 0 && trimmed.at(-1) === '') trimmed.pop();
  const indents = trimmed.filter((line) => line !== '').map((line) => /^ */.exec(line)[0].length);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return trimmed.map((line) => line.slice(common));
}

/** The regions of an example file by name, and any structural problem in its markers. */
function regionsOf(text) {
  const lines = text.split(/\r?\n/);
  const regions = new Map();
  const problems = [];
  const stack = [];
  lines.forEach((line, index) => {
    const start = REGION_START.exec(line);
    if (start !== null) {
      if (regions.has(start[1]) || stack.some((open) => open.name === start[1])) problems.push(`line ${index + 1}: region '${start[1]}' defined twice`);
      stack.push({ name: start[1], from: index + 1 });
    } else if (REGION_END.test(line)) {
      const open = stack.pop();
      if (open === undefined) problems.push(`line ${index + 1}: #endregion without #region`);
      else regions.set(open.name, lines.slice(open.from, index));
    }
  });
  for (const open of stack) problems.push(`line ${open.from}: region '${open.name}' is never closed`);
  const withoutMarkers = (part) => part.filter((line) => !REGION_START.test(line) && !REGION_END.test(line));
  return {
    whole: withoutMarkers(lines),
    regions: new Map([...regions].map(([name, part]) => [name, withoutMarkers(part)])),
    problems,
  };
}

/** The last non-blank line before `index`, with its position. */
function lineBefore(lines, index) {
  for (let at = index - 1; at >= 0; at -= 1) if (lines[at].trim() !== '') return { at, text: lines[at].trim() };
  return undefined;
}

function firstDifference(expected, actual) {
  const length = Math.max(expected.length, actual.length);
  for (let index = 0; index < length; index += 1) {
    if (expected[index] !== actual[index]) {
      return `first difference at line ${index + 1} of the block:\n      doc:     ${JSON.stringify(actual[index] ?? '(end of block)')}\n      example: ${JSON.stringify(expected[index] ?? '(end of region)')}`;
    }
  }
  return '';
}

export function checkDocExamples({ root, write = false }) {
  const problems = [];
  const counts = { checked: 0, notChecked: 0, files: 0 };
  const exampleCache = new Map();
  const readExample = (path) => {
    if (!exampleCache.has(path)) {
      const full = join(root, path);
      exampleCache.set(path, existsSync(full) && statSync(full).isFile() ? regionsOf(readFileSync(full, 'utf8')) : undefined);
    }
    return exampleCache.get(path);
  };

  for (const file of markdownFiles(root)) {
    counts.files += 1;
    const text = readFileSync(join(root, file), 'utf8');
    const lines = text.split(/\r?\n/);
    const blocks = codeBlocks(lines);
    const markedLines = new Set();
    const replacements = [];

    for (const block of blocks) {
      const before = lineBefore(lines, block.start);
      const marker = before !== undefined && ANY_MARKER.test(before.text) ? before : undefined;
      if (marker !== undefined) markedLines.add(marker.at);
      const where = `${file}:${block.start + 1}`;
      if (!TS_LANGUAGES.has(block.lang)) {
        if (marker !== undefined) problems.push(`${where}: a marker before a \`\`\`${block.lang || '(no language)'} block; markers are for \`\`\`ts blocks`);
        continue;
      }
      if (marker === undefined) {
        problems.push(`${where}: unmarked \`\`\`${block.lang} block; put <!-- example: examples/….ts#region --> (or <!-- not-checked: reason -->) on the line before it`);
        continue;
      }
      const notChecked = NOT_CHECKED_MARKER.exec(marker.text);
      if (notChecked !== null) {
        if (notChecked[1] === '') problems.push(`${where}: <!-- not-checked: … --> needs a reason`);
        else counts.notChecked += 1;
        continue;
      }
      const example = EXAMPLE_MARKER.exec(marker.text);
      if (example === null) {
        problems.push(`${where}: malformed marker ${marker.text}`);
        continue;
      }
      const [path, region] = example[1].split('#');
      if (!path.startsWith('examples/') || !path.endsWith('.ts') || path.split('/').includes('..')) {
        problems.push(`${where}: ${example[1]}: the example must be a .ts file under examples/`);
        continue;
      }
      const source = readExample(path);
      if (source === undefined) {
        problems.push(`${where}: ${path} does not exist`);
        continue;
      }
      for (const problem of source.problems) problems.push(`${path}: ${problem}`);
      const expectedRaw = region === undefined ? source.whole : source.regions.get(region);
      if (expectedRaw === undefined) {
        problems.push(`${where}: ${path} has no region '${region}' (// #region ${region} … // #endregion)`);
        continue;
      }
      const expected = normalize(expectedRaw);
      const actual = normalize(block.content.map((line) => line.slice(Math.min(block.indent, /^ */.exec(line)[0].length))));
      counts.checked += 1;
      if (expected.join('\n') === actual.join('\n')) continue;
      if (write) replacements.push({ block, expected });
      else problems.push(`${where}: the block differs from ${example[1]} (run node scripts/check-doc-examples.mjs --write to copy the example into the doc)\n    ${firstDifference(expected, actual)}`);
    }

    // A marker must sit right before a ts block.
    lines.forEach((line, index) => {
      if (ANY_MARKER.test(line.trim()) && !markedLines.has(index)) problems.push(`${file}:${index + 1}: marker not followed by a code block`);
    });

    if (replacements.length > 0) {
      const out = [...lines];
      for (const { block, expected } of replacements.reverse()) {
        const pad = ' '.repeat(block.indent);
        out.splice(block.start + 1, block.end - block.start - 1, ...expected.map((line) => (line === '' ? '' : pad + line)));
      }
      writeFileSync(join(root, file), out.join('\n'));
      console.log(`updated ${replacements.length} block(s) in ${file}`);
    }
  }
  return { problems, counts };
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const options = parseArgs(process.argv.slice(2));
  const { problems, counts } = checkDocExamples(options);
  const summary = `${counts.checked} ts block(s) checked against examples/, ${counts.notChecked} marked not-checked, in ${counts.files} markdown file(s) under ${relative(process.cwd(), options.root) || '.'}`;
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(`\n${problems.length} problem(s); ${summary}`);
    process.exitCode = 1;
  } else if (!options.quiet) {
    console.log(summary);
  }
}
