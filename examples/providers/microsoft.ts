// The code of docs/providers.md, type-checked by `npm test` (examples/tsconfig.json).
import { microsoftAuth } from 'authwire/providers';
import { authFetch } from 'authwire/fetch';

const clientId = process.env.AZURE_CLIENT_ID ?? '';
const clientSecret = process.env.AZURE_CLIENT_SECRET ?? '';

// #region microsoft
const auth = microsoftAuth({ tenant: process.env.AZURE_TENANT_ID ?? '', clientId, clientSecret });
await authFetch(auth)('https://graph.microsoft.com/v1.0/users?$top=5');
// Another resource: scope: ['https://management.azure.com/.default']; US Gov: authorityHost: 'https://login.microsoftonline.us'.
// #endregion microsoft
