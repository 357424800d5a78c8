// The code of docs/adapters/ky.md, type-checked by `npm test` (examples/tsconfig.json).

// #region quick-start
import ky from 'ky';
import { apiKeyAuth } from 'authwire';
import { kyAuth } from 'authwire/ky';

const auth = apiKeyAuth({ key: process.env.API_KEY ?? '', in: 'header', name: 'X-API-Key' });

const api = ky.create({ prefixUrl: 'https://api.example.com/v1/' }).extend(kyAuth(auth));
const items = await api.get('items').json();
// #endregion quick-start

export { items };
