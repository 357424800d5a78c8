// The code of docs/oauth2/authorization-code.md, type-checked by `npm test` (examples/tsconfig.json). express and express-session are not
// dependencies of authwire: examples/shims/express.d.ts declares the few of their types used here.

// #region web-login
// web-login.ts
import express from 'express';
import session from 'express-session';
import {
  authorizationUrl, discoverAuthorizationServer, FileTokenStore, handleCallback, isAuthError, oauth2Auth,
  PendingAuthorization, type AuthorizationCodeOptions, type PendingAuthorizationRecord,
} from 'authwire';
import { authFetch } from 'authwire/fetch';

declare module 'express-session' {
  interface SessionData { userId: string; oauth?: PendingAuthorizationRecord }
}

const server = await discoverAuthorizationServer('https://auth.example.com'); // endpoints, issuer, iss support
const store = new FileTokenStore({ path: '/var/lib/my-app/tokens.json' });
const options = (userId: string): AuthorizationCodeOptions => ({
  ...server,                                  // authorizationEndpoint, tokenUrl, issuer, requireIssuerInResponse
  clientId: 'my-web-app',
  clientSecret: process.env.CLIENT_SECRET ?? '',
  redirectUri: 'https://app.example.com/oauth/callback',
  scope: ['openid', 'email', 'offline_access'],
  prompt: 'consent',
  subject: userId,                            // one token per user of your app
  store,
});

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET ?? '', resave: false, saveUninitialized: false }));

app.get('/connect', (request, response) => {
  const { url, pending } = authorizationUrl(options(request.session.userId ?? 'anonymous'));
  request.session.oauth = pending.toRecord();  // server-side session: it holds the PKCE verifier
  response.redirect(url);
});

app.get('/oauth/callback', async (request, response) => {
  const record = request.session.oauth;
  if (record === undefined) return void response.status(400).send('No sign-in in progress');
  try {
    const userId = request.session.userId ?? 'anonymous';
    const { authenticator } = await handleCallback(request.url, PendingAuthorization.fromRecord(record), options(userId));
    delete request.session.oauth;              // used: one sign-in, one callback
    await authenticator.close();
    response.send('Connected.');
  } catch (error) {
    // A callback whose state is wrong or missing is not this sign-in's (perhaps forged): keep the
    // record, so the user's real callback still completes. Any other failure used it up.
    const reason = isAuthError(error) ? error.details['reason'] : undefined;
    if (reason !== 'state_mismatch' && reason !== 'missing_state') delete request.session.oauth;
    if (isAuthError(error, 'ERR_AUTH_ACCESS_DENIED')) return void response.status(403).send('You declined.');
    if (isAuthError(error)) return void response.status(400).send(error.message); // secret-free
    throw error;
  }
});

// Anywhere later, for that user: the stored token, refreshed as needed.
export function apiFor(userId: string) {
  const auth = oauth2Auth({ grant: 'authorization_code', ...options(userId) });
  return authFetch(auth, { origins: ['https://api.example.com'] });
}
// #endregion web-login
