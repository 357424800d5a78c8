// The code of docs/strategies/jwt.md, type-checked by `npm test` (examples/tsconfig.json).

// #region appsmith
import { bearerAuth, combineAuth, jwtAuth } from 'authwire';

const auth = combineAuth(
  bearerAuth({ token: process.env.API_TOKEN ?? '' }),
  jwtAuth({
    secret: process.env.APPSMITH_SIGNING_SECRET ?? '',
    placement: { in: 'header', name: 'X-Appsmith-Signature' },
    signEachRequest: true, // a fresh iat and jti on every request
  }),
);
// Authorization: Bearer <API token>
// X-Appsmith-Signature: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9....
// #endregion appsmith

export { auth };
