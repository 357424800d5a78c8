import type { JsonWebKey, KeyObject } from 'node:crypto';

/**
 * The RFC 9421 signature algorithms authwire signs with.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9421#section-3.3
 * @example
 * ```ts
 * const algorithm: HttpSignatureAlgorithm = 'ed25519';
 * ```
 */
export type HttpSignatureAlgorithm = 'ed25519' | 'ecdsa-p256-sha256' | 'rsa-pss-sha512' | 'rsa-v1_5-sha256' | 'hmac-sha256';

/**
 * A signing key: a private key as PEM text, a JWK or a `KeyObject` (ed25519, ECDSA P-256, RSA);
 * for `hmac-sha256` the shared secret as bytes, text (its UTF-8 bytes), an `oct` JWK or a secret
 * `KeyObject`.
 *
 * @example
 * ```ts
 * const key: HttpSignatureKey = readFileSync('signing-key.pem', 'utf8');
 * const secret: HttpSignatureKey = Buffer.from(process.env.SIGNING_SECRET ?? '', 'base64');
 * ```
 */
export type HttpSignatureKey = string | Uint8Array | KeyObject | JsonWebKey;

/**
 * The hash of the `Content-Digest` header (RFC 9530).
 *
 * @example
 * ```ts
 * const digest: ContentDigestAlgorithm = 'sha-512';
 * ```
 */
export type ContentDigestAlgorithm = 'sha-256' | 'sha-512';

/**
 * Options of {@link httpSignatureAuth}.
 *
 * @example
 * ```ts
 * const options: HttpSignatureAuthOptions = {
 *   keyId: 'client-2025',
 *   key: readFileSync('client-ed25519.pem', 'utf8'),
 *   algorithm: 'ed25519',
 *   components: ['@method', '@target-uri', 'content-type', 'content-digest'],
 * };
 * ```
 */
export interface HttpSignatureAuthOptions {
  /** The `keyid` parameter: how the server finds the key. */
  readonly keyId: string;
  /** The private key, or the shared secret for `hmac-sha256`. */
  readonly key: HttpSignatureKey;
  /** The signature algorithm; the key must be of its kind. */
  readonly algorithm: HttpSignatureAlgorithm;
  /**
   * The covered components, in order: derived ones (`@method`, `@target-uri`, `@authority`,
   * `@scheme`, `@path`, `@query`, `@request-target`) and header names (`content-type`,
   * `content-digest`, `date`, …). Default `['@method', '@target-uri', 'content-digest']`, without
   * `content-digest` when the request has no body. A header the request lacks fails the request,
   * but for `content-digest`, which authwire sets from the body bytes, and `content-length` of a
   * buffered body, which is their length (the client sends it).
   */
  readonly components?: readonly string[];
  /** The dictionary label in `Signature-Input` and `Signature`. Default `sig1`. */
  readonly label?: string;
  /** Whether to send the `created` parameter (now, in seconds). Default `true`. */
  readonly created?: boolean;
  /** Seconds until the signature expires: the `expires` parameter. Default none. */
  readonly expiresIn?: number;
  /** A `nonce` parameter: `true` for 16 random bytes (base64url), or a function returning one. Default none. */
  readonly nonce?: boolean | (() => string);
  /** The `tag` parameter: the application or profile the signature is for. */
  readonly tag?: string;
  /** Whether to send the `alg` parameter. Default `false` (the key determines the algorithm). */
  readonly includeAlg?: boolean;
  /** The hash of `Content-Digest`, or `false` to never compute one (needed to send stream bodies). Default `sha-256`. */
  readonly contentDigest?: ContentDigestAlgorithm | false;
}
