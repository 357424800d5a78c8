// The code of docs/providers.md, type-checked by `npm test` (examples/tsconfig.json).
import { baserowAuth } from 'authwire/providers';
import { authFetch } from 'authwire/fetch';

const tableId = process.env.BASEROW_TABLE_ID ?? '';

// #region baserow
const rows = baserowAuth({ databaseToken: process.env.BASEROW_TOKEN ?? '' });        // Token <t>
const user = baserowAuth({ email: 'bot@example.com', password: process.env.BASEROW_PASSWORD ?? '', baseUrl: 'https://baserow.example.com' }); // JWT <t>
await authFetch(rows)(`https://api.baserow.io/api/database/rows/table/${tableId}/?user_field_names=true`);
// #endregion baserow

export { user };
