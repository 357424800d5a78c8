// The code of docs/strategies/jwt.md, type-checked by `npm test` (examples/tsconfig.json).
import type { IncomingMessage } from 'node:http';

declare const request: IncomingMessage;

// #region verify
import { jwtVerify } from 'jose';

const signature = request.headers['x-appsmith-signature'];
if (typeof signature !== 'string') throw new Error('unsigned request');
const { payload } = await jwtVerify(signature, new TextEncoder().encode(process.env.APPSMITH_SIGNING_SECRET), {
  algorithms: ['HS256'],
  maxTokenAge: '5m',
});
// #endregion verify

export { payload };
