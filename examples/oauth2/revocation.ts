// The code of docs/oauth2/revocation.md, type-checked by `npm test` (examples/tsconfig.json).
import { homedir } from 'node:os';
import { FileTokenStore, isAuthError, oauth2Auth } from 'authwire';

// #region sign-out
// A CLI's "logout": the token loopbackLogin stored, revoked at the server and removed from the file.
const auth = oauth2Auth({
  grant: 'authorization_code',
  tokenUrl: 'https://auth.example.com/oauth/token',
  issuer: 'https://auth.example.com', // revocation_endpoint read from its metadata on the first revoke()
  clientId: 'reports-cli',
  store: new FileTokenStore({ path: `${homedir()}/.config/reports-cli/tokens.json` }),
});
await auth.revoke({ signal: AbortSignal.timeout(10_000) });
// The file holds no token now; this authenticator's next request fails with
// ERR_AUTH_REAUTH_REQUIRED until the user signs in again.
await auth.close();
// #endregion sign-out

// #region errors
const service = oauth2Auth({
  grant: 'client_credentials',
  tokenUrl: 'https://auth.example.com/oauth/token',
  revocationUrl: 'https://auth.example.com/oauth/revoke',
  clientId: 'reporting',
  clientSecret: process.env.CLIENT_SECRET ?? '',
});
try {
  await service.revoke();
} catch (error) {
  if (!isAuthError(error)) throw error;
  // Nothing was removed: the token is still stored and still used. revoke() may be called again.
  const again = error.details.retryable === true ? ' (try again later)' : '';
  console.error(`${error.code}: ${error.message}${again}`);
}
await service.close();
// #endregion errors
