// The errors a token refresh ends with, as callers see them.
import { AuthError } from '../errors.js';

/** Any failure as an {@link AuthError}; foreign errors count as retryable request failures. */
export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'token request failed', { cause: error, details: { retryable: true } });
}


/** Rethrows a refresh's failure for one more caller, with `suffix` added to its message (a new error, the original as cause). */
export function throwCopy(error: AuthError | undefined, suffix: string): never {
  if (error === undefined) throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `token request failed${suffix}`);
  throw new AuthError(error.code, `${error.message}${suffix}`, { cause: error, details: error.details });
}
