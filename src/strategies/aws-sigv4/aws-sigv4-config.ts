// The `awsSigV4` member of createAuth's config: its type, its JSON Schema entry and its build step.
import type { Authenticator } from '../../authenticator.js';
import type { AuthConfigCommon } from '../../config/config-common.js';
import { boolean, has, object, ref, when, type JsonSchema, type MemberSchema } from '../../config/schema-parts.js';
import type { ReadSecret, SecretValue } from '../../config/secret.js';
import { awsSigV4Auth } from './aws-sigv4.js';
import { s3Services } from './options.js';
import type { AwsSigV4AuthOptions } from './types.js';

/**
 * `{ type: 'awsSigV4' }`: see {@link awsSigV4Auth}, with static credentials whose values may be
 * `{ "env": "NAME" }` references. A credentials provider function (temporary credentials
 * refreshed ahead of their expiry, e.g. an instance role) is code, not data: pass it to
 * {@link awsSigV4Auth} itself.
 *
 * @example
 * ```ts
 * const config: AwsSigV4AuthConfig = {
 *   type: 'awsSigV4',
 *   region: 'eu-west-1',
 *   service: 'execute-api',
 *   credentials: { accessKeyId: { env: 'AWS_ACCESS_KEY_ID' }, secretAccessKey: { env: 'AWS_SECRET_ACCESS_KEY' } },
 * };
 * ```
 */
export interface AwsSigV4AuthConfig
  extends AuthConfigCommon,
    Pick<AwsSigV4AuthOptions, 'region' | 'service' | 'unsignedPayload' | 'presign' | 'contentSha256Header' | 'signedHeaders'> {
  /** Discriminant. */
  readonly type: 'awsSigV4';
  /** Static credentials; each value the text itself or `{ "env": "NAME" }`. */
  readonly credentials: {
    /** The access key id (`AKIA…`, or `ASIA…` for temporary credentials). */
    readonly accessKeyId: SecretValue;
    /** The secret access key. */
    readonly secretAccessKey: SecretValue;
    /** The session token of temporary credentials: sent as `X-Amz-Security-Token`. */
    readonly sessionToken?: SecretValue;
  };
}

/** A secret on one line: the text (matching `pattern`) or `{ "env": "NAME" }`. */
const secretLine = (title: string, pattern: string): JsonSchema => ({ title: `${title}, or { "env": "NAME" }`, anyOf: [{ type: 'string', pattern }, ref('envReference')] });

/**
 * The `awsSigV4` entry of the config schema, built with the schema's `member` helper.
 *
 * @internal
 * @example
 * ```ts
 * const awsSigV4 = awsSigV4Member(member);
 * ```
 */
export function awsSigV4Member(member: MemberSchema): JsonSchema {
  return member('awsSigV4', {
    region: { title: 'a region name such as us-east-1', type: 'string', pattern: '^[a-z0-9-]+$' },
    service: { title: 'a signing name such as s3 or execute-api (lower case)', type: 'string', pattern: '^[a-z0-9-]+$' },
    credentials: object({
      accessKeyId: secretLine('a non-empty string of printable ASCII without spaces', '^[\\x21-\\x7e]+$'),
      secretAccessKey: secretLine('a non-empty string without line breaks', '^[^\\r\\n]+$'),
      sessionToken: secretLine('a non-empty string without line breaks', '^[^\\r\\n]+$'),
    }, ['accessKeyId', 'secretAccessKey']),
    unsignedPayload: boolean,
    presign: {
      title: 'true, false or { "expiresIn": whole seconds from 1 to 604800 }',
      anyOf: [boolean, object({ expiresIn: { title: 'whole seconds from 1 to 604800', type: 'integer', minimum: 1, maximum: 604_800 } })],
    },
    contentSha256Header: boolean,
    signedHeaders: { title: 'an array of header names', type: 'array', items: { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" } },
  }, ['region', 'service', 'credentials'], {
    allOf: [
      // As checkSigV4Options: only S3 takes UNSIGNED-PAYLOAD, and S3 requires x-amz-content-sha256.
      when({ not: has('service', ...s3Services) }, {
        properties: { unsignedPayload: { title: 'false for services other than S3 (only S3 accepts UNSIGNED-PAYLOAD)', const: false } },
      }),
      when(has('service', ...s3Services), {
        properties: { contentSha256Header: { title: 'true for S3, which requires x-amz-content-sha256', const: true } },
      }),
    ],
  });
}

/**
 * Builds {@link awsSigV4Auth} from a checked config, reading its secrets with `read`.
 *
 * @internal
 * @example
 * ```ts
 * const auth = buildAwsSigV4(config, (value, field) => resolveSecret(value, `awsSigV4.${field}`, env));
 * ```
 */
export function buildAwsSigV4(config: AwsSigV4AuthConfig, read: ReadSecret): Authenticator {
  const { type: _type, tls: _tls, credentials, ...rest } = config;
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  // The schema checked the shape; awsSigV4Auth checks the values again, and never quotes a secret.
  return awsSigV4Auth({
    ...rest,
    credentials: {
      accessKeyId: read(accessKeyId, 'credentials.accessKeyId'),
      secretAccessKey: read(secretAccessKey, 'credentials.secretAccessKey'),
      ...(sessionToken === undefined ? {} : { sessionToken: read(sessionToken, 'credentials.sessionToken') }),
    },
  });
}
