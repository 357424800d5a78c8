// The code of docs/oauth2/client-credentials.md, type-checked by `npm test` (examples/tsconfig.json).

// #region private-key-jwt
import { readFileSync } from 'node:fs';
import { oauth2Auth } from 'authwire';

const auth = oauth2Auth({
  grant: 'client_credentials',
  tokenUrl: 'https://login.example.com/oauth2/token',
  issuer: 'https://login.example.com',
  clientId: 'billing-exporter',
  clientAssertion: { privateKey: readFileSync('client-key.pem', 'utf8'), keyId: 'key-2024-01' },
});
// #endregion private-key-jwt

export { auth };
