// When a session token expires: from the login response (a path, the cookie's attributes) or
// from the configured lifetime (an ISO 8601 duration or milliseconds).
import { invalidConfig } from '../errors.js';
import { MAX_EXPIRES_IN_SECONDS, parseExpiresAt, type ExpiresAtFormat } from '../token-expiry.js';
import { readPath } from '../read-path.js';
import { toDottedPath } from './session-token-source.js';
import { durationPartsMs, parseIsoDuration } from './iso-duration.js';

const maxMs = MAX_EXPIRES_IN_SECONDS * 1000;

/**
 * The configured lifetime, checked: a duration, milliseconds, or none (log in per request).
 *
 * @example
 * ```ts
 * const lifetime: SessionLifetime = { kind: 'duration', text: 'P14D' };
 * ```
 */
export type SessionLifetime =
  | { readonly kind: 'duration'; readonly text: string }
  | { readonly kind: 'ms'; readonly ms: number }
  | { readonly kind: 'none' };

/**
 * Where the login response may say when the token expires.
 *
 * @example
 * ```ts
 * const paths: ResponseExpiry = { expiresInPath: 'ttl', expiresAtPath: undefined, expiresAtFormat: undefined };
 * ```
 */
export interface ResponseExpiry {
  readonly expiresInPath: string | undefined;
  readonly expiresAtPath: string | undefined;
  readonly expiresAtFormat: ExpiresAtFormat | undefined;
}

/**
 * What a login response said about expiry.
 *
 * @example
 * ```ts
 * const evidence: ExpiryEvidence = { body: { ttl: 'PT2H' }, cookieMaxAge: undefined, cookieExpires: undefined };
 * ```
 */
export interface ExpiryEvidence {
  /** The parsed JSON body, if any. */
  readonly body: unknown;
  /** The token cookie's `Max-Age` in seconds, if it had one. */
  readonly cookieMaxAge: number | undefined;
  /** The token cookie's `Expires`, in epoch ms, if it had one. */
  readonly cookieExpires: number | undefined;
}

/**
 * Checks `expiresIn` when the authenticator is created; throws `ERR_AUTH_INVALID_CONFIG`.
 *
 * @example
 * ```ts
 * parseLifetime('P14D', 'expiresIn'); // { kind: 'duration', text: 'P14D' }
 * ```
 */
export function parseLifetime(value: unknown, field: string): SessionLifetime {
  const expected = "an ISO 8601 duration such as 'P14D', a number of milliseconds, or 'none' (log in for every request)";
  if (value === 'none') return { kind: 'none' };
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 1) throw invalidConfig(field, `${expected}; got a number that is not a positive count of milliseconds`);
    return { kind: 'ms', ms: value };
  }
  if (typeof value !== 'string') throw invalidConfig(field, expected);
  const ms = durationMs(value, 0);
  if (ms === undefined || ms <= 0) throw invalidConfig(field, expected);
  return { kind: 'duration', text: value.trim().toUpperCase() };
}

/**
 * A duration's length in milliseconds from `start`; `undefined` when `text` is not an ISO 8601
 * duration (only its smallest part may have a fraction: `P1.5D`, `PT0.5S`). Weeks, days, hours,
 * minutes and seconds are fixed lengths (a day is 24 hours, whatever the local time zone does);
 * years and months are calendar units counted in UTC from `start`.
 *
 * @example
 * ```ts
 * durationMs('PT1H', Date.now()); // 3_600_000
 * ```
 */
export function durationMs(text: string, start: number): number | undefined {
  const parts = parseIsoDuration(text);
  if (parts === undefined) return undefined;
  const ms = durationPartsMs(parts, start);
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/**
 * The token's expiry in epoch ms: the response's `expiresInPath`, then `expiresAtPath`, then the
 * cookie's `Max-Age` and `Expires`, then the configured lifetime. Values from the response are
 * cut to 365 days; unusable or past ones fall through.
 *
 * @example
 * ```ts
 * sessionExpiresAt({ kind: 'duration', text: 'P14D' }, paths, evidence, Date.now());
 * ```
 */
export function sessionExpiresAt(lifetime: SessionLifetime, paths: ResponseExpiry, evidence: ExpiryEvidence, issuedAt: number): number {
  const fromResponse = responseExpiry(paths, evidence, issuedAt);
  if (fromResponse !== undefined) return fromResponse;
  switch (lifetime.kind) {
    case 'ms':
      return issuedAt + lifetime.ms;
    case 'duration':
      return issuedAt + (durationMs(lifetime.text, issuedAt) ?? 0);
    case 'none':
      return issuedAt;
    default:
      throw lifetime satisfies never;
  }
}

function responseExpiry(paths: ResponseExpiry, evidence: ExpiryEvidence, issuedAt: number): number | undefined {
  const cut = (ms: number | undefined): number | undefined => (ms !== undefined && Number.isFinite(ms) && ms > 0 ? issuedAt + Math.min(ms, maxMs) : undefined);
  if (paths.expiresInPath !== undefined) {
    const raw = readPath(evidence.body, toDottedPath(paths.expiresInPath));
    const ms = cut(lifetimeMs(raw, issuedAt));
    if (ms !== undefined) return ms;
  }
  if (paths.expiresAtPath !== undefined) {
    const at = parseExpiresAt(readPath(evidence.body, toDottedPath(paths.expiresAtPath)), paths.expiresAtFormat ?? 'auto');
    const ms = cut(at === undefined ? undefined : at - issuedAt);
    if (ms !== undefined) return ms;
  }
  const fromMaxAge = cut(evidence.cookieMaxAge === undefined ? undefined : evidence.cookieMaxAge * 1000);
  if (fromMaxAge !== undefined) return fromMaxAge;
  return cut(evidence.cookieExpires === undefined ? undefined : evidence.cookieExpires - issuedAt);
}

/** Seconds (number or numeric string) or an ISO 8601 duration, in ms. */
function lifetimeMs(raw: unknown, issuedAt: number): number | undefined {
  if (typeof raw === 'number') return raw * 1000;
  if (typeof raw !== 'string') return undefined;
  if (/^\s*\d+(?:\.\d+)?\s*$/.test(raw)) return Number(raw) * 1000;
  return durationMs(raw, issuedAt);
}
