import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The compatibility run (scripts/test-compat.sh) sets AUTHWIRE_COMPAT_DIR to a prefix holding
// got 16 and ky 2: `import got from 'got'` and `import ky from 'ky'` then resolve there.
const compatDir = process.env.AUTHWIRE_COMPAT_DIR;
const compatRequire = compatDir === undefined || compatDir === '' ? undefined : createRequire(join(resolve(compatDir), 'package.json'));
const compatAlias = compatRequire === undefined ? [] : ['got', 'ky'].map((name) => ({ find: new RegExp(`^${name}$`), replacement: compatRequire.resolve(name) }));

export default defineConfig({
  resolve: { alias: compatAlias },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
