/**
 * authwire for ky 1 and ky 2: options for `ky.extend()` / `ky.create()` that authenticate
 * every attempt.
 *
 * @module authwire/ky
 */
import { checkAdapterOptionsArgument, checkAuthenticatorArgument, secondInstallation } from '../src/adapter-kit/adapter-arguments.js';
import { AuthError, isAuthError, redactError, type AdapterOptions, type Authenticator } from '../src/index.js';
import { createFetchPipeline, isFetchPipeline } from './internal/fetch-pipeline.js';
import { isRequest } from './internal/fetch-request.js';
import { describeKyCall, kyCallHeader, markKyCall } from './internal/ky-call.js';
import { StateSlot } from './internal/state-slot.js';

/**
 * Options of {@link kyAuth}.
 *
 * @example
 * ```ts
 * const options: KyAuthOptions = { origins: ['https://uploads.example.com'] };
 * const api = ky.create({ prefixUrl: 'https://api.example.com/' }).extend(kyAuth(auth, options));
 * ```
 */
export interface KyAuthOptions extends AdapterOptions {
  /**
   * The fetch ky's requests are finally sent with. kyAuth takes over ky's own `fetch` option,
   * so pass a custom fetch here instead. By default `globalThis.fetch`, looked up on every call.
   */
  readonly fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
}

/**
 * A ky `beforeRequest` hook that fits ky 1 (`(request, options, state)`) and ky 2 (`({ request, options })`).
 *
 * @example
 * ```ts
 * const [hook] = kyAuth(auth).hooks.beforeRequest; // ky calls it; you do not
 * ```
 */
export type KyAuthBeforeRequestHook = (requestOrState: unknown, options?: unknown) => void;

/**
 * A ky `beforeRetry` hook (one state object in ky 1 and ky 2).
 *
 * @example
 * ```ts
 * const [hook] = kyAuth(auth).hooks.beforeRetry; // throws an AuthError back at ky instead of retrying
 * ```
 */
export type KyAuthBeforeRetryHook = (state: { readonly error: Error }) => void;

/**
 * A ky `beforeError` hook that fits ky 1 (`(error, state)`) and ky 2 (`({ error, ... })`).
 *
 * @example
 * ```ts
 * const [hook] = kyAuth(auth).hooks.beforeError; // returns ky's error with every credential redacted
 * ```
 */
export interface KyAuthBeforeErrorHook {
  /** ky 1: the `HTTPError`, returned after redaction. */
  <E extends Error>(error: E, state?: unknown): E;
  /** ky 2: the state object; its error is returned after redaction. */
  (state: { readonly error: Error }): Error;
}

/**
 * What {@link kyAuth} returns: options to pass to `ky.extend()` or `ky.create()`.
 *
 * @example
 * ```ts
 * const extension: KyAuthExtension = kyAuth(auth);
 * const api = ky.create({ ...extension, timeout: 5_000 });
 * ```
 */
export interface KyAuthExtension {
  /** Sends each ky attempt through authwire's fetch pipeline (authentication, redirects, one 401 retry). */
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** The hooks kyAuth needs; ky merges them with yours. */
  readonly hooks: {
    /** Tells the pipeline ky's base URL and whether the body is a stream. */
    readonly beforeRequest: KyAuthBeforeRequestHook[];
    /** Stops ky from retrying an `AuthError` (bad configuration, insecure URL): it would fail again. */
    readonly beforeRetry: KyAuthBeforeRetryHook[];
    /** Redacts every credential from ky's errors. */
    readonly beforeError: KyAuthBeforeErrorHook[];
  };
}

/**
 * Returns options for `ky.extend()` / `ky.create()` that add `authenticator`'s credentials to
 * every attempt ky makes, its own retries included. Works with ky 1 and ky 2.
 *
 * kyAuth supplies ky's `fetch` option: each attempt goes through authwire's fetch pipeline (see
 * `authFetch`), which follows redirects itself so that no credential reaches another origin,
 * answers one 401 with one retry, and keeps credentials out of `response.url`. A request to an
 * absolute URL whose origin differs from ky's `prefixUrl` (ky 1) or `prefix`/`baseUrl` (ky 2)
 * goes out without credentials unless its origin is listed in `origins`. An authenticator with
 * `tls` is applied as in `authFetch`: an undici `Agent` (the optional `undici` peer dependency)
 * presents the client certificate on the hops that may receive credentials, and only there.
 *
 * @param authenticator - how requests are authenticated
 * @param options - extra origins, plain-http opt-in, and the fetch to send with
 * @returns options to pass to `ky.extend()` or `ky.create()`
 * @example
 * ```ts
 * import ky from 'ky';
 * import { apiKeyAuth } from 'authwire';
 * import { kyAuth } from 'authwire/ky';
 *
 * const auth = apiKeyAuth({ key: process.env.API_KEY ?? '', in: 'header', name: 'X-API-Key' });
 * const api = ky.create({ prefixUrl: 'https://api.example.com/v1/' }).extend(kyAuth(auth));
 * const items = await api.get('items').json();
 * ```
 */
export function kyAuth(authenticator: Authenticator, options: KyAuthOptions = {}): KyAuthExtension {
  checkAuthenticatorArgument('kyAuth', authenticator);
  checkAdapterOptionsArgument('kyAuth', options, { withFetch: true });
  if (isFetchPipeline(options.fetch)) throw secondInstallation('kyAuth', 'the fetch it wraps');
  const { fetch: wrapped, ...adapter } = options;
  // The secrets sent for a response ride on it in a ticket under a private symbol (not a WeakMap
  // entry per response, which costs the garbage collector more), for redacting ky's errors.
  const sentSecrets = new StateSlot<readonly string[]>();
  const fetch = createFetchPipeline(authenticator, {
    adapter,
    fetch: wrapped,
    describe: describeKyCall,
    onResponse: (response, secrets) => {
      if (secrets.length > 0) Object.defineProperty(response, secretsKey, { value: sentSecrets.issue(secrets) });
    },
  });

  const beforeRequest: KyAuthBeforeRequestHook = (requestOrState, kyOptions) => {
    const request = isRequest(requestOrState) ? requestOrState : field(requestOrState, 'request');
    if (!isRequest(request)) return;
    const callOptions = request === requestOrState ? kyOptions : field(requestOrState, 'options');
    // ky sends with the last `fetch` merged: if it is not this one, nothing of authwire's would run,
    // and the private header would go to the server. Refused before the header is written.
    const inEffect = field(callOptions, 'fetch');
    if (inEffect !== undefined && inEffect !== fetch) throw isFetchPipeline(inEffect) ? secondInstallation('kyAuth', 'this ky instance') : replacedFetch();
    markKyCall(request, callOptions);
  };

  const beforeRetry: KyAuthBeforeRetryHook = ({ error }) => {
    if (isAuthError(error)) throw error;
  };

  function beforeError<E extends Error>(error: E, state?: unknown): E;
  function beforeError(state: { readonly error: Error }): Error;
  function beforeError(first: Error | { readonly error: Error }): Error {
    const error = first instanceof Error ? first : first.error;
    const response = field(error, 'response');
    const secrets = response instanceof Response ? sentSecrets.read((response as unknown as Record<symbol, unknown>)[secretsKey]) : undefined;
    if (secrets !== undefined) redactError(error, secrets);
    const request = field(error, 'request');
    if (isRequest(request)) request.headers.delete(kyCallHeader);
    return error;
  }

  return { fetch, hooks: { beforeRequest: [beforeRequest], beforeRetry: [beforeRetry], beforeError: [beforeError] } };
}

const secretsKey = Symbol('authwire');

function replacedFetch(): AuthError {
  return new AuthError(
    'ERR_AUTH_INVALID_CONFIG',
    "kyAuth: ky's fetch option was set after kyAuth(), which puts it in place of authwire's and would send requests without credentials; pass it as kyAuth(auth, { fetch })",
    { details: { field: 'kyAuth.fetch' } },
  );
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
