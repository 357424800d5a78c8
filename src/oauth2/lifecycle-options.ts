import type { TokenLifecycleOptions } from './types.js';

/**
 * The names of every {@link TokenLifecycleOptions} option: what `oauth2Auth`, `sessionTokenAuth`
 * and the provider presets hand to their {@link TokenManager} unchanged.
 *
 * @example
 * ```ts
 * const passThrough = [...lifecycleNames, 'fetch', 'tls'] as const;
 * ```
 */
export const lifecycleNames = [
  'store', 'refreshWindowMs', 'forcedRefreshWindowMs', 'requestTimeoutMs', 'refreshReuseGraceMs', 'waitTimeoutMs', 'backoff', 'lock', 'defaultExpiresInMs',
  'refreshAhead', 'limiter', 'onToken', 'onError',
] as const satisfies ReadonlyArray<keyof TokenLifecycleOptions>;

// A TokenManager option missing from the list above would be dropped silently: the compiler says so here.
const _everyLifecycleOption: [Exclude<keyof TokenLifecycleOptions, (typeof lifecycleNames)[number]>] extends [never] ? true : never = true;

/**
 * Copies the token-lifecycle options that are set (no `undefined` values, which
 * `exactOptionalPropertyTypes` would refuse), to spread into a {@link TokenManager}'s options.
 *
 * @example
 * ```ts
 * const manager = new TokenManager({ ...lifecycleOptions(options), key, name, fetchToken });
 * ```
 */
export function lifecycleOptions(options: TokenLifecycleOptions): TokenLifecycleOptions {
  const out: Record<string, unknown> = {};
  for (const name of lifecycleNames) if (options[name] !== undefined) out[name] = options[name];
  return out as TokenLifecycleOptions;
}
