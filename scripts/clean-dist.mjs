// Removes dist/ before the release build (npm's `prepare`, which npm pack and npm publish run), so
// that a file whose source is gone cannot ship.
import { rmSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

rmSync(fileURLToPath(new URL('../dist', import.meta.url)), { recursive: true, force: true });
