// The code of docs/providers/metabase.md, type-checked by `npm test` (examples/tsconfig.json).

// #region api-key
import { apiKeyAuth } from 'authwire';

const auth = apiKeyAuth({ key: process.env.METABASE_API_KEY ?? '', in: 'header', name: 'X-API-Key' });
// #endregion api-key

export { auth };
