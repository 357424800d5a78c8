// The code of docs/stores.md, type-checked by `npm test` (examples/tsconfig.json).
import os from 'node:os';

// #region file
import { FileTokenStore } from 'authwire';
const store = new FileTokenStore({ path: `${os.homedir()}/.config/my-cli/tokens.json` });
// #endregion file

export { store };
