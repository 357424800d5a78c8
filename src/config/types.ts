import type { Placement } from '../placement.js';
import type { JwtAlgorithm } from '../strategies/jwt-key.js';
import type { JwtAuthCommonOptions } from '../strategies/jwt.js';
import type { SecretValue } from './secret.js';

/** `{ type: 'none' }`: see {@link noAuth}. */
export interface NoAuthConfig {
  /** Discriminant. */
  readonly type: 'none';
}

/** `{ type: 'basic' }`: see {@link basicAuth}. */
export interface BasicAuthConfig {
  /** Discriminant. */
  readonly type: 'basic';
  /** The user name. */
  readonly username: SecretValue;
  /** The password (may be empty). */
  readonly password: SecretValue;
}

/** `{ type: 'bearer' }`: see {@link bearerAuth}. */
export interface BearerAuthConfig {
  /** Discriminant. */
  readonly type: 'bearer';
  /** The token. */
  readonly token: SecretValue;
  /** Written before the token; `Bearer` by default, `''` for none. */
  readonly prefix?: string;
  /** Where the token goes (not together with `prefix`). */
  readonly placement?: Placement;
}

/** `{ type: 'apiKey' }`: see {@link apiKeyAuth}. */
export interface ApiKeyAuthConfig {
  /** Discriminant. */
  readonly type: 'apiKey';
  /** The key. */
  readonly key: SecretValue;
  /** Where it goes. */
  readonly in: Placement['in'];
  /** Header, parameter or property name (dotted path for `json`). */
  readonly name: string;
  /** Header prefix, only with `in: 'header'`. */
  readonly prefix?: string;
}

/** `{ type: 'jwt' }`: see {@link jwtAuth}; the common options are the factory's. Give exactly one of `secret` and `privateKey`. */
export interface JwtAuthConfig extends JwtAuthCommonOptions {
  /** Discriminant. */
  readonly type: 'jwt';
  /** HMAC secret. */
  readonly secret?: SecretValue;
  /** How `secret` is written: plain UTF-8 (default) or base64. */
  readonly secretEncoding?: 'utf8' | 'base64';
  /** PEM private key. */
  readonly privateKey?: SecretValue;
  /** Passphrase of an encrypted PEM key. */
  readonly passphrase?: SecretValue;
  /** Signing algorithm; inferred from the key when absent. */
  readonly algorithm?: JwtAlgorithm;
}

/** `{ type: 'selective' }`: see {@link selectiveAuth}. */
export interface SelectiveAuthConfig {
  /** Discriminant. */
  readonly type: 'selective';
  /** A dotted path into the `values` given to {@link createAuth} whose value names the option to use. */
  readonly path: string;
  /** The named choices. */
  readonly options: Readonly<Record<string, AuthConfig>>;
}

/** `{ type: 'combine' }`: see {@link combineAuth}. */
export interface CombineAuthConfig {
  /** Discriminant. */
  readonly type: 'combine';
  /** Applied in order. */
  readonly all: readonly AuthConfig[];
}

/**
 * The typed, validated configuration of any authenticator: a union discriminated by `type`,
 * with the same option names as the factories. Secrets may be `{ "env": "NAME" }` references.
 *
 * @example
 * ```ts
 * const config: AuthConfig = { type: 'apiKey', key: { env: 'API_KEY' }, in: 'header', name: 'X-API-Key' };
 * ```
 */
export type AuthConfig =
  | NoAuthConfig
  | BasicAuthConfig
  | BearerAuthConfig
  | ApiKeyAuthConfig
  | JwtAuthConfig
  | SelectiveAuthConfig
  | CombineAuthConfig;
