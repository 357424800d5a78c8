// The code of docs/strategies/combine.md, type-checked by `npm test` (examples/tsconfig.json).

// #region combine
import { bearerAuth, combineAuth, jwtAuth } from 'authwire';

const auth = combineAuth(
  bearerAuth({ token: process.env.API_TOKEN ?? '' }),
  jwtAuth({ secret: process.env.SIGNING_SECRET ?? '', placement: { in: 'header', name: 'X-Appsmith-Signature' } }),
);
// #endregion combine

export { auth };
