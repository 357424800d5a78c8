/**
 * `authwire/oauth1`: the OAuth 1.0a three-legged flow (RFC 5849 §2) — temporary credentials, the
 * authorize URL and token credentials one step at a time, or all three with a loopback callback
 * server ({@link oauth1Login}) — and the list of signature methods. `oauth1Auth` itself, which
 * signs requests with the credentials obtained, is in `authwire`.
 *
 * @example
 * ```ts
 * import { oauth1Auth } from 'authwire';
 * import { oauth1Login } from 'authwire/oauth1';
 *
 * const consumer = { consumerKey: process.env.CONSUMER_KEY ?? '', consumerSecret: process.env.CONSUMER_SECRET ?? '' };
 * const { token, tokenSecret } = await oauth1Login({
 *   ...consumer,
 *   requestTokenUrl: 'https://api.example.com/oauth/request_token',
 *   authorizeUrl: 'https://api.example.com/oauth/authorize',
 *   accessTokenUrl: 'https://api.example.com/oauth/access_token',
 * });
 * const auth = oauth1Auth({ ...consumer, token, tokenSecret });
 * ```
 *
 * @module authwire/oauth1
 */
export { oauth1Login } from '../strategies/oauth1/oauth1-login.js';
export type { OAuth1LoginOptions } from '../strategies/oauth1/oauth1-login.js';
export { oauth1AuthorizeUrl, requestTemporaryCredentials, requestTokenCredentials } from '../strategies/oauth1/three-legged.js';
export type {
  OAuth1AuthorizeUrlOptions, OAuth1ConsumerOptions, OAuth1FlowRequestOptions, OAuth1TokenPair, TemporaryCredentialsOptions, TokenCredentialsOptions,
} from '../strategies/oauth1/three-legged.js';
export { OAuth1TokenCredentials } from '../strategies/oauth1/token-credentials.js';
export type { OAuth1CredentialsKind, OAuth1TokenCredentialsJSON } from '../strategies/oauth1/token-credentials.js';
export { oauth1SignatureMethods } from '../strategies/oauth1/signature-method.js';
