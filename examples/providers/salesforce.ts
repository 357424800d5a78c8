// The code of docs/providers.md, type-checked by `npm test` (examples/tsconfig.json).
import { salesforceAuth } from 'authwire/providers';
import { authFetch } from 'authwire/fetch';

// #region salesforce
const auth = salesforceAuth({
  clientId: process.env.SF_CONSUMER_KEY ?? '',
  clientSecret: process.env.SF_CONSUMER_SECRET ?? '',
  refreshToken: process.env.SF_REFRESH_TOKEN ?? '',
  loginUrl: 'https://test.salesforce.com', // a sandbox
  sessionTimeout: 3600,                    // your org's session timeout, in seconds
});
const base = await auth.instanceUrl();     // from instance_url
const api = authFetch(auth, { origins: [base] });
await api(`${base}/services/data/v61.0/sobjects`);
// #endregion salesforce
