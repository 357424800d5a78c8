// Tests that need a program from the OS (redis-server, chromium) skip loudly when it is absent
// locally; under CI=true a missing program is a failure, never a skip.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The absolute path of `program` on PATH (or the given absolute path), or undefined. */
export function findProgram(program: string): string | undefined {
  const candidates = program.includes('/') ? [program] : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, program));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next directory.
    }
  }
  return undefined;
}

/**
 * Returns the program's path, or undefined after a loud warning so the caller can skip.
 * Under CI=true it throws instead: CI installs every program the tests need.
 */
export function requireProgram(program: string, install: string): string | undefined {
  const found = findProgram(program);
  if (found !== undefined) return found;
  const message = `${program} is not installed: the tests that need it cannot run. Install it with: ${install}`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: a missing server is a failure)`);
  console.warn(`\n*** SKIPPING: ${message} ***\n`);
  return undefined;
}
