// The code of docs/oauth2/authorization-code.md, type-checked by `npm test` (examples/tsconfig.json).
import type { AuthorizationCodeOptions } from 'authwire';

declare const userId: string;
declare function options(userId: string): AuthorizationCodeOptions; // as in web-login.ts

// #region later
import { oauth2Auth } from 'authwire';

const auth = oauth2Auth({ grant: 'authorization_code', ...options(userId) });
// #endregion later

export { auth };
