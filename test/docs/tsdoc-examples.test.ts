// Every symbol the package exports (from the entry points typedoc documents) has an @example in
// its TSDoc: scripts/check-tsdoc-examples.mjs lists those that do not.
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

describe('TSDoc examples', () => {
  it('every exported symbol has an @example', async () => {
    let output: string;
    try {
      const { stdout } = await run(process.execPath, [join(root, 'scripts/check-tsdoc-examples.mjs')], { cwd: root, timeout: 120_000 });
      output = stdout;
    } catch (error) {
      const failed = error as { stderr?: string };
      throw new Error(failed.stderr ?? String(error));
    }
    expect(output).toMatch(/^\d+ exported symbols from \d+ entry points: every one has an @example/);
  }, 120_000);
});
