// The code of docs/migration/got-hooks.md, type-checked by `npm test` (examples/tsconfig.json).
declare function login(): Promise<string>;

// #region before
import got from 'got';

let token = await login();
const api = got.extend({
  prefixUrl: 'https://api.example.com/',
  hooks: {
    beforeRequest: [(options) => { options.headers.authorization = `Bearer ${token}`; }],
    afterResponse: [async (response, retryWithMergedOptions) => {
      if (response.statusCode !== 401) return response;
      token = await login(); // two concurrent 401s: two logins
      return retryWithMergedOptions({ headers: { authorization: `Bearer ${token}` } });
    }],
  },
});
// #endregion before

export { api };
