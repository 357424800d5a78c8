// The code in README.md and docs/ is real: every ```ts block is marked with the examples/ file (or
// region) it equals, the examples compile against the current sources, and the checker that holds
// the docs to that catches each way a block can drift.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const checker = join(root, 'scripts/check-doc-examples.mjs');
const run = promisify(execFile);

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function node(args: readonly string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: root, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('doc examples', () => {
  it('every ```ts block in README.md and docs/ equals its examples/ file or region, or says why it cannot', async () => {
    const result = await node([checker]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\d+ ts block\(s\) checked against examples\//);
  });

  it('the examples type-check against the sources (examples/tsconfig.json)', async () => {
    const result = await node([join(root, 'node_modules/typescript/bin/tsc'), '-p', 'examples/tsconfig.json', '--noEmit']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 180_000);
});

describe('scripts/check-doc-examples.mjs', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function tree(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'authwire-doc-examples-'));
    dirs.push(dir);
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    return dir;
  }

  const example = [
    "import { bearerAuth } from 'authwire';",
    '',
    '// #region auth',
    "const auth = bearerAuth({ token: 'abc' });",
    '// #endregion auth',
    '',
    'export { auth };',
    '',
  ].join('\n');
  const block = (marker: string, code: string): string => `# Doc\n\n${marker}\n\`\`\`ts\n${code}\n\`\`\`\n`;

  it('passes a block equal to its region, to its whole file (region markers left out), and a not-checked fragment', async () => {
    const dir = await tree({
      'examples/a.ts': example,
      'README.md': block('<!-- example: examples/a.ts#auth -->', "const auth = bearerAuth({ token: 'abc' });"),
      'docs/whole.md': block('<!-- example: examples/a.ts -->', example.replace('// #region auth\n', '').replace('// #endregion auth\n', '')),
      'docs/nested/fragment.md': `${block('<!-- not-checked: a fragment -->', 'auth.close();')}\n\`\`\`sh\nnpm test\n\`\`\`\n`,
    });
    const result = await node([checker, '--root', dir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 ts block(s) checked against examples/, 1 marked not-checked, in 3 markdown file(s)');
  });

  it('compares blocks indented in a list item without their indentation', async () => {
    const dir = await tree({
      'examples/a.ts': example,
      'docs/list.md': "- item:\n  <!-- example: examples/a.ts#auth -->\n  ```ts\n  const auth = bearerAuth({ token: 'abc' });\n  ```\n",
    });
    expect((await node([checker, '--root', dir])).code).toBe(0);
  });

  it('fails on an unmarked block, a changed block, a missing file or region, a reasonless not-checked and a stray marker', async () => {
    const dir = await tree({
      'examples/a.ts': example,
      'README.md': "```ts\nconst x = 1;\n```\n",
      'docs/changed.md': block('<!-- example: examples/a.ts#auth -->', "const auth = bearerAuth({ token: 'xyz' });"),
      'docs/missing.md': `${block('<!-- example: examples/none.ts#auth -->', 'x')}\n${block('<!-- example: examples/a.ts#nope -->', 'x')}`,
      'docs/reason.md': block('<!-- not-checked: -->', 'x'),
      'docs/stray.md': '<!-- example: examples/a.ts#auth -->\n\nSome text.\n',
      'docs/api/generated.md': "```ts\nignored\n```\n",
    });
    const result = await node([checker, '--root', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('README.md:1: unmarked ```ts block');
    expect(result.stderr).toContain('docs/changed.md:4: the block differs from examples/a.ts#auth');
    expect(result.stderr).toContain(`doc:     "const auth = bearerAuth({ token: 'xyz' });"`);
    expect(result.stderr).toContain('docs/missing.md:4: examples/none.ts does not exist');
    expect(result.stderr).toContain("examples/a.ts has no region 'nope'");
    expect(result.stderr).toContain('docs/reason.md:4: <!-- not-checked: … --> needs a reason');
    expect(result.stderr).toContain('docs/stray.md:1: marker not followed by a code block');
    expect(result.stderr).not.toContain('generated.md');
  });

  it('--write copies the example into a block that drifted', async () => {
    const dir = await tree({ 'examples/a.ts': example, 'docs/changed.md': block('<!-- example: examples/a.ts#auth -->', 'old();') });
    expect((await node([checker, '--root', dir, '--write'])).code).toBe(0);
    expect(await readFile(join(dir, 'docs/changed.md'), 'utf8')).toBe(block('<!-- example: examples/a.ts#auth -->', "const auth = bearerAuth({ token: 'abc' });"));
    expect((await node([checker, '--root', dir])).code).toBe(0);
  });
});
