// The code of docs/providers/metabase.md, type-checked by `npm test` (examples/tsconfig.json).

// #region session
import { metabaseAuth } from 'authwire/providers';
import { authFetch } from 'authwire/fetch';

const auth = metabaseAuth({
  baseUrl: 'https://metabase.example.com', // or https://example.com/metabase
  username: 'reports@example.com',
  password: process.env.METABASE_PASSWORD ?? '',
});
const metabase = authFetch(auth, { origins: [auth.baseUrl] });
const cards = await (await metabase(`${auth.baseUrl}/api/card`)).json();
// #endregion session

export { cards };
