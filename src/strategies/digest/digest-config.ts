// The `digest` member of createAuth's config: its type, its JSON Schema entry and its build step.
import type { Authenticator } from '../../authenticator.js';
import type { AuthConfigCommon } from '../../config/config-common.js';
import { enumOf, ref, type JsonSchema, type MemberSchema } from '../../config/schema-parts.js';
import type { ReadSecret, SecretValue } from '../../config/secret.js';
import { digestAuth } from './digest-auth.js';
import type { DigestQop } from './digest-challenge.js';

/**
 * `{ type: 'digest' }`: see {@link digestAuth}.
 *
 * @example
 * ```ts
 * const config: DigestAuthConfig = { type: 'digest', username: 'admin', password: { env: 'CAMERA_PASSWORD' } };
 * ```
 */
export interface DigestAuthConfig extends AuthConfigCommon {
  /** Discriminant. */
  readonly type: 'digest';
  /** The user name. */
  readonly username: SecretValue;
  /** The password (may be empty). */
  readonly password: SecretValue;
  /** The qop to prefer when the server offers both; `auth` by default. */
  readonly qop?: DigestQop;
}

/**
 * The `digest` entry of the config schema, built with the schema's `member` helper.
 *
 * @internal
 * @example
 * ```ts
 * const digest = digestMember(member);
 * ```
 */
export function digestMember(member: MemberSchema): JsonSchema {
  return member('digest', { username: ref('secret'), password: ref('secretOrEmpty'), qop: enumOf(['auth', 'auth-int']) }, ['username', 'password']);
}

/**
 * Builds {@link digestAuth} from a checked config, reading its secrets with `read`.
 *
 * @internal
 * @example
 * ```ts
 * const auth = buildDigest(config, (value, field, allowEmpty) => resolveSecret(value, `digest.${field}`, env, allowEmpty));
 * ```
 */
export function buildDigest(config: DigestAuthConfig, read: ReadSecret): Authenticator {
  return digestAuth({
    username: read(config.username, 'username'),
    password: read(config.password, 'password', true),
    ...(config.qop === undefined ? {} : { qop: config.qop }),
  });
}
