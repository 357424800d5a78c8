// The code of docs/providers.md, type-checked by `npm test` (examples/tsconfig.json).

// #region github
import { githubAuth } from 'authwire/providers';
import { FileTokenStore } from 'authwire';
import { authFetch } from 'authwire/fetch';

// A personal access token:
const pat = githubAuth({ token: process.env.GITHUB_TOKEN ?? '', apiVersion: '2022-11-28' });

// A GitHub App's expiring user token (single-use refresh tokens: keep them in a store):
const user = githubAuth({
  clientId: process.env.GITHUB_CLIENT_ID ?? '',
  clientSecret: process.env.GITHUB_CLIENT_SECRET ?? '',
  refreshToken: process.env.GITHUB_REFRESH_TOKEN ?? '',
  store: new FileTokenStore({ path: '.tokens.json' }),
});
const api = authFetch(user, { origins: [user.baseUrl ?? ''] });
await api('https://api.github.com/user');
// #endregion github

export { pat };
