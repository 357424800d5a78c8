// The code of docs/stores.md, type-checked by `npm test` (examples/tsconfig.json).

// #region encrypt-existing-file
// encrypt-tokens.ts: run once, with the application stopped.
import { readFile } from 'node:fs/promises';
import { EncryptedTokenStore, FileTokenStore } from 'authwire';

const plainPath = '/var/lib/app/tokens.json';
const plain = new FileTokenStore({ path: plainPath });
const encrypted = new EncryptedTokenStore({
  store: new FileTokenStore({ path: '/var/lib/app/tokens.encrypted.json' }),
  keys: { '2025-06': process.env.TOKEN_KEY_2025_06! },
  currentKeyId: '2025-06',
});

// The file is JSON ({ format, version, tokens: { key: record }, leases }): its keys are the cache keys.
const { tokens } = JSON.parse(await readFile(plainPath, 'utf8')) as { tokens?: Record<string, unknown> };
for (const key of Object.keys(tokens ?? {})) {
  const token = await plain.get(key); // checked as a token record, as the application would read it
  if (token !== undefined) await encrypted.set(key, token);
}
// Then point the application at tokens.encrypted.json (wrapped in the same EncryptedTokenStore)
// and delete tokens.json.
// #endregion encrypt-existing-file
