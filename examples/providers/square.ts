// The code of docs/providers.md, type-checked by `npm test` (examples/tsconfig.json).
import { FileTokenStore } from 'authwire';
import { squareAuth } from 'authwire/providers';
import { authFetch } from 'authwire/fetch';

const clientId = process.env.SQUARE_CLIENT_ID ?? '';
const clientSecret = process.env.SQUARE_CLIENT_SECRET ?? '';
const refreshToken = process.env.SQUARE_REFRESH_TOKEN ?? '';
const store = new FileTokenStore({ path: '.tokens.json' });

// #region square
const auth = squareAuth({ clientId, clientSecret, refreshToken, squareVersion: '2024-10-17', store });
await authFetch(auth)('https://connect.squareup.com/v2/locations');
// Your own account: squareAuth({ accessToken, environment: 'sandbox' }).
// #endregion square
