// The code of docs/strategies/selective.md, type-checked by `npm test` (examples/tsconfig.json).

// #region config
import { apiKeyAuth, bearerAuth, noAuth, selectiveAuth } from 'authwire';

// e.g. parsed from the connector's config.json
const config = {
  credentials: { auth_type: 'api_key', api_key: process.env.SHOP_API_KEY ?? '', access_token: '' },
};

const auth = selectiveAuth({
  select: { config, path: 'credentials.auth_type' },
  options: {
    api_key: apiKeyAuth({ key: config.credentials.api_key, in: 'header', name: 'X-Shop-Key' }),
    oauth: bearerAuth({ getToken: () => config.credentials.access_token }),
    none: noAuth(),
  },
});
// auth.name === 'selective(api_key: api-key)'; every request carries X-Shop-Key.
// #endregion config

const options = { api_key: apiKeyAuth({ key: 'k', in: 'header', name: 'X-Shop-Key' }), oauth: bearerAuth({ token: 't' }), none: noAuth() };
// #region unknown-option
selectiveAuth({ select: { config: { credentials: { auth_type: 'API-Key' } }, path: 'credentials.auth_type' }, options });
// AuthError ERR_AUTH_UNKNOWN_OPTION
// selective: config.credentials.auth_type matches no option; expected one of 'api_key', 'oauth', 'none' (did you mean 'api_key'?)
// #endregion unknown-option

export { auth };
