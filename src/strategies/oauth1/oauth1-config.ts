// The `oauth1` member of createAuth's config: its type, its JSON Schema entry and its build step.
import type { Authenticator } from '../../authenticator.js';
import type { AuthConfigCommon } from '../../config/config-common.js';
import { boolean, enumOf, exactlyOne, ref, when, type JsonSchema, type MemberSchema } from '../../config/schema-parts.js';
import type { PemSource, ReadSecret, SecretValue } from '../../config/secret.js';
import { oauth1Auth, type OAuth1AuthOptions } from './oauth1-auth.js';
import type { OAuth1ParameterPlacement } from './sign-request.js';
import { oauth1SignatureMethods, type OAuth1SignatureMethod } from './signature-method.js';

/**
 * `{ type: 'oauth1' }`: see {@link oauth1Auth}. Give exactly one of `consumerSecret` and `privateKey` (RSA-SHA1).
 *
 * @example
 * ```ts
 * const config: OAuth1AuthConfig = {
 *   type: 'oauth1', consumerKey: 'ck', consumerSecret: { env: 'CONSUMER_SECRET' }, token: 'at', tokenSecret: { env: 'TOKEN_SECRET' }, signatureMethod: 'HMAC-SHA256',
 * };
 * ```
 */
export interface OAuth1AuthConfig extends AuthConfigCommon {
  /** Discriminant. */
  readonly type: 'oauth1';
  /** The client identifier. */
  readonly consumerKey: SecretValue;
  /** The client shared secret (HMAC-SHA1, HMAC-SHA256, PLAINTEXT). */
  readonly consumerSecret?: SecretValue;
  /** A PEM RSA private key (RSA-SHA1): the text, `{ "env" }` or `{ "file" }`. */
  readonly privateKey?: PemSource;
  /** The access token. */
  readonly token?: SecretValue;
  /** The token shared secret, with `token` and `consumerSecret`. */
  readonly tokenSecret?: SecretValue;
  /** `HMAC-SHA1` by default (`RSA-SHA1` with a privateKey). */
  readonly signatureMethod?: OAuth1SignatureMethod;
  /** Where the protocol parameters go; `header` by default. */
  readonly placement?: OAuth1ParameterPlacement;
  /** The `realm` of the Authorization header. */
  readonly realm?: string;
  /** Send `oauth_body_hash` for bodies that are not forms; default true. */
  readonly bodyHash?: boolean;
}

/**
 * The `oauth1` entry of the config schema, built with the schema's `member` helper.
 *
 * @internal
 * @example
 * ```ts
 * const oauth1 = oauth1Member(member);
 * ```
 */
export function oauth1Member(member: MemberSchema): JsonSchema {
  const secretMethods = oauth1SignatureMethods.filter((method) => method !== 'RSA-SHA1');
  return member('oauth1', {
    consumerKey: ref('secret'),
    consumerSecret: ref('secret'),
    privateKey: ref('keySource'),
    token: ref('secret'),
    tokenSecret: ref('secret'),
    signatureMethod: enumOf(oauth1SignatureMethods),
    placement: enumOf(['header', 'query', 'form']),
    realm: { title: 'printable ASCII without quotes or backslashes', type: 'string', pattern: '^[\\x20-\\x21\\x23-\\x5b\\x5d-\\x7e]*$' },
    bodyHash: boolean,
  }, ['consumerKey'], {
    allOf: [
      exactlyOne('consumerSecret', 'privateKey'),
      when({ required: ['privateKey', 'signatureMethod'] }, { properties: { signatureMethod: { title: 'RSA-SHA1 with a privateKey', const: 'RSA-SHA1' } } }),
      when({ required: ['consumerSecret', 'signatureMethod'] }, { properties: { signatureMethod: { title: `one of ${secretMethods.join(', ')} with a consumerSecret`, enum: secretMethods } } }),
      when({ required: ['privateKey'] }, { not: { required: ['tokenSecret'] } }),
      when({ required: ['consumerSecret', 'token'] }, { required: ['tokenSecret'] }),
      when({ required: ['tokenSecret'] }, { required: ['token'] }),
    ],
  });
}

/**
 * Builds {@link oauth1Auth} from a checked config, reading its secrets with `read`.
 *
 * @internal
 * @example
 * ```ts
 * const auth = buildOAuth1(config, (value, field) => resolveSecret(value, `oauth1.${field}`, env));
 * ```
 */
export function buildOAuth1(config: OAuth1AuthConfig, read: ReadSecret): Authenticator {
  const { type: _type, tls: _tls, consumerKey, consumerSecret, privateKey, token, tokenSecret, ...rest } = config;
  const options = {
    ...rest,
    consumerKey: read(consumerKey, 'consumerKey'),
    ...(consumerSecret === undefined ? {} : { consumerSecret: read(consumerSecret, 'consumerSecret') }),
    ...(privateKey === undefined ? {} : { privateKey: read(privateKey, 'privateKey') }),
    ...(token === undefined ? {} : { token: read(token, 'token') }),
    ...(tokenSecret === undefined ? {} : { tokenSecret: read(tokenSecret, 'tokenSecret') }),
  };
  // The schema checked which fields go together; oauth1Auth checks the values (the key's type too).
  return oauth1Auth(options as OAuth1AuthOptions);
}
