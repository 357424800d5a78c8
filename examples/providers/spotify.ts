// The code of docs/providers.md, type-checked by `npm test` (examples/tsconfig.json).
import { spotifyAuth } from 'authwire/providers';
import { authFetch } from 'authwire/fetch';

const clientId = process.env.SPOTIFY_CLIENT_ID ?? '';
const clientSecret = process.env.SPOTIFY_CLIENT_SECRET ?? '';
const refreshToken = process.env.SPOTIFY_REFRESH_TOKEN ?? '';

// #region spotify
const me = spotifyAuth({ clientId, refreshToken }); // PKCE: no secret, rotating refresh tokens
const app = spotifyAuth({ grant: 'client_credentials', clientId, clientSecret });
await authFetch(me)('https://api.spotify.com/v1/me');
// #endregion spotify

export { app };
