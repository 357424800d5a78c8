// The code of docs/strategies/bearer.md, type-checked by `npm test` (examples/tsconfig.json).
/** A secrets client of your own. */
declare const vault: { read(name: string, options: { signal?: AbortSignal | undefined }): Promise<string> };

// #region bearer
import { bearerAuth } from 'authwire';

const netlify = bearerAuth({ token: process.env.NETLIFY_TOKEN ?? '' });
const baserow = bearerAuth({ token: process.env.BASEROW_JWT ?? '', prefix: 'JWT' });
const dynamic = bearerAuth({ getToken: async (signal) => vault.read('api', { signal }) });
// #endregion bearer

export { netlify, baserow, dynamic };
