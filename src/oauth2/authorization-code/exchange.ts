import { AuthError, isAuthError } from '../../errors.js';
import type { Token } from '../../token.js';
import type { GrantContext } from '../grant-context.js';

/** One code exchange. */
export interface CodeExchange {
  readonly code: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  readonly signal: AbortSignal;
  /** `accessTokenParams`, filled in: sent with the standard fields, the whole body as JSON. */
  readonly params?: ReadonlyArray<readonly [string, string]>;
}

/**
 * Exchanges an authorization code (with its PKCE verifier and the same `redirect_uri`) at the
 * token endpoint, with the client's configured authentication. A refused code (`invalid_grant`:
 * used, expired, issued to another client or with another verifier) is `ERR_AUTH_CALLBACK`; other
 * failures keep their token-request error. Not retried: a code is single-use.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.5
 */
export async function exchangeCode(context: GrantContext, exchange: CodeExchange): Promise<Token> {
  try {
    return await context.send({
      entries: [
        ['grant_type', 'authorization_code'],
        ['code', exchange.code],
        ['redirect_uri', exchange.redirectUri],
        ['code_verifier', exchange.codeVerifier],
      ],
      withScope: false,
      secrets: [exchange.code, exchange.codeVerifier],
      invalidGrantMeansReauth: false,
      signal: exchange.signal,
      ...(exchange.params === undefined ? {} : { extra: exchange.params, format: 'json' as const }),
    });
  } catch (error) {
    if (isAuthError(error, 'ERR_AUTH_TOKEN_REQUEST_FAILED') && error.details['error'] === 'invalid_grant') {
      throw new AuthError('ERR_AUTH_CALLBACK', `the token endpoint refused the authorization code (${error.message})`, {
        cause: error,
        details: { ...error.details, reason: 'code_refused', retryable: false },
      });
    }
    throw error;
  }
}
