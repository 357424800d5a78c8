// The code of docs/strategies/api-key.md, type-checked by `npm test` (examples/tsconfig.json).
const key = process.env.API_KEY ?? '';

// #region placements
import { apiKeyAuth } from 'authwire';

apiKeyAuth({ key, in: 'header', name: 'X-API-Key' });
apiKeyAuth({ key, in: 'header', name: 'Authorization', prefix: 'Token' });
apiKeyAuth({ key, in: 'query', name: 'api_key' });
apiKeyAuth({ key, in: 'form', name: 'key' });          // merged into a form body
apiKeyAuth({ key, in: 'json', name: 'auth.api_key' }); // merged into a JSON object body
// #endregion placements
