import { oauth2Auth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const auth = oauth2Auth({
  grant: 'client_credentials',
  tokenUrl: 'https://auth.example.com/oauth/token',
  clientId: 'reporting-service',
  clientSecret: process.env.REPORTING_CLIENT_SECRET ?? '',
  scope: ['reports:read'],
});
const api = authFetch(auth, { origins: ['https://api.example.com'] });

// 100 requests at once: one token request. Refreshed in the background before it expires;
// a 401 for the current token refreshes once and retries the request once.
const responses = await Promise.all(Array.from({ length: 100 }, () => api('https://api.example.com/reports')));
console.log(responses.map((response) => response.status));
await auth.close();
