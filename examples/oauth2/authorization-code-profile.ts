// The code of docs/oauth2/authorization-code.md, type-checked by `npm test` (examples/tsconfig.json).
import { handleCallback, type AuthorizationCodeOptions, type PendingAuthorization } from 'authwire';

declare const request: { url: string };
declare const pending: PendingAuthorization;
declare const userId: string;
declare function options(userId: string): AuthorizationCodeOptions; // as in web-login.ts

// #region profile
const { profile } = await handleCallback(request.url, pending, {
  ...options(userId),
  profile: { url: 'https://api.github.com/user', idPath: 'id', emailPath: 'email' },
});
// profile: { id: '583231', email: 'octocat@github.com' } — also in the stored token's extra.profile
// #endregion profile

export { profile };
