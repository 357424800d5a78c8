// A machine grant cannot ask anyone for more scope: the resource's insufficient_scope challenge
// is an ERR_AUTH_INSUFFICIENT_SCOPE error naming the scope it requires.
import { isAuthError, oauth2Auth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const auth = oauth2Auth({
  grant: 'client_credentials',
  tokenUrl: 'https://auth.example.com/oauth/token',
  clientId: 'reports',
  clientSecret: process.env.CLIENT_SECRET ?? '',
  scope: ['reports:read'],
});
const api = authFetch(auth, { origins: ['https://api.example.com'] });
try {
  await api('https://api.example.com/reports', { method: 'POST', body: '{}' });
} catch (error) {
  if (isAuthError(error, 'ERR_AUTH_INSUFFICIENT_SCOPE')) {
    console.error(`add "${String(error.details.scope)}" to the client's scope`); // e.g. "reports:write"
  } else {
    throw error;
  }
}
await auth.close();
