// The option names each provider's factory takes, so that a config file with a misspelt option
// fails with the valid names instead of the option being dropped.
import { lifecycleNames } from '../oauth2/lifecycle-options.js';
import type { ProviderName } from './types.js';
import { checkOptionNames } from '../validate/option-names.js';

/** Every name a refreshing preset passes on to `oauth2Auth`, and where it sends tokens. */
const oauth = [...lifecycleNames, 'allowInsecureHttp', 'cacheKey', 'fetch', 'tls', 'baseUrl', 'tokenUrl', 'clientId', 'clientSecret'] as const;
/** How a refresh-token grant starts. */
const refreshStart = ['refreshToken', 'accessToken', 'expiresAt', 'subject'] as const;

/**
 * The options of each provider that hold secrets: what a config file should give as environment
 * references (`{ "env": "NAME" }`) and what a config loader resolves before calling
 * {@link createProviderAuth}.
 *
 * @example
 * ```ts
 * providerSecretOptions.stripe; // ['secretKey']
 * ```
 */
export const providerSecretOptions: Readonly<Record<ProviderName, readonly string[]>> = Object.freeze({
  github: Object.freeze(['token', 'clientSecret', 'refreshToken', 'accessToken']),
  salesforce: Object.freeze(['clientSecret', 'refreshToken', 'accessToken', 'privateKey']),
  spotify: Object.freeze(['clientSecret', 'refreshToken', 'accessToken']),
  stripe: Object.freeze(['secretKey']),
  box: Object.freeze(['clientSecret', 'refreshToken', 'accessToken']),
  contentful: Object.freeze(['token']),
  google: Object.freeze(['serviceAccount', 'clientSecret', 'refreshToken', 'accessToken']),
  microsoft: Object.freeze(['clientSecret']),
  slack: Object.freeze(['token', 'clientSecret', 'refreshToken', 'accessToken']),
  square: Object.freeze(['accessToken', 'clientSecret', 'refreshToken']),
  smartsheet: Object.freeze(['token', 'clientSecret', 'refreshToken', 'accessToken']),
  baserow: Object.freeze(['databaseToken', 'jwt', 'password']),
});

/**
 * The option names of each provider (`createAuth({ type: 'provider' })` refuses others).
 *
 * @example
 * ```ts
 * providerOptionNames.stripe; // ['secretKey', 'scheme', 'account', 'apiVersion', 'baseUrl']
 * ```
 */
export const providerOptionNames = {
  github: [...oauth, ...refreshStart, 'token', 'apiVersion', 'serverUrl'],
  salesforce: [...oauth, ...refreshStart, 'grant', 'loginUrl', 'username', 'privateKey', 'audience', 'sessionTimeout'],
  spotify: [...oauth, ...refreshStart, 'grant'],
  stripe: ['secretKey', 'scheme', 'account', 'apiVersion', 'baseUrl'],
  box: [...oauth, ...refreshStart, 'subjectType', 'subjectId'],
  contentful: ['token', 'api', 'baseUrl'],
  google: [...oauth, ...refreshStart, 'serviceAccount', 'scope', 'tokenUrlAllowList'],
  microsoft: [...oauth, 'tenant', 'authorityHost', 'scope'],
  slack: [...oauth, ...refreshStart, 'token'],
  square: [...oauth, ...refreshStart, 'environment', 'squareVersion'],
  smartsheet: [...oauth, ...refreshStart, 'token', 'region'],
  baserow: [...lifecycleNames, 'allowInsecureHttp', 'fetch', 'tls', 'baseUrl', 'databaseToken', 'jwt', 'email', 'password'],
  metabase: [...lifecycleNames, 'allowInsecureHttp', 'cacheKey', 'fetch', 'tls', 'baseUrl', 'username', 'password', 'expiresIn'],
} as const;

/** What leaving out a secret option of a preset means, where it has a meaning. */
const omitted: Readonly<Record<string, string>> = {
  clientSecret: 'Omit the key for a public client.',
  accessToken: 'Omit the key to start from the refresh token alone.',
};

/**
 * Refuses an option the preset of `provider` does not take (naming the closest one it does), and
 * a secret option given as `undefined` (an unset environment variable, usually).
 *
 * @example
 * ```ts
 * checkProviderOptions('stripe', { secretKey, apiversion: '2024-06-20' }); // throws: did you mean 'apiVersion'?
 * ```
 */
export function checkProviderOptions(provider: keyof typeof providerOptionNames, options: unknown): void {
  // Read when called: index.ts imports every preset, and each preset imports this file.
  const secretNames = provider === 'metabase' ? ['password'] : providerSecretOptions[provider];
  const secrets = new Map(secretNames.map((name) => [name, omitted[name] ?? '']));
  checkOptionNames(options, { names: new Set<string>(providerOptionNames[provider]), secrets }, `${provider}Auth`);
}
