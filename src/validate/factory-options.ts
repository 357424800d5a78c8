// The option names of the factories whose files keep only a one-line check: jwtAuth,
// sessionTokenAuth and the token stores.
import type { EncryptedTokenStoreOptions } from '../stores/encrypted.js';
import type { FileTokenStoreOptions } from '../stores/file.js';
import type { RedisTokenStoreOptions } from '../stores/redis.js';
import { lifecycleNames } from '../oauth2/lifecycle-options.js';
import type { JwtAuthOptions } from '../strategies/jwt.js';
import type { SessionLoginOptions, SessionTokenAuthOptions } from '../strategies/session-token-types.js';
import { checkOptionNames, optionNames, type OptionNames } from './option-names.js';

const jwtNames = optionNames<JwtAuthOptions>()(
  [
    'secret', 'secretEncoding', 'privateKey', 'passphrase', 'algorithm', 'kid', 'typ', 'cty', 'header', 'iss', 'sub', 'aud', 'claims', 'lifetimeSeconds',
    'refreshMarginSeconds', 'signEachRequest', 'jti', 'notBefore', 'prefix', 'placement',
  ],
  { secret: '', privateKey: '', passphrase: 'Omit the key for a private key that is not encrypted.' },
);
const sessionNames = optionNames<SessionTokenAuthOptions>()([
  ...lifecycleNames, 'login', 'tokenPath', 'tokenHeader', 'tokenCookie', 'tokenPrefix', 'expiresIn', 'expiresInPath', 'expiresAtPath', 'expiresAtFormat', 'inject',
  'cacheKey', 'tls', 'allowInsecureHttp', 'name',
]);
const loginNames = optionNames<SessionLoginOptions>()(['url', 'method', 'query', 'headers', 'json', 'form', 'auth', 'fetch']);

/**
 * The option names of each token store's constructor.
 *
 * @example
 * ```ts
 * checkOptionNames(options, storeOptionNames.file, 'FileTokenStore');
 * ```
 */
export const storeOptionNames: { readonly file: OptionNames; readonly encrypted: OptionNames; readonly redis: OptionNames } = {
  file: optionNames<FileTokenStoreOptions>()(['path', 'onError', 'lockTimeoutMs', 'staleLockMs']),
  encrypted: optionNames<EncryptedTokenStoreOptions>()(['store', 'keys', 'currentKeyId'], { keys: '' }),
  redis: optionNames<RedisTokenStoreOptions>()(['client', 'prefix', 'refreshTokenTtlMs', 'defaultTtlMs', 'timeoutMs', 'replicas', 'replicaTimeoutMs']),
};

/**
 * Refuses an option `jwtAuth` does not take, and a key or secret given as `undefined`.
 *
 * @example
 * ```ts
 * checkJwtOptions({ secret, lifetime: 300 }); // throws: did you mean 'lifetimeSeconds'?
 * ```
 */
export function checkJwtOptions(options: unknown): void {
  checkOptionNames(options, jwtNames, 'jwtAuth');
}

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
