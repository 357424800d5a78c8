// The code of docs/stores.md, type-checked by `npm test` (examples/tsconfig.json).
import { FileTokenStore } from 'authwire';
const store = new FileTokenStore({ path: '/var/lib/app/tokens.json' });

// #region shared-subject
import { oauth2Auth } from 'authwire';
const auth = oauth2Auth({
  grant: 'refresh_token',
  tokenUrl: 'https://auth.example.com/oauth/token',
  clientId: 'reporting',
  refreshToken: process.env.REFRESH_TOKEN ?? '', // may differ from process to process after a rotation
  subject: 'reporting-service', // the same in every process: one cache key, one token, one refresh
  store,
});
// #endregion shared-subject

export { auth };
