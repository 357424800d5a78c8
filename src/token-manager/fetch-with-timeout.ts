// One call of the token source, bounded by the request timeout, and the check of what it returned.
import { AuthError } from '../errors.js';
import { headerSafe, type Token } from '../token.js';
import type { RefreshContext } from './refresh-context.js';

/** Runs `run` with a signal that aborts after the request timeout; the timer keeps the process alive while a caller waits. */
export async function withTimeout<T>(context: RefreshContext, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timeoutMs = context.requestTimeoutMs;
  const timeoutError = (): AuthError =>
    new AuthError('ERR_AUTH_TIMEOUT', `token request took longer than ${timeoutMs} ms`, { details: { retryable: true, timeoutMs, reason: 'timeout' } });
  const { keepAlive } = context.state;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = keepAlive.setTimeout(() => {
      const error = timeoutError();
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } catch (error) {
    if (controller.signal.aborted) throw controller.signal.reason instanceof AuthError ? controller.signal.reason : timeoutError();
    throw error;
  } finally {
    keepAlive.clearTimeout(timer);
  }
}

/** Refuses a token the source returned without a usable access token or expiry, or with characters a header cannot carry. */
export function checkToken(token: Token): void {
  if (
    typeof token !== 'object' || token === null || typeof token.accessToken !== 'string' || token.accessToken === '' ||
    !Number.isFinite(token.expiresAt) || !Number.isFinite(token.issuedAt)
  ) {
    throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'the token source returned no usable token (expected accessToken, issuedAt and a finite expiresAt)', {
      details: { retryable: true },
    });
  }
  if (!headerSafe(token.accessToken) || (typeof token.tokenType === 'string' && !headerSafe(token.tokenType))) {
    throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', 'the token source returned a token (or token type) holding characters a header cannot carry (controls or above U+00FF)', {
      details: { retryable: true },
    });
  }
}
