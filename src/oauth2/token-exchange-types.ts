// The options of the token exchange grant (RFC 8693).
import type { Token } from '../token.js';
import type { GetTokenOptions } from '../token-manager/types.js';
import type { OAuth2CommonOptions } from './common-options.js';

/**
 * Anything that hands out its current token: {@link oauth2Auth}'s authenticators, the interactive
 * logins' and `sessionTokenAuth`'s. Its `getToken()` fetches or refreshes as needed.
 *
 * @example
 * ```ts
 * const source: TokenHolder = oauth2Auth({ grant: 'authorization_code', tokenUrl, clientId, store });
 * ```
 */
export interface TokenHolder {
  /** The current token. */
  getToken(options?: GetTokenOptions): Promise<Token>;
  /** When it is a token authenticator: its manager, whose key identifies the token (the exchange's cache key uses it). */
  readonly tokenManager?:
    | {
        /** The key the token is kept under. */
        readonly key: string;
        /** Drops `accessToken` as refused and gets a fresh one. */
        rejectToken?(accessToken: string, options?: GetTokenOptions): Promise<Token>;
      }
    | undefined;
}

/**
 * The token sent as `subject_token` or `actor_token`: the token itself, a function returning it
 * (called for each exchange), or a {@link TokenHolder} whose current access token is used.
 *
 * @example
 * ```ts
 * const input: ExchangeTokenInput = async () => (await readIncomingToken()).value;
 * ```
 */
export type ExchangeTokenInput = string | (() => string | Promise<string>) | TokenHolder;

/**
 * The token exchange grant (RFC 8693): a token for another audience, resource or scope in
 * exchange for the `subjectToken` (and, for delegation, the `actorToken`). The exchanged token is
 * cached, shared and fetched again before it expires like any token; each exchange sends the
 * subject token current at that moment. A refresh token in the answer is not used: the subject
 * token is the grant.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2.1
 * @example
 * ```ts
 * const options: TokenExchangeGrantOptions = {
 *   grant: 'token_exchange', tokenUrl, clientId, clientSecret,
 *   subjectToken: userAuth, audience: 'https://backend.example.com',
 * };
 * ```
 */
export interface TokenExchangeGrantOptions extends OAuth2CommonOptions {
  /** Selects the token exchange grant. */
  readonly grant: 'token_exchange';
  /** The token to exchange: a string, a function returning one, or an authenticator whose current token is used. */
  readonly subjectToken: ExchangeTokenInput;
  /** `subject_token_type`. Default `urn:ietf:params:oauth:token-type:access_token`. */
  readonly subjectTokenType?: string;
  /** The acting party's token (delegation, RFC 8693 §1.1). */
  readonly actorToken?: ExchangeTokenInput;
  /** `actor_token_type`. Default `urn:ietf:params:oauth:token-type:access_token`. */
  readonly actorTokenType?: string;
  /** `requested_token_type`, e.g. `urn:ietf:params:oauth:token-type:jwt`. Default: none (the server's choice). */
  readonly requestedTokenType?: string;
  /**
   * Whose token this is, for the cache key. Needed when `subjectToken` is a function (whose token
   * cannot be known before it is called); default for a string, a fingerprint of it, for an
   * authenticator, its token's key.
   */
  readonly subject?: string;
}
