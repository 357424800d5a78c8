// client-credentials.ts — run with: TOKEN_URL=... CLIENT_ID=... CLIENT_SECRET=... API_URL=... node client-credentials.js
import { oauth2Auth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const auth = oauth2Auth({
  grant: 'client_credentials',
  tokenUrl: process.env.TOKEN_URL ?? 'https://auth.example.com/oauth/token',
  clientId: process.env.CLIENT_ID ?? '',
  clientSecret: process.env.CLIENT_SECRET ?? '',
  scope: ['reports:read'],
  audience: 'https://api.example.com', // Auth0 and others
});

const apiUrl = process.env.API_URL ?? 'https://api.example.com/reports';
const api = authFetch(auth, { origins: [new URL(apiUrl).origin] });
const responses = await Promise.all(Array.from({ length: 100 }, () => api(apiUrl)));
console.log(responses.map((response) => response.status)); // one token request for all 100
await auth.close();
