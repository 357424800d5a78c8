/**
 * authwire for ky 1 and ky 2: options for `ky.extend()` / `ky.create()` that authenticate
 * every attempt.
 *
 * @module authwire/ky
 */
import { checkAdapterOptionsArgument, checkAuthenticatorArgument, secondInstallation } from '../src/adapter-kit/adapter-arguments.js';
import { AuthError, isAuthError, type AdapterOptions, type Authenticator } from '../src/index.js';
import { redactError } from '../src/entries/adapter-kit.js';
import { createFetchPipeline, isFetchPipeline } from './internal/fetch-pipeline.js';
import { isRequest } from './internal/fetch-request.js';
import { KyCalls } from './internal/ky-call.js';
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
   * The fetch ky's requests are finally sent with. By default the `fetch` ky was given before
   * kyAuth (`ky.create({ fetch }).extend(kyAuth(auth))`), else `globalThis.fetch`, looked up on
   * every call.
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
export type KyAuthBeforeRequestHook = (requestOrState: unknown, options?: unknown) => Request | undefined;

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
 * The options {@link KyAuthExtension} gives ky, as `ky.extend()` merges them.
 *
 * @example
 * ```ts
 * const options: KyAuthOptionsForKy = kyAuth(auth)({}); // what ky.extend(kyAuth(auth)) does
 * ```
 */
export interface KyAuthOptionsForKy {
  /** Sends each ky attempt through authwire's fetch pipeline (authentication, redirects, one 401 retry). */
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** The hooks kyAuth needs; ky merges them with yours. */
  readonly hooks: KyAuthExtension['hooks'];
}

/**
 * What {@link kyAuth} returns: for `ky.extend()`, which calls it with the instance's options (so
 * that a `fetch` given to ky before is the one authwire sends with), or to spread into
 * `ky.create({ ...kyAuth(auth) })`.
 *
 * @example
 * ```ts
 * const extension: KyAuthExtension = kyAuth(auth);
 * const api = ky.create({ ...extension, timeout: 5_000 });
 * ```
 */
export interface KyAuthExtension {
  /** Called by `ky.extend()` with the parent instance's options. */
  (parent: { readonly fetch?: unknown }): KyAuthOptionsForKy;
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
 * kyAuth supplies ky's `fetch` option (sending through a `fetch` given to ky before it, or the
 * one in `options`): each attempt goes through authwire's fetch pipeline (see
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
  const { fetch: given, ...adapter } = options;
  // The secrets sent for a response ride on it in a ticket under a private symbol (not a WeakMap
  // entry per response, which costs the garbage collector more), for redacting ky's errors.
  const sentSecrets = new StateSlot<readonly string[]>();
  const calls = new KyCalls();
  /** The fetches of this kyAuth: one over `given` (or the global fetch), one per fetch ky had before. */
  const fetches = new WeakSet<object>();
  const fetchOver = (send: KyAuthOptions['fetch']): KyAuthOptionsForKy['fetch'] => {
    const made = createFetchPipeline(authenticator, {
      adapter,
      fetch: send,
      describe: calls.describe,
      onResponse: (response, secrets) => {
        if (secrets.length > 0) Object.defineProperty(response, secretsKey, { value: sentSecrets.issue(secrets) });
      },
    });
    fetches.add(made);
    return made;
  };
  const fetch = fetchOver(given);

  const beforeRequest: KyAuthBeforeRequestHook = (requestOrState, kyOptions) => {
    if (isRequest(requestOrState)) {
      // ky 1: `fetch` is in the options. Refused before anything is sent when it is not ours.
      const inEffect = field(kyOptions, 'fetch');
      if (inEffect !== undefined && !fetches.has(inEffect as object)) throw isFetchPipeline(inEffect) ? secondInstallation('kyAuth', 'this ky instance') : replacedFetch();
      calls.note(requestOrState, kyOptions);
      return undefined;
    }
    // ky 2 hides `fetch` from hooks: the Request it gets back fails in any fetch but ours.
    const request = field(requestOrState, 'request');
    if (!isRequest(request)) return undefined;
    if (KyCalls.marked(request)) throw secondInstallation('kyAuth', 'this ky instance');
    return calls.mark(request, field(requestOrState, 'options'), KyCalls.register(replacedFetch()));
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
    return error;
  }

  const hooks = { beforeRequest: [beforeRequest], beforeRetry: [beforeRetry], beforeError: [beforeError] };
  // ky.extend() calls this with the parent's options: a fetch given to ky before kyAuth is sent through.
  const extension = (parent: { readonly fetch?: unknown }): KyAuthOptionsForKy => {
    const inherited = field(parent, 'fetch');
    if (typeof inherited !== 'function' || fetches.has(inherited) || isFetchPipeline(inherited)) return { fetch, hooks };
    if (given !== undefined && inherited !== given) throw twoFetches();
    return { fetch: fetchOver(inherited as KyAuthOptions['fetch']), hooks };
  };
  return Object.assign(extension, { fetch, hooks });
}

const secretsKey = Symbol('authwire');

function replacedFetch(): AuthError {
  return new AuthError(
    'ERR_AUTH_INVALID_CONFIG',
    "kyAuth: ky's fetch option was set after kyAuth(), which puts it in place of authwire's and would send requests without credentials; give it to ky before kyAuth(), or pass it as kyAuth(auth, { fetch })",
    { details: { field: 'kyAuth.fetch' } },
  );
}

function twoFetches(): AuthError {
  return new AuthError(
    'ERR_AUTH_INVALID_CONFIG',
    'kyAuth: the ky instance already has a fetch option and kyAuth(auth, { fetch }) names another; give one of them',
    { details: { field: 'kyAuth.fetch' } },
  );
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
