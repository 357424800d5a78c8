// The errors a token refresh ends with, as callers see them.
import { AuthError } from '../errors.js';

/** Any failure as an {@link AuthError}; foreign errors count as retryable request failures. */
export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'token request failed', { cause: error, details: { retryable: true } });
}

// Errors a token source passes on from a credential it depends on (a token exchange's subject
// authenticator): a stop they name belongs to that credential, which lifts it when it signs in
// again, not to the key whose refresh met it.
const passedOn = new WeakSet<AuthError>();

/**
 * A copy of `error` (a failure of the credential `field` names) that the token manager passes to
 * its callers without stopping its own key for reauthentication.
 *
 * @example
 * ```ts
 * if (isAuthError(error, 'ERR_AUTH_REAUTH_REQUIRED')) throw passOn(error, 'subjectToken');
 * ```
 */
export function passOn(error: AuthError, field: string): AuthError {
  const copy = new AuthError(error.code, `${field}: ${error.message}`, { cause: error, details: { ...error.details, field } });
  passedOn.add(copy);
  return copy;
}

/** Whether `error` was passed on from a credential this key depends on (see {@link passOn}). */
export function isPassedOn(error: AuthError): boolean {
  return passedOn.has(error);
}

/** Rethrows a refresh's failure for one more caller, with `suffix` added to its message (a new error, the original as cause). */
export function throwCopy(error: AuthError | undefined, suffix: string): never {
  if (error === undefined) throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `token request failed${suffix}`);
  throw new AuthError(error.code, `${error.message}${suffix}`, { cause: error, details: error.details });
}
