// The code of docs/getting-started.md, type-checked by `npm test` (examples/tsconfig.json).

// #region describe
import { oauth2Auth } from 'authwire';

const auth = oauth2Auth({
  grant: 'client_credentials',
  tokenUrl: 'https://auth.example.com/oauth/token',
  clientId: 'reporting-service',
  clientSecret: process.env.REPORTING_CLIENT_SECRET ?? '',
  scope: ['reports:read'],
});
// #endregion describe

// #region client
import axios from 'axios';
import { axiosAuth } from 'authwire/axios';

const api = axios.create({ baseURL: 'https://api.example.com/v1/' });
axiosAuth(api, auth);
const { data } = await api.get('reports');
// #endregion client

// #region errors
import { isAuthError } from 'authwire';

try {
  await api.get('reports');
} catch (error) {
  if (isAuthError(error, 'ERR_AUTH_REAUTH_REQUIRED')) console.error('sign in again');
  else throw error;
}
// #endregion errors

export { data };
