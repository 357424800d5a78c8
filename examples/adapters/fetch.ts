// The code of docs/adapters/fetch.md, type-checked by `npm test` (examples/tsconfig.json).

// #region quick-start
import { bearerAuth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const fetchWithAuth = authFetch(bearerAuth({ token: process.env.API_TOKEN ?? '' }), {
  origins: ['https://api.example.com'],
});

const response = await fetchWithAuth('https://api.example.com/v1/items', {
  headers: { Accept: 'application/json' },
});
const items = await response.json();
// #endregion quick-start

export { items };
