// The code of docs/strategies/session-token.md, type-checked by `npm test` (examples/tsconfig.json).

// #region json-login
import { sessionTokenAuth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const auth = sessionTokenAuth({
  login: {
    url: 'https://api.example.com/v1/sessions',
    json: { username: 'robot', password: process.env.ROBOT_PASSWORD ?? '' },
  },
  tokenPath: 'data.tokens[0].value',
  expiresIn: 'P14D',
  inject: { in: 'header', name: 'X-Session-Token' },
});

const api = authFetch(auth, { origins: ['https://api.example.com'] });
await api('https://api.example.com/v1/reports'); // logs in first, then X-Session-Token: <token>
// #endregion json-login
