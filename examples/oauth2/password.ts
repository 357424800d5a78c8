// password.ts — run with: TOKEN_URL=... CLIENT_ID=... API_USER=... API_PASSWORD=... API_URL=... node password.js
import { oauth2Auth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const auth = oauth2Auth({
  grant: 'password',
  tokenUrl: process.env.TOKEN_URL ?? 'https://legacy.example.com/oauth/token',
  clientId: process.env.CLIENT_ID ?? '',
  ...(process.env.CLIENT_SECRET === undefined ? {} : { clientSecret: process.env.CLIENT_SECRET }),
  username: process.env.API_USER ?? '',
  password: process.env.API_PASSWORD ?? '',
  scope: ['offline_access', 'api'],
});

const apiUrl = process.env.API_URL ?? 'https://legacy.example.com/api/me';
const api = authFetch(auth, { origins: [new URL(apiUrl).origin] });
console.log((await api(apiUrl)).status);
await auth.close();
