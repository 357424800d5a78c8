// The code of docs/vault.md, type-checked by `npm test` (examples/tsconfig.json).
const username = 'reports@example.com';
const password = process.env.METABASE_PASSWORD ?? '';
/** A provider SDK that takes a token, such as spotify-web-api-node. */
declare const spotifyApi: { setAccessToken(token: string): void };

// #region vault
import { createVault, FileTokenStore, oauth2Auth } from 'authwire';
import { metabaseAuth, stripeAuth } from 'authwire/providers';
import { authFetch } from 'authwire/fetch';

const store = new FileTokenStore({ path: '.tokens.json' });
const vault = createVault(
  {
    spotify: oauth2Auth({
      grant: 'client_credentials',
      tokenUrl: 'https://accounts.spotify.com/api/token',
      clientId: process.env.SPOTIFY_CLIENT_ID ?? '',
      clientSecret: process.env.SPOTIFY_CLIENT_SECRET ?? '',
      store,
    }),
    metabase: metabaseAuth({ baseUrl: 'https://metabase.example.com', username, password, store }),
    stripe: stripeAuth({ secretKey: process.env.STRIPE_SECRET_KEY ?? '' }),
  },
  { store },
);

const secrets = await vault.secrets();
// {
//   spotify:  { isLoggedIn: true,  bearerToken: 'BQD…', expiresAt: 1767225600000, scopes: [] },
//   metabase: { isLoggedIn: true,  bearerToken: '5f1c…', expiresAt: 1768435200000, scopes: [] },
//   stripe:   { isLoggedIn: true,  bearerToken: undefined, expiresAt: undefined, scopes: [] }, // HTTP Basic: no bearer token
// }
if (secrets.spotify.bearerToken !== undefined) spotifyApi.setAccessToken(secrets.spotify.bearerToken);

const metabase = authFetch(vault.authenticator('metabase'), { origins: ['https://metabase.example.com'] });
// #endregion vault

export { metabase };
