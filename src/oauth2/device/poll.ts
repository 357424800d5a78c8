import { AuthError, isAuthError } from '../../errors.js';
import type { Token } from '../../token.js';
import { abortedError, sleep } from '../../token-manager/timers.js';
import type { OAuth2Setup } from '../oauth2-auth.js';
import { requestSignal } from '../request-signal.js';
import type { DeviceAuthorization } from './start.js';

/** The device code grant type URN. */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/** Consecutive network/5xx failures tolerated while polling (with exponential backoff). */
const maxFailures = 5;

/**
 * Polls the token endpoint until the user has decided: waits `interval` before each request;
 * `authorization_pending` goes on; `slow_down` adds 5 seconds to the interval for this and every
 * later request; `access_denied` is `ERR_AUTH_ACCESS_DENIED`; `expired_token`, or the code's own
 * expiry, is `ERR_AUTH_EXPIRED`; network errors, timeouts and 5xx back off exponentially (up to 5
 * in a row). `signal` stops it with `ERR_AUTH_ABORTED`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
export async function pollDeviceToken(setup: OAuth2Setup, authorization: DeviceAuthorization, signal: AbortSignal | undefined): Promise<Token> {
  let intervalMs = authorization.intervalMs;
  let failures = 0;
  for (;;) {
    await sleep(intervalMs * 2 ** failures, signal, undefined, 'the device login');
    if (Date.now() >= authorization.expiresAt) throw expired();
    const request = requestSignal(setup.requestTimeoutMs, 'a device token request', signal);
    try {
      return await setup.context.send({
        entries: [
          ['grant_type', DEVICE_CODE_GRANT_TYPE],
          ['device_code', authorization.deviceCode],
        ],
        withScope: false,
        secrets: [authorization.deviceCode],
        invalidGrantMeansReauth: false,
        signal: request.signal,
      });
    } catch (error) {
      if (signal?.aborted === true) throw abortedError(signal, 'the device login');
      if (!isAuthError(error)) throw error;
      switch (error.details['error']) {
        case 'authorization_pending':
          failures = 0;
          continue;
        case 'slow_down':
          intervalMs += 5_000;
          failures = 0;
          continue;
        case 'access_denied':
          throw new AuthError('ERR_AUTH_ACCESS_DENIED', `device login denied (${error.message})`, { cause: error, details: { ...error.details, retryable: false } });
        case 'expired_token':
          throw expired(error);
        default:
      }
      const transient = error.details['retryable'] === true || error.code === 'ERR_AUTH_TIMEOUT';
      if (!transient || failures + 1 >= maxFailures) throw error;
      failures += 1;
    } finally {
      request.done();
    }
  }
}

function expired(cause?: AuthError): AuthError {
  return new AuthError('ERR_AUTH_EXPIRED', 'device login: the code expired before the user completed the sign-in; start again', {
    ...(cause === undefined ? {} : { cause }),
    details: { error: 'expired_token', retryable: false },
  });
}
