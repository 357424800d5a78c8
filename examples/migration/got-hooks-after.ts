// The code of docs/migration/got-hooks.md, type-checked by `npm test` (examples/tsconfig.json).
const user = 'robot';
const password = process.env.ROBOT_PASSWORD ?? '';

// #region after
import got from 'got';
import { sessionTokenAuth } from 'authwire';
import { gotAuth } from 'authwire/got';

const auth = sessionTokenAuth({
  login: { url: 'https://api.example.com/login', method: 'POST', json: { user, password } },
  tokenPath: 'token',
  expiresIn: 'PT1H',
  inject: { in: 'header', name: 'Authorization', prefix: 'Bearer' },
});
const api = got.extend({ prefixUrl: 'https://api.example.com/' }, gotAuth(auth));
// #endregion after

export { api };
