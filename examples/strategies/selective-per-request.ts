// The code of docs/strategies/selective.md, type-checked by `npm test` (examples/tsconfig.json).
import { apiKeyAuth, bearerAuth, selectiveAuth } from 'authwire';

// #region per-request
const auth = selectiveAuth({
  select: (request) => (request.url.hostname === 'uploads.example.com' ? 'upload' : 'api'),
  options: {
    api: bearerAuth({ token: process.env.API_TOKEN ?? '' }),
    upload: apiKeyAuth({ key: process.env.UPLOAD_KEY ?? '', in: 'header', name: 'X-Upload-Key' }),
  },
});
// #endregion per-request

export { auth };
