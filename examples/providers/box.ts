// The code of docs/providers.md, type-checked by `npm test` (examples/tsconfig.json).
import { boxAuth } from 'authwire/providers';
import { authFetch } from 'authwire/fetch';

const clientId = process.env.BOX_CLIENT_ID ?? '';
const clientSecret = process.env.BOX_CLIENT_SECRET ?? '';

// #region box
const serviceAccount = boxAuth({ clientId, clientSecret, subjectType: 'enterprise', subjectId: process.env.BOX_ENTERPRISE_ID ?? '' });
const asUser = boxAuth({ clientId, clientSecret, subjectType: 'user', subjectId: '987654' });
await authFetch(serviceAccount)('https://api.box.com/2.0/folders/0/items');
// #endregion box

export { asUser };
