// The code of docs/migration/badgateway-oauth2-client.md, type-checked by `npm test` (examples/tsconfig.json).
const clientSecret = process.env.CLIENT_SECRET ?? '';

// #region after
import { FileTokenStore, oauth2Auth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const auth = oauth2Auth({
  grant: 'client_credentials',
  tokenUrl: 'https://auth.example.com/token',
  clientId: 'app',
  clientSecret,
  store: new FileTokenStore({ path: '.tokens.json' }),
});
const fetchWithAuth = authFetch(auth);
const response = await fetchWithAuth('https://api.example.com/reports');
// #endregion after

export { response };
