// The option names of sessionTokenAuth and of its login request.
import { lifecycleNames } from '../oauth2/lifecycle-options.js';
import type { SessionLoginOptions, SessionTokenAuthOptions } from '../strategies/session-token-types.js';
import { checkOptionNames, optionNames } from './option-names.js';

const sessionNames = optionNames<SessionTokenAuthOptions>()([
  ...lifecycleNames, 'login', 'tokenPath', 'tokenHeader', 'tokenCookie', 'tokenPrefix', 'expiresIn', 'expiresInPath', 'expiresAtPath', 'expiresAtFormat', 'inject',
  'cacheKey', 'tls', 'allowInsecureHttp', 'name',
]);
const loginNames = optionNames<SessionLoginOptions>()(['url', 'method', 'query', 'headers', 'json', 'form', 'auth', 'fetch']);

/**
 * Refuses an option `sessionTokenAuth` (or its `login`) does not take.
 *
 * @example
 * ```ts
 * checkSessionTokenOptions({ login, tokenPath: 'token', expiresIn: 'P1D', injct: { in: 'header', name: 'X-Session' } }); // did you mean 'inject'?
 * ```
 */
export function checkSessionTokenOptions(options: unknown): void {
  checkOptionNames(options, sessionNames, 'sessionTokenAuth');
  if (typeof options === 'object' && options !== null) checkOptionNames((options as { login?: unknown }).login, loginNames, 'sessionTokenAuth.login');
}
