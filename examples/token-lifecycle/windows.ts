// The code of docs/token-lifecycle.md, type-checked by `npm test` (examples/tsconfig.json).

// #region windows
import { oauth2Auth } from 'authwire';

const auth = oauth2Auth({
  grant: 'client_credentials',
  tokenUrl: 'https://auth.example.com/oauth/token',
  clientId: 'reporting',
  clientSecret: process.env.CLIENT_SECRET ?? '',
  refreshWindowMs: 120_000,       // default: refresh in the background in the last 2 minutes
  forcedRefreshWindowMs: 10_000,  // default: in the last 10 seconds, callers wait for the new token
});
const manager = auth.tokenManager; // the TokenManager behind it
// #endregion windows

export { manager };
