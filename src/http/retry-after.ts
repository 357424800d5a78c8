/** The longest wait a `Retry-After` header may ask for: one hour. */
const maxRetryAfterMs = 3_600_000;

/**
 * A `Retry-After` header (delay in seconds, or an HTTP date) in milliseconds from now, at most
 * one hour; `undefined` when absent or unreadable.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 * @example
 * ```ts
 * parseRetryAfter(response.headers.get('retry-after')); // '120' → 120_000
 * ```
 */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Math.min(Number(value) * 1000, maxRetryAfterMs);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - Date.now()), maxRetryAfterMs);
}
