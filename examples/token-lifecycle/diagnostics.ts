// The code of docs/token-lifecycle.md, type-checked by `npm test` (examples/tsconfig.json).

// #region diagnostics
import { subscribe } from 'node:diagnostics_channel';
import { tokenChannelNames, type TokenRequestErrorMessage } from 'authwire';

subscribe(tokenChannelNames.error, (message) => {
  const { name, code, status, willRetry } = message as TokenRequestErrorMessage;
  console.warn(`token request for ${name} failed: ${code} ${status ?? ''} retry=${willRetry}`);
});
// #endregion diagnostics
