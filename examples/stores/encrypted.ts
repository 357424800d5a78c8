// The code of docs/stores.md, type-checked by `npm test` (examples/tsconfig.json).

// #region encrypted
import { EncryptedTokenStore, FileTokenStore } from 'authwire';
const store = new EncryptedTokenStore({
  store: new FileTokenStore({ path: '/var/lib/app/tokens.json' }),
  keys: { '2025-06': process.env.TOKEN_KEY_2025_06!, '2025-01': process.env.TOKEN_KEY_2025_01! },
  currentKeyId: '2025-06',
});
// #endregion encrypted

export { store };
