import type { TokenLifecycleOptions } from '../../oauth2/common-options.js';

/**
 * AWS credentials: an access key pair, and the session token of temporary credentials.
 *
 * @example
 * ```ts
 * const credentials: AwsCredentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '' };
 * ```
 */
export interface AwsCredentials {
  /** The access key id (`AKIA…`, or `ASIA…` for temporary credentials). */
  readonly accessKeyId: string;
  /** The secret access key. */
  readonly secretAccessKey: string;
  /** The session token of temporary credentials (STS, SSO, an instance role): sent as `X-Amz-Security-Token`. */
  readonly sessionToken?: string;
}

/**
 * Temporary credentials as a {@link AwsCredentialProvider} returns them: with the time they expire.
 *
 * @example
 * ```ts
 * const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'report' }));
 * const temporary: TemporaryAwsCredentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
 * ```
 */
export interface TemporaryAwsCredentials extends AwsCredentials {
  /** When they expire: a `Date` or epoch milliseconds. Without it they are kept for `defaultExpiresInMs` (one hour). */
  readonly expiration?: Date | number;
}

/**
 * Returns fresh credentials. authwire calls it through its token lifecycle: once for all
 * concurrent requests, again ahead of `expiration`, and after a 401.
 *
 * @example
 * ```ts
 * import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
 * const chain = fromNodeProviderChain();
 * const provider: AwsCredentialProvider = () => chain();
 * ```
 */
export type AwsCredentialProvider = (state: { readonly signal: AbortSignal }) => Promise<TemporaryAwsCredentials>;

/**
 * Options of {@link awsSigV4Auth}.
 *
 * @example
 * ```ts
 * const options: AwsSigV4AuthOptions = {
 *   region: 'eu-west-1',
 *   service: 'execute-api',
 *   credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '' },
 * };
 * ```
 */
export interface AwsSigV4AuthOptions extends TokenLifecycleOptions {
  /** The region signed for, e.g. `us-east-1`. */
  readonly region: string;
  /** The signing name of the service, e.g. `s3`, `execute-api`, `es`, `lambda`, `sts`. */
  readonly service: string;
  /** Static credentials, or a function returning temporary ones (refreshed ahead of their expiry). */
  readonly credentials: AwsCredentials | AwsCredentialProvider;
  /**
   * Sign `UNSIGNED-PAYLOAD` in place of the body's hash, so that stream bodies can be sent
   * (S3 only: other services refuse it). Default `false`: the body's SHA-256 is signed, and a
   * stream body fails with `ERR_AUTH_BODY_PLACEMENT`.
   */
  readonly unsignedPayload?: boolean;
  /**
   * Put the signature in the query (a presigned URL: `X-Amz-Signature` and the other
   * `X-Amz-*` parameters) instead of the `Authorization` header; `expiresIn` in seconds,
   * default 900, at most 604800 (7 days).
   */
  readonly presign?: boolean | {
    /** Seconds the presigned URL stays valid. */
    readonly expiresIn?: number;
  };
  /**
   * Send `x-amz-content-sha256` with the body's hash (default `true`; S3 requires it, other
   * services accept it). `false` still signs the hash, without the header.
   */
  readonly contentSha256Header?: boolean;
  /**
   * More headers to sign, by name, when the request has them. Always signed: `host`,
   * `content-type`, `content-md5` and every `x-amz-*` header the request has. Headers a client
   * sets after authwire (`content-length`, `user-agent`, `accept-encoding`) are not signed by
   * default: AWS does not require them.
   */
  readonly signedHeaders?: readonly string[];
  /**
   * The store key of the credentials a provider returns: authenticators with the same
   * `cacheKey` (and store) share them and their refresh. Default: one per authenticator.
   */
  readonly cacheKey?: string;
}
