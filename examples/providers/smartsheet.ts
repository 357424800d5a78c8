// The code of docs/providers.md, type-checked by `npm test` (examples/tsconfig.json).
import { FileTokenStore } from 'authwire';
import { smartsheetAuth } from 'authwire/providers';
import { authFetch } from 'authwire/fetch';

const clientId = process.env.SMARTSHEET_CLIENT_ID ?? '';
const clientSecret = process.env.SMARTSHEET_CLIENT_SECRET ?? '';
const refreshToken = process.env.SMARTSHEET_REFRESH_TOKEN ?? '';

// #region smartsheet
// Single-use refresh tokens: the one in your configuration works once. Keep the rotated ones.
const auth = smartsheetAuth({ clientId, clientSecret, refreshToken, store: new FileTokenStore({ path: '.tokens.json' }) });
await authFetch(auth)('https://api.smartsheet.com/2.0/sheets');
// An API access token: smartsheetAuth({ token, region: 'eu' }).
// #endregion smartsheet
