// The code of docs/adapters/axios.md, type-checked by `npm test` (examples/tsconfig.json).

// #region quick-start
import axios from 'axios';
import { bearerAuth } from 'authwire';
import { axiosAuth } from 'authwire/axios';

const api = axios.create({ baseURL: 'https://api.example.com/v1/' });
const remove = axiosAuth(api, bearerAuth({ token: process.env.API_TOKEN ?? '' }));

const { data } = await api.get('items');

remove(); // the instance sends requests without credentials again
// #endregion quick-start

export { data };
