// The argument checks every adapter runs first (axiosAuth, gotAuth, kyAuth, authFetch), so that a
// wrong call fails where it is made with ERR_AUTH_INVALID_CONFIG saying what was expected, not
// later with a TypeError from inside a client ("reading 'tls'"). Values are described by kind,
// never shown: an argument in the wrong place may be a secret.
import { checkAdapterOptions } from '../validate/adapter-options.js';
import type { Authenticator } from '../authenticator.js';
import { AuthError } from '../errors.js';

/**
 * The name of an adapter's entry point, as messages show it.
 *
 * @example
 * ```ts
 * const call: AdapterCall = 'axiosAuth';
 * ```
 */
export type AdapterCall = 'axiosAuth' | 'gotAuth' | 'kyAuth' | 'authFetch';

/**
 * What kind of value `value` is, for a message: an HTTP client instance (axios, got, ky), a
 * Promise, an Authenticator, `a string`, ... Never the value itself.
 *
 * @example
 * ```ts
 * describeArgument(got); // 'a got instance'
 * describeArgument(Promise.resolve(auth)); // 'a Promise (a missing await?)'
 * ```
 */
export function describeArgument(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (isThenable(value)) return 'a Promise (a missing await?)';
  if (isAxiosInstance(value)) return 'an axios instance';
  if (typeof value === 'function') {
    const client = value as unknown as Record<string, unknown>;
    if (typeof client['extend'] === 'function' && typeof client['paginate'] === 'function') return 'a got instance';
    if (typeof client['extend'] === 'function' && typeof client['create'] === 'function') return 'a ky instance';
    return 'a function';
  }
  if (isAuthenticatorLike(value)) return 'an Authenticator';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * Throws `ERR_AUTH_INVALID_CONFIG` unless `value` is an {@link Authenticator} (an object with an
 * `authenticate` function, and a `challenge` function if it has one).
 *
 * @example
 * ```ts
 * checkAuthenticatorArgument('kyAuth', authenticator); // kyAuth(await oauth2Promise) is fine; kyAuth(oauth2Promise) throws
 * ```
 */
export function checkAuthenticatorArgument(call: AdapterCall, value: unknown): asserts value is Authenticator {
  if (isAuthenticatorLike(value) && !isThenable(value)) {
    const { challenge } = value as { challenge?: unknown };
    if (challenge === undefined || typeof challenge === 'function') return;
    throw argumentError(call, 'authenticator.challenge', 'a function or nothing', describeArgument(challenge));
  }
  const expected = 'an Authenticator (bearerAuth(), oauth2Auth(), createAuth() and the other factories make one)';
  throw argumentError(call, 'authenticator', expected, describeArgument(value));
}

/**
 * Throws `ERR_AUTH_INVALID_CONFIG` unless `value` is absent or the options object of an adapter:
 * `origins` an array of strings, `allowInsecureHttp` a boolean, and, with `withFetch`, `fetch` a
 * function.
 *
 * @example
 * ```ts
 * checkAdapterOptionsArgument('authFetch', options, { withFetch: true });
 * ```
 */
export function checkAdapterOptionsArgument(call: AdapterCall, value: unknown, { withFetch = false }: { readonly withFetch?: boolean } = {}): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isThenable(value) || isAuthenticatorLike(value)) {
    throw argumentError(call, 'options', 'an options object such as { origins: [...] }, or nothing', describeArgument(value));
  }
  const { origins, allowInsecureHttp, fetch } = value as Record<string, unknown>;
  if (origins !== undefined && (!Array.isArray(origins) || !origins.every((origin) => typeof origin === 'string'))) {
    const hint = typeof origins === 'string' ? " (wrap one origin in a list: origins: ['https://…'])" : '';
    throw argumentError(call, 'options.origins', `an array of origin strings${hint}`, describeArgument(origins));
  }
  if (allowInsecureHttp !== undefined && typeof allowInsecureHttp !== 'boolean') {
    throw argumentError(call, 'options.allowInsecureHttp', 'true or false', describeArgument(allowInsecureHttp));
  }
  if (withFetch && fetch !== undefined && typeof fetch !== 'function') {
    throw argumentError(call, 'options.fetch', 'a fetch function', describeArgument(fetch));
  }
  checkAdapterOptions(value, call, withFetch ? ['fetch'] : []);
}

/**
 * Throws `ERR_AUTH_INVALID_CONFIG` unless `value` is an axios instance (`axios` itself or
 * `axios.create()`); an Authenticator in its place says to pass the instance first.
 *
 * @example
 * ```ts
 * checkAxiosInstanceArgument(instance); // axiosAuth(auth) throws: the instance comes first
 * ```
 */
export function checkAxiosInstanceArgument(value: unknown): void {
  if (isAxiosInstance(value)) return;
  const order = isAuthenticatorLike(value) ? ': pass the instance first, axiosAuth(instance, authenticator)' : '';
  throw argumentError('axiosAuth', 'instance', `an axios instance (axios or axios.create())${order}`, describeArgument(value));
}

/**
 * The error of a second authwire installation where one is already in effect: refused, the same
 * in every adapter (one installation per client; several authenticators go in one `combineAuth`).
 *
 * @example
 * ```ts
 * if (installed.has(instance)) throw secondInstallation('axiosAuth', 'this axios instance');
 * ```
 */
export function secondInstallation(call: AdapterCall, where: string): AuthError {
  return new AuthError(
    'ERR_AUTH_INVALID_CONFIG',
    `${call}: ${where} already has authwire installed; install it once (remove the first, or put several authenticators in one combineAuth())`,
    { details: { field: call } },
  );
}

/** Where a request's first installation leaves its mark, in a per-request object of the client (got's `options.context`). */
const installationKey = Symbol('authwire.installation');

/**
 * Claims one request for one installation, in `context` (an object the client keeps per request
 * and copies to its retries, as got's `options.context`): the first installation to see the
 * request owns it; another one throws {@link secondInstallation}. Without such an object, the
 * hooks were given to another client (`ky.extend(gotAuth(auth))`): `ERR_AUTH_INVALID_CONFIG`
 * naming the adapter that client takes.
 *
 * @example
 * ```ts
 * claimRequest(request.context, stateKey, 'gotAuth', 'this got instance');
 * ```
 */
export function claimRequest(context: unknown, installation: symbol, call: AdapterCall, where: string): void {
  if (typeof context !== 'object' || context === null) {
    throw new AuthError('ERR_AUTH_INVALID_CONFIG', `${call}: its hooks are for got (got.extend(gotAuth(auth))); ky takes kyAuth(auth)`, { details: { field: call } });
  }
  const owner = (context as Record<PropertyKey, unknown>)[installationKey];
  if (owner === undefined) (context as Record<PropertyKey, unknown>)[installationKey] = installation;
  else if (owner !== installation) throw secondInstallation(call, where);
}

function argumentError(call: AdapterCall, field: string, expected: string, got: string): AuthError {
  return new AuthError('ERR_AUTH_INVALID_CONFIG', `${call}: ${field}: expected ${expected}, got ${got}`, { details: { field: `${call}.${field}` } });
}

function isThenable(value: unknown): boolean {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function isAuthenticatorLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { authenticate?: unknown }).authenticate === 'function';
}

function isAxiosInstance(value: unknown): boolean {
  if (typeof value !== 'function' && (typeof value !== 'object' || value === null)) return false;
  const { interceptors, defaults } = value as { interceptors?: { request?: { use?: unknown }; response?: { use?: unknown } }; defaults?: unknown };
  return typeof interceptors?.request?.use === 'function' && typeof interceptors.response?.use === 'function' && typeof defaults === 'object' && defaults !== null;
}
