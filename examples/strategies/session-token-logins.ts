// The code of docs/strategies/session-token.md, type-checked by `npm test` (examples/tsconfig.json).

// #region basic-login
import { basicAuth, sessionTokenAuth } from 'authwire';

// A login endpoint that takes HTTP Basic and answers with a header.
const auth = sessionTokenAuth({
  login: { url: 'https://legacy.example.com/api/login', auth: basicAuth({ username: 'robot', password: process.env.ROBOT_PASSWORD ?? '' }) },
  tokenHeader: 'X-Auth-Token',
  tokenPrefix: 'Bearer', // the header reads "Bearer abc": keep "abc"
  expiresIn: 'PT8H',
  inject: { in: 'query', name: 'session' }, // ...?session=abc (URLs end up in logs: only if the API insists)
});
// #endregion basic-login
export function formLogin() {
  // #region form-login
  const auth = sessionTokenAuth({
    login: { url: 'https://app.example.com/login', form: { user: 'robot', pass: process.env.ROBOT_PASSWORD ?? '' } },
    tokenCookie: 'JSESSIONID',
    expiresIn: 'PT30M',
  }); // every API request carries Cookie: JSESSIONID=<token> (merged with its own cookies)
  // #endregion form-login
  return auth;
}

export { auth };
