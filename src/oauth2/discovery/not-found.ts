import { isAuthError } from '../../errors.js';

/**
 * Whether `error` is an authwire error for an answer with HTTP `status` (`details.status`).
 *
 * @example
 * ```ts
 * if (isAuthErrorWithStatus(error, 404)) tryTheNextUrl();
 * ```
 */
export function isAuthErrorWithStatus(error: unknown, status: number): boolean {
  return isAuthError(error) && error.details['status'] === status;
}
