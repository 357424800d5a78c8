/**
 * How the absolute `expires_at` value of a token response is written.
 *
 * - `auto` (default): a number or numeric string is epoch seconds below 10^11 and epoch
 *   milliseconds above; any other string is an ISO 8601 date (UTC when it has no offset).
 * - `iso`: an ISO 8601 date only.
 * - `epoch-seconds` / `epoch-milliseconds`: a number or numeric string in that unit.
 * - `{ pattern }`: a custom layout built from `YYYY`, `MM`, `DD`, `HH`, `mm`, `ss`, `SSS` and `Z`
 *   (`Z`, `+01:00` or `+0100`); without `Z` the time is UTC. Every other character matches itself.
 * - a function: returns a `Date` or epoch milliseconds, or `undefined` when it cannot tell.
 *
 * @example
 * ```ts
 * const format: ExpiresAtFormat = { pattern: 'DD/MM/YYYY HH:mm:ss' };
 * ```
 */
export type ExpiresAtFormat =
  | 'auto'
  | 'iso'
  | 'epoch-seconds'
  | 'epoch-milliseconds'
  | {
      /** The layout, e.g. `DD/MM/YYYY HH:mm:ss`. */
      readonly pattern: string;
    }
  | ((value: string | number) => Date | number | undefined);

/**
 * How a token's expiry is worked out when the server's answer is missing or odd.
 *
 * @example
 * ```ts
 * const expiry: ExpiryOptions = { defaultExpiresIn: 7200, expiresAtFormat: 'epoch-milliseconds' };
 * ```
 */
export interface ExpiryOptions {
  /** Lifetime in seconds assumed when the response says nothing usable (Salesforce sends no `expires_in`). Default 3600. */
  readonly defaultExpiresIn?: number;
  /** Longest lifetime in seconds believed; longer (absurd) values are cut to this. Default 365 days. */
  readonly maxExpiresIn?: number;
  /** How `expires_at` is written. Default `auto`. */
  readonly expiresAtFormat?: ExpiresAtFormat;
}

/**
 * The default lifetime, in seconds, of a token whose response carries no usable expiry.
 *
 * @example
 * ```ts
 * oauth2Auth({ ...options, response: { defaultExpiresIn: DEFAULT_EXPIRES_IN_SECONDS * 2 } });
 * ```
 */
export const DEFAULT_EXPIRES_IN_SECONDS = 3600;
/**
 * The longest lifetime, in seconds, believed by default (365 days).
 *
 * @example
 * ```ts
 * computeExpiresAt({ expiresIn: 1e12 }, now) === now + MAX_EXPIRES_IN_SECONDS * 1000; // true
 * ```
 */
export const MAX_EXPIRES_IN_SECONDS = 365 * 24 * 3600;

/**
 * The expiry of a token, in epoch milliseconds: always finite and after `issuedAt`.
 *
 * `expiresIn` (seconds, number or numeric string) wins over `expiresAt`; NaN, zero, negative,
 * past or unparsable values fall back to the next source and finally to `defaultExpiresIn`;
 * values beyond `maxExpiresIn` are cut to it.
 *
 * @param raw - the raw `expires_in` and `expires_at` values from the response, as found
 * @param issuedAt - when the token request was sent, in epoch milliseconds
 * @param options - defaults and formats
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * computeExpiresAt({ expiresIn: '3600' }, Date.now()); // now + 1 h
 * computeExpiresAt({ expiresAt: '2030-01-01T00:00:00Z' }, Date.now());
 * computeExpiresAt({ expiresIn: -5 }, Date.now()); // now + defaultExpiresIn
 * ```
 */
export function computeExpiresAt(
  raw: { readonly expiresIn?: unknown; readonly expiresAt?: unknown },
  issuedAt: number,
  options: ExpiryOptions = {},
): number {
  const maxMs = positiveOr(options.maxExpiresIn, MAX_EXPIRES_IN_SECONDS) * 1000;
  const defaultMs = Math.min(positiveOr(options.defaultExpiresIn, DEFAULT_EXPIRES_IN_SECONDS) * 1000, maxMs);
  const seconds = toNumber(raw.expiresIn);
  if (seconds !== undefined && seconds > 0) return issuedAt + Math.min(seconds * 1000, maxMs);
  if (raw.expiresAt !== undefined && raw.expiresAt !== null && raw.expiresAt !== '') {
    const at = parseExpiresAt(raw.expiresAt, options.expiresAtFormat ?? 'auto');
    if (at !== undefined && at > issuedAt) return issuedAt + Math.min(at - issuedAt, maxMs);
  }
  return issuedAt + defaultMs;
}

/**
 * Reads an absolute expiry in the given format; `undefined` when it cannot be read.
 *
 * @example
 * ```ts
 * parseExpiresAt(1893456000, 'auto'); // 1893456000000 (epoch seconds → ms)
 * parseExpiresAt('31/12/2029 23:00:00', { pattern: 'DD/MM/YYYY HH:mm:ss' });
 * ```
 */
export function parseExpiresAt(value: unknown, format: ExpiresAtFormat = 'auto'): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  let result: number | undefined;
  if (typeof format === 'function') {
    const out = format(value);
    result = out instanceof Date ? out.getTime() : out;
  } else if (typeof format === 'object') {
    result = typeof value === 'string' ? parsePattern(value, format.pattern) : undefined;
  } else {
    const numeric = toNumber(value);
    switch (format) {
      case 'auto':
        result = numeric !== undefined ? (numeric < 1e11 ? numeric * 1000 : numeric) : parseIso(String(value));
        break;
      case 'iso':
        result = typeof value === 'string' ? parseIso(value) : undefined;
        break;
      case 'epoch-seconds':
        result = numeric === undefined ? undefined : numeric * 1000;
        break;
      case 'epoch-milliseconds':
        result = numeric;
        break;
      default:
        throw format satisfies never;
    }
  }
  return typeof result === 'number' && Number.isFinite(result) ? result : undefined;
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** A finite number from a number or a plain decimal string; `undefined` otherwise. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

const isoDate = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** An ISO 8601 date or date-time; without an offset it is read as UTC. */
function parseIso(text: string): number | undefined {
  const trimmed = text.trim();
  const match = isoDate.exec(trimmed);
  if (!match) return undefined;
  const hasTime = /[T ]/.test(trimmed);
  const normalized = trimmed.replace(' ', 'T');
  const withZone = match[1] !== undefined ? normalized : hasTime ? `${normalized}Z` : `${normalized}T00:00:00Z`;
  const parsed = Date.parse(withZone);
  return Number.isNaN(parsed) ? undefined : parsed;
}

const patternTokens: Readonly<Record<string, string>> = {
  YYYY: '(\\d{4})',
  SSS: '(\\d{3})',
  MM: '(\\d{2})',
  DD: '(\\d{2})',
  HH: '(\\d{2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
  Z: '(Z|[+-]\\d{2}:?\\d{2})',
};

/** Reads `text` laid out as `pattern` (see {@link ExpiresAtFormat}). */
function parsePattern(text: string, pattern: string): number | undefined {
  const order: string[] = [];
  const source = pattern.replace(/YYYY|SSS|MM|DD|HH|mm|ss|Z|[^YSMDHmsZ]+|./g, (part) => {
    const token = patternTokens[part];
    if (token === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    order.push(part);
    return token;
  });
  const match = new RegExp(`^${source}$`).exec(text.trim());
  if (!match) return undefined;
  const fields: Record<string, string> = {};
  order.forEach((name, index) => {
    fields[name] = match[index + 1] ?? '';
  });
  const num = (name: string, fallback: number): number => (fields[name] === undefined ? fallback : Number(fields[name]));
  const year = num('YYYY', Number.NaN);
  const month = num('MM', 1);
  const day = num('DD', 1);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return undefined;
  let ms = Date.UTC(year, month - 1, day, num('HH', 0), num('mm', 0), num('ss', 0), num('SSS', 0));
  const zone = fields.Z;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const zoneMatch = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (!zoneMatch) return undefined;
    const offset = (Number(zoneMatch[2]) * 60 + Number(zoneMatch[3])) * 60_000;
    ms -= zoneMatch[1] === '-' ? -offset : offset;
  }
  return Number.isFinite(ms) ? ms : undefined;
}
