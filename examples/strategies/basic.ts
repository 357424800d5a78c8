// The code of docs/strategies/basic.md, type-checked by `npm test` (examples/tsconfig.json).

// #region basic
import { basicAuth } from 'authwire';

const auth = basicAuth({ username: 'api', password: process.env.API_PASSWORD ?? '' });
// #endregion basic

export { auth };
