// refresh-token.ts — run with: TOKEN_URL=... CLIENT_ID=... REFRESH_TOKEN=... API_URL=... node refresh-token.js
import { FileTokenStore, oauth2Auth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const auth = oauth2Auth({
  grant: 'refresh_token',
  tokenUrl: process.env.TOKEN_URL ?? 'https://auth.example.com/oauth/token',
  clientId: process.env.CLIENT_ID ?? '',
  ...(process.env.CLIENT_SECRET === undefined ? {} : { clientSecret: process.env.CLIENT_SECRET }), // none: a public client
  refreshToken: process.env.REFRESH_TOKEN ?? '',
  // Keep rotated refresh tokens across restarts and processes:
  store: new FileTokenStore({ path: '.tokens.json' }),
  onError: ({ error }) => {
    if (error.code === 'ERR_AUTH_REAUTH_REQUIRED') console.error('Sign in again: the grant was revoked.');
  },
});

const apiUrl = process.env.API_URL ?? 'https://api.example.com/me';
const api = authFetch(auth, { origins: [new URL(apiUrl).origin] });
console.log((await api(apiUrl)).status);
await auth.close();
