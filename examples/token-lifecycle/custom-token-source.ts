// The code of docs/token-lifecycle.md, type-checked by `npm test` (examples/tsconfig.json).

// #region custom-token-source
import { createTokenAuthenticator, TokenManager, tokenFromResponse } from 'authwire';

const manager = new TokenManager({
  key: { tokenUrl: 'https://api.example.com/login', subject: 'robot' },
  fetchToken: async ({ signal }) => {
    const issuedAt = Date.now();
    const response = await fetch('https://api.example.com/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'robot', password: process.env.ROBOT_PASSWORD }),
      signal,
    });
    return tokenFromResponse(await response.json(), issuedAt, { accessToken: 'session.token', expiresIn: 'session.ttl' });
  },
});
const auth = createTokenAuthenticator({ name: 'session', manager, placement: { in: 'header', name: 'X-Session' } });
// #endregion custom-token-source

export { auth };
