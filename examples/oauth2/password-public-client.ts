// The public-client example of docs/oauth2/password.md, type-checked by `npm test` (examples/tsconfig.json).
import { oauth2Auth } from 'authwire';

// #region bubble
const bubble = oauth2Auth({
  grant: 'password',
  tokenUrl: 'https://myapp.bubbleapps.io/api/1.1/oauth/access_token',
  username: 'robot@example.com',
  password: process.env.BUBBLE_PASSWORD ?? '',
});
// #endregion bubble

await bubble.close();
