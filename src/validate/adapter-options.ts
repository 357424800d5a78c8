// What every adapter checks first: its options object holds only the names it takes.
import type { AdapterOptions } from '../adapter-kit/origin-policy.js';
import { invalidConfig } from '../errors.js';
import { checkOptionNames, optionNames } from './option-names.js';

const adapterNames = optionNames<AdapterOptions>()(['origins', 'allowInsecureHttp']);

/**
 * Checks an adapter's options when the adapter is created: an object (or `undefined`) whose keys
 * are {@link AdapterOptions}' or the adapter's own `extra` names; `origins` an array. Anything
 * else is `ERR_AUTH_INVALID_CONFIG` naming the option and the closest valid name.
 *
 * @param options - what the caller passed as the adapter's options
 * @param adapter - the adapter's name for messages, e.g. `authFetch`
 * @param extra - the names the adapter takes beyond {@link AdapterOptions}, e.g. `['fetch']`
 * @example
 * ```ts
 * export function myClientAuth(auth: Authenticator, options: MyClientAuthOptions = {}) {
 *   checkAdapterOptions(options, 'myClientAuth', ['fetch']);
 *   // ...
 * }
 * ```
 */
export function checkAdapterOptions(options: unknown, adapter: string, extra: readonly string[] = []): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw invalidConfig(`${adapter} options`, 'an options object such as { origins: [...] }');
  checkOptionNames(options, { names: new Set([...adapterNames.names, ...extra]), secrets: adapterNames.secrets }, adapter);
  const { origins } = options as { origins?: unknown };
  if (origins !== undefined && !Array.isArray(origins)) {
    throw invalidConfig(`${adapter}.origins`, `an array of origins such as ['https://api.example.com']${typeof origins === 'string' ? ', not a single string' : ''}`);
  }
}
