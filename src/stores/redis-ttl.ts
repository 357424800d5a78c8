import type { StoredToken } from './token-store.js';

/**
 * The TTL knobs of a {@link RedisTokenStore} record.
 *
 * @example
 * ```ts
 * const options: RecordTtlOptions = { refreshTokenTtlMs: 90 * 24 * 3_600_000, defaultTtlMs: 24 * 3_600_000 };
 * ```
 */
export interface RecordTtlOptions {
  /** How long a record with a refresh token lives after its access token expires. */
  readonly refreshTokenTtlMs: number;
  /** The access token's lifetime when the record has no `expiresAt`. */
  readonly defaultTtlMs: number;
}

/**
 * No record lives shorter than this: long enough for a sibling to read the version it must compare against.
 *
 * @example
 * ```ts
 * redisRecordTtlMs({ accessToken: 'a', version: 1, expiresAt: Date.now() }, Date.now(), options) === MIN_RECORD_TTL_MS; // an expired record without a refresh token: one minute
 * ```
 */
export const MIN_RECORD_TTL_MS = 60_000;
/**
 * No record lives longer than this (about 400 days), so every TTL is finite.
 *
 * @example
 * ```ts
 * redisRecordTtlMs({ accessToken: 'a', refreshToken: 'r', version: 1 }, Date.now(), { refreshTokenTtlMs: Infinity, defaultTtlMs: 0 }) === MAX_RECORD_TTL_MS; // true
 * ```
 */
export const MAX_RECORD_TTL_MS = 400 * 24 * 60 * 60 * 1000;

/**
 * The time-to-live of a stored record, in whole milliseconds, always finite and within
 * [{@link MIN_RECORD_TTL_MS}, {@link MAX_RECORD_TTL_MS}].
 *
 * A record without a refresh token is useless once its access token expired, so it lives
 * until then (plus a minute). A record with a refresh token must outlive its access token:
 * after expiry the refresh token is what gets a new one, and losing a rotated refresh token
 * means signing in again. Its TTL is the access token's remaining life plus
 * `refreshTokenTtlMs`, and each refresh (a write) starts it again.
 *
 * @example
 * ```ts
 * redisRecordTtlMs({ accessToken: 'a', version: 1, expiresAt: Date.now() + 3_600_000 }, Date.now(), options); // ≈ 3 660 000
 * ```
 */
export function redisRecordTtlMs(token: StoredToken, now: number, options: RecordTtlOptions): number {
  const expiresAt = token.expiresAt;
  const accessMs = typeof expiresAt === 'number' && Number.isFinite(expiresAt) ? expiresAt - now : options.defaultTtlMs;
  const ttl = token.refreshToken !== undefined ? Math.max(accessMs, 0) + options.refreshTokenTtlMs : accessMs + MIN_RECORD_TTL_MS;
  if (!Number.isFinite(ttl)) return MAX_RECORD_TTL_MS;
  return Math.min(MAX_RECORD_TTL_MS, Math.max(MIN_RECORD_TTL_MS, Math.ceil(ttl)));
}
