import type { Placement } from '../placement.js';
import type { JwtAlgorithm } from '../strategies/jwt-key.js';
import type { JwtJsonValue } from '../strategies/jwt-claims.js';
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

/** `{ type: 'jwt' }`: see {@link jwtAuth}. Give exactly one of `secret` and `privateKey`. */
export interface JwtAuthConfig {
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
  /** Key id header. */
  readonly kid?: string;
  /** `typ` header. */
  readonly typ?: string;
  /** `cty` header. */
  readonly cty?: string;
  /** Extra header fields. */
  readonly header?: Readonly<Record<string, JwtJsonValue>>;
  /** Issuer claim. */
  readonly iss?: string;
  /** Subject claim. */
  readonly sub?: string;
  /** Audience claim. */
  readonly aud?: string | readonly string[];
  /** Extra claims. */
  readonly claims?: Readonly<Record<string, JwtJsonValue>>;
  /** Token lifetime in seconds. */
  readonly lifetimeSeconds?: number;
  /** Re-sign this long before expiry. */
  readonly refreshMarginSeconds?: number;
  /** Sign a new token for every request. */
  readonly signEachRequest?: boolean;
  /** Set a unique `jti` (default on). */
  readonly jti?: boolean;
  /** Set `nbf` to `iat`. */
  readonly notBefore?: boolean;
  /** Header prefix (`Bearer` by default). */
  readonly prefix?: string;
  /** Where the token goes (not together with `prefix`). */
  readonly placement?: Placement;
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
