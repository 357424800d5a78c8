// The code of docs/oauth2/jwt-bearer.md, type-checked by `npm test` (examples/tsconfig.json).

// #region generic
import { readFileSync } from 'node:fs';
import { oauth2Auth } from 'authwire';

const auth = oauth2Auth({
  grant: 'jwt_bearer',
  tokenUrl: 'https://idp.example.com/oauth2/token',
  clientId: 'integration-42',                         // also the default iss
  assertion: { privateKey: readFileSync('integration-42.pem', 'utf8'), keyId: 'k1', subject: 'user-7' },
  scope: ['orders.read'],                            // in the body by default
});
// #endregion generic

export { auth };
