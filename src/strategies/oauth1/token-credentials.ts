// The credentials the three-legged flow hands back. Their values are secrets (the token secret
// signs, the token identifies the user), so JSON and util.inspect show them redacted.
import { inspect } from 'node:util';
import { REDACTED } from '../../adapter-kit/redact.js';

/** Response parameters whose values are shown: what providers send about the user and the grant. */
const shownParam = /^(?!oauth_(?!expires_in$|authorization_expires_in$))(?!.*(?:token|secret|handle|session|key|password|verifier|code)).*$/i;

/**
 * Which step a set of credentials comes from: `temporary` (RFC 5849 §2.1, the "request token")
 * or `token` (§2.3, the "access token" that {@link "authwire"!oauth1Auth} signs with).
 *
 * @example
 * ```ts
 * const kind: OAuth1CredentialsKind = 'token';
 * ```
 */
export type OAuth1CredentialsKind = 'temporary' | 'token';

/**
 * What `JSON.stringify` writes for {@link OAuth1TokenCredentials}: the secrets as `[REDACTED]`.
 *
 * @example
 * ```ts
 * const shown: OAuth1TokenCredentialsJSON = credentials.toJSON();
 * ```
 */
export interface OAuth1TokenCredentialsJSON {
  /** Which step the credentials come from. */
  readonly kind: OAuth1CredentialsKind;
  /** Always `[REDACTED]`. */
  readonly token: string;
  /** Always `[REDACTED]`. */
  readonly tokenSecret: string;
  /** The response parameters, those that may hold a secret as `[REDACTED]`. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * A token and its shared secret from an OAuth 1.0a provider, with the other parameters of its
 * answer (`user_id`, `screen_name`, ...). `token` and `tokenSecret` are plain properties, ready
 * for {@link "authwire"!oauth1Auth}; `toJSON()` and `util.inspect()` show them as `[REDACTED]`, and so every
 * parameter whose name suggests a secret (`oauth_session_handle`, anything with "token" or
 * "secret" in it).
 *
 * @example
 * ```ts
 * const credentials = await oauth1Login(options);
 * const auth = oauth1Auth({ consumerKey, consumerSecret, token: credentials.token, tokenSecret: credentials.tokenSecret });
 * console.log(credentials); // OAuth1TokenCredentials { kind: 'token', token: '[REDACTED]', tokenSecret: '[REDACTED]', params: { user_id: '42' } }
 * ```
 */
export class OAuth1TokenCredentials {
  /** Temporary credentials (to authorize) or token credentials (to sign requests with). */
  readonly kind: OAuth1CredentialsKind;
  /** `oauth_token`. */
  readonly token: string;
  /** `oauth_token_secret`. A secret: do not log it. */
  readonly tokenSecret: string;
  /** The other parameters of the provider's answer (not the `oauth_token*` ones). */
  readonly params: Readonly<Record<string, string>>;

  /**
   * Made by the flow's functions; build one yourself only to restore saved credentials.
   *
   * @example
   * ```ts
   * const saved = new OAuth1TokenCredentials('token', stored.token, stored.tokenSecret, { user_id: stored.userId });
   * ```
   */
  constructor(kind: OAuth1CredentialsKind, token: string, tokenSecret: string, params: Readonly<Record<string, string>> = {}) {
    this.kind = kind;
    this.token = token;
    this.tokenSecret = tokenSecret;
    this.params = Object.freeze({ ...params });
  }

  /**
   * The credentials with every secret as `[REDACTED]`: what `JSON.stringify` writes.
   *
   * @example
   * ```ts
   * JSON.stringify(credentials); // '{"kind":"token","token":"[REDACTED]","tokenSecret":"[REDACTED]","params":{"user_id":"42"}}'
   * ```
   */
  toJSON(): OAuth1TokenCredentialsJSON {
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.params)) params[name] = shownParam.test(name) ? value : REDACTED;
    return { kind: this.kind, token: REDACTED, tokenSecret: REDACTED, params };
  }

  /**
   * What `util.inspect` and `console.log` show: {@link OAuth1TokenCredentials.toJSON}'s view.
   *
   * @example
   * ```ts
   * inspect(credentials); // "OAuth1TokenCredentials { kind: 'token', token: '[REDACTED]', ... }"
   * ```
   */
  [inspect.custom](depth: number, options: object): string {
    return `OAuth1TokenCredentials ${inspect(this.toJSON(), { ...options, depth })}`;
  }
}
