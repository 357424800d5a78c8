import type { KeyObject, JsonWebKey } from 'node:crypto';
import type { AuthContext, Authenticator, AuthRequest } from '../../authenticator.js';
import { invalidConfig } from '../../errors.js';
import { runNow } from '../../run-now.js';
import { markSigning } from '../signing-order.js';
import { checkOptionNames, optionNames } from '../../validate/option-names.js';
import { signOAuth1Request, type OAuth1Credentials, type OAuth1ParameterPlacement } from './sign-request.js';
import { createSigner } from './signature-method.js';

const oauth1Names = optionNames<OAuth1AuthOptions>()(
  ['consumerKey', 'consumerSecret', 'privateKey', 'token', 'tokenSecret', 'signatureMethod', 'placement', 'realm', 'bodyHash'],
  { consumerSecret: 'Give privateKey instead for RSA-SHA1.', privateKey: '', tokenSecret: 'Omit it together with token for requests signed by the consumer alone.' },
);

/**
 * What every {@link oauth1Auth} configuration has.
 *
 * @example
 * ```ts
 * const common: OAuth1CommonOptions = { consumerKey: 'ck', token: 'at', placement: 'header', realm: 'Photos' };
 * ```
 */
export interface OAuth1CommonOptions {
  /** The client identifier (consumer key). */
  readonly consumerKey: string;
  /** The token identifier (access token); omitted for requests signed by the consumer alone ("two-legged"). */
  readonly token?: string;
  /** Where the protocol parameters go: the `Authorization` header (default), the query, or a form body. */
  readonly placement?: OAuth1ParameterPlacement;
  /** The `realm` of the `Authorization` header, when the provider wants one (printable ASCII, no quotes). */
  readonly realm?: string;
  /**
   * Send `oauth_body_hash` (the OAuth Request Body Hash extension) for bodies that are not forms
   * (JSON, text, bytes), so that the signature covers them. Default `true`; `false` for a provider
   * that refuses the parameter, and for stream bodies, which cannot be hashed.
   */
  readonly bodyHash?: boolean;
}

/**
 * {@link oauth1Auth} signing with the consumer secret: HMAC-SHA1 (default), HMAC-SHA256 or PLAINTEXT.
 *
 * @example
 * ```ts
 * const options: OAuth1SecretOptions = { consumerKey: 'ck', consumerSecret: process.env.CONSUMER_SECRET ?? '', token: 'at', tokenSecret: process.env.TOKEN_SECRET ?? '' };
 * ```
 */
export interface OAuth1SecretOptions extends OAuth1CommonOptions {
  /** The client shared secret. */
  readonly consumerSecret: string;
  /** The token shared secret; required with `token`. */
  readonly tokenSecret?: string;
  /** `HMAC-SHA1` by default. */
  readonly signatureMethod?: 'HMAC-SHA1' | 'HMAC-SHA256' | 'PLAINTEXT';
  /** Only with RSA-SHA1. */
  readonly privateKey?: never;
}

/**
 * {@link oauth1Auth} signing with an RSA private key (RSA-SHA1, RFC 5849 §3.4.3): no shared secret.
 *
 * @example
 * ```ts
 * const options: OAuth1RsaOptions = { consumerKey: 'jira-client', privateKey: readFileSync('jira_privatekey.pem', 'utf8'), token: 'at' };
 * ```
 */
export interface OAuth1RsaOptions extends OAuth1CommonOptions {
  /** An RSA private key of at least 2048 bits: PEM, a private JWK, or a `KeyObject`. */
  readonly privateKey: string | JsonWebKey | KeyObject;
  /** `RSA-SHA1` (the default with a privateKey). */
  readonly signatureMethod?: 'RSA-SHA1';
  /** Only with the HMAC and PLAINTEXT methods. */
  readonly consumerSecret?: never;
  /** RSA-SHA1 does not use the token secret. */
  readonly tokenSecret?: never;
}

/**
 * Options of {@link oauth1Auth}: a consumer secret, or an RSA private key.
 *
 * @example
 * ```ts
 * const options: OAuth1AuthOptions = { consumerKey: 'ck', consumerSecret: 'cs', signatureMethod: 'HMAC-SHA256' };
 * ```
 */
export type OAuth1AuthOptions = OAuth1SecretOptions | OAuth1RsaOptions;

/**
 * OAuth 1.0a request signing (RFC 5849): HMAC-SHA1, HMAC-SHA256, RSA-SHA1 or PLAINTEXT, with the
 * protocol parameters in the `Authorization` header (default), the query or a form body. Every
 * attempt is signed afresh (new nonce and timestamp) over the request as it is sent: its query,
 * a form body's parameters, and other bodies through `oauth_body_hash`. The token and its secret
 * come from the provider (its developer console, or its three-legged flow run once).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849
 * @example
 * ```ts
 * const auth = oauth1Auth({
 *   consumerKey: process.env.CONSUMER_KEY ?? '',
 *   consumerSecret: process.env.CONSUMER_SECRET ?? '',
 *   token: process.env.ACCESS_TOKEN ?? '',
 *   tokenSecret: process.env.TOKEN_SECRET ?? '',
 * });
 * ```
 */
export function oauth1Auth(options: OAuth1AuthOptions): Authenticator {
  const credentials = oauth1Credentials(options, 'oauth1Auth', 'oauth1');
  const sign = (request: AuthRequest, context: AuthContext): void => {
    signOAuth1Request(request, credentials);
    context.credential = credentials.token;
  };
  return markSigning({ name: 'oauth1', authenticate: (request, context) => runNow(sign, request, context, undefined) });
}

/**
 * Checks {@link OAuth1AuthOptions} (names in messages start with `prefix`) into what signs.
 *
 * @internal
 * @example
 * ```ts
 * const credentials = oauth1Credentials(options, 'oauth1Auth', 'oauth1');
 * ```
 */
export function oauth1Credentials(options: OAuth1AuthOptions, where: string, prefix: string): OAuth1Credentials {
  if (typeof options !== 'object' || options === null) throw invalidConfig(prefix, 'an options object');
  checkOptionNames(options, oauth1Names, where);
  const { consumerKey, token, tokenSecret, placement, realm, bodyHash } = options as Partial<Record<keyof OAuth1SecretOptions, unknown>>;
  if (!isValue(consumerKey)) throw invalidConfig(`${prefix}.consumerKey`, 'a non-empty string without control characters');
  if (token !== undefined && !isValue(token)) throw invalidConfig(`${prefix}.token`, 'a non-empty string without control characters');
  const rsa = (options as { privateKey?: unknown }).privateKey !== undefined || (options as { signatureMethod?: unknown }).signatureMethod === 'RSA-SHA1';
  if (!rsa) {
    if (token !== undefined && (typeof tokenSecret !== 'string' || tokenSecret.length === 0)) throw invalidConfig(`${prefix}.tokenSecret`, 'a non-empty string with token');
    if (token === undefined && tokenSecret !== undefined) throw invalidConfig(`${prefix}.tokenSecret`, 'no tokenSecret without token');
  } else if (tokenSecret !== undefined) {
    throw invalidConfig(`${prefix}.tokenSecret`, 'no tokenSecret with RSA-SHA1 (it signs with privateKey alone)');
  }
  if (placement !== undefined && placement !== 'header' && placement !== 'query' && placement !== 'form') throw invalidConfig(`${prefix}.placement`, '"header", "query" or "form"');
  if (realm !== undefined && (typeof realm !== 'string' || !/^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(realm))) throw invalidConfig(`${prefix}.realm`, 'printable ASCII without quotes or backslashes');
  if (bodyHash !== undefined && typeof bodyHash !== 'boolean') throw invalidConfig(`${prefix}.bodyHash`, 'true or false');
  return {
    consumerKey,
    token,
    signer: createSigner(options, prefix),
    realm,
    placement: placement ?? 'header',
    bodyHash: bodyHash !== false,
  };
}

function isValue(value: unknown): value is string {
  // eslint-disable-next-line no-control-regex -- a header value cannot carry control characters
  return typeof value === 'string' && value.length > 0 && !/[\x00-\x1f\x7f]/.test(value);
}
