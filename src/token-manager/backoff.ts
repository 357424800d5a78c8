import { invalidConfig } from '../errors.js';

/**
 * How failed token requests are retried: up to `maxAttempts` tries with exponential delays and
 * jitter, then a cooldown during which no request is sent for this token.
 *
 * @example
 * ```ts
 * const backoff: BackoffOptions = { maxAttempts: 4, initialDelayMs: 250, maxDelayMs: 5_000, cooldownMs: 60_000 };
 * ```
 */
export interface BackoffOptions {
  /** Tries per refresh, the first included. Default 3. */
  readonly maxAttempts?: number;
  /** Delay before the second try, before jitter. Default 500 ms. */
  readonly initialDelayMs?: number;
  /** The longest delay between tries. Default 10 s. */
  readonly maxDelayMs?: number;
  /** After the last failed try, how long callers fail fast (or keep a still-valid token) before the next refresh. Default 30 s. */
  readonly cooldownMs?: number;
}

/** {@link BackoffOptions} with every default filled in. */
export type ResolvedBackoff = Required<BackoffOptions>;

/** Fills in and checks {@link BackoffOptions}; throws `ERR_AUTH_INVALID_CONFIG` naming the field. */
export function resolveBackoff(options: BackoffOptions = {}, field = 'backoff'): ResolvedBackoff {
  const resolved = {
    maxAttempts: options.maxAttempts ?? 3,
    initialDelayMs: options.initialDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 10_000,
    cooldownMs: options.cooldownMs ?? 30_000,
  };
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1 || resolved.maxAttempts > 20) {
    throw invalidConfig(`${field}.maxAttempts`, 'an integer from 1 to 20');
  }
  for (const name of ['initialDelayMs', 'maxDelayMs', 'cooldownMs'] as const) {
    const value = resolved[name];
    if (!Number.isFinite(value) || value < 0) throw invalidConfig(`${field}.${name}`, 'a finite number of milliseconds, 0 or more');
  }
  return resolved;
}

/**
 * The delay before try `attempt + 1` (attempt 0 is the first try): `initialDelayMs * 2^attempt`
 * capped at `maxDelayMs`, of which a random half is jitter ("equal jitter"); at least the
 * server's `Retry-After` when it gave one (still capped).
 */
export function backoffDelay(backoff: ResolvedBackoff, attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const base = Math.min(backoff.maxDelayMs, backoff.initialDelayMs * 2 ** Math.min(attempt, 30));
  const jittered = base / 2 + (random() * base) / 2;
  const floor = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) ? Math.min(retryAfterMs, backoff.maxDelayMs) : 0;
  return Math.max(jittered, floor);
}
