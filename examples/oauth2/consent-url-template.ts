// The code of docs/oauth2/authorization-code.md, type-checked by `npm test` (examples/tsconfig.json).

// #region template
import { authorizationUrl } from 'authwire';

const { url, pending } = authorizationUrl({
  authorizationUrlTemplate:
    'https://www.example.com/oauth2/authorize?app_key={{client_id}}&redirect={{redirect_uri}}&perms={{scope}}&csrf={{state}}&challenge={{code_challenge}}',
  clientId: 'my-app',
  redirectUri: 'https://app.example.com/oauth/callback',
  scope: ['read', 'write'],
  paramNames: { state: 'csrf' },   // the callback brings the state back as `csrf`
});
// #endregion template

export { url, pending };
