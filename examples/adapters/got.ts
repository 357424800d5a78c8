// The code of docs/adapters/got.md, type-checked by `npm test` (examples/tsconfig.json).

// #region quick-start
import got from 'got';
import { bearerAuth } from 'authwire';
import { gotAuth } from 'authwire/got';

const api = got.extend(
  { prefixUrl: 'https://api.example.com/v1' },
  gotAuth(bearerAuth({ token: process.env.API_TOKEN ?? '' })),
);

const items = await api.get('items').json();
// #endregion quick-start

export { items };
