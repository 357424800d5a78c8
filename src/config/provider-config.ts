// The typed config of a provider preset.
import type { ProviderOptionsMap } from '../providers/index.js';
import type { MetabaseAuthOptions } from '../providers/metabase.js';
import type { ProviderName } from '../providers/types.js';
import type { EnvReference, PemSource } from './secret.js';
import type { AuthConfigCommon } from './config-common.js';

/**
 * Options of a preset as data: code-only options left out; any string option may be `{ "env": "NAME" }`,
 * and key material (`privateKey`, `serviceAccount`) the text, `{ "env": "NAME" }` or `{ "file": "path" }`.
 *
 * @example
 * ```ts
 * const options: ProviderConfigOptions<StripeAuthOptions> = { secretKey: { env: 'STRIPE_SECRET_KEY' }, apiVersion: '2024-06-20' };
 * ```
 */
export type ProviderConfigOptions<O> = O extends unknown
  ? {
      readonly [K in keyof Omit<O, 'fetch' | 'store' | 'limiter' | 'onToken' | 'onError' | 'tls'>]: K extends 'privateKey' | 'serviceAccount'
        ? PemSource
        : O[K] extends string | undefined
          ? O[K] | EnvReference
          : O[K];
    }
  : never;

/**
 * `{ type: 'provider', provider: 'github', ... }`: a provider preset (see {@link "authwire/providers"!createProviderAuth}
 * and {@link "authwire/providers"!metabaseAuth}) with that preset's options. The preset checks its own options.
 *
 * @example
 * ```ts
 * const config: ProviderAuthConfig = { type: 'provider', provider: 'github', token: { env: 'GITHUB_TOKEN' } };
 * ```
 */
export type ProviderAuthConfig =
  | {
      [P in ProviderName]: ProviderConfigHead<P> & ProviderConfigOptions<ProviderOptionsMap[P]>;
    }[ProviderName]
  | (ProviderConfigHead<'metabase'> & ProviderConfigOptions<MetabaseAuthOptions>);

/**
 * The fields every {@link ProviderAuthConfig} starts with.
 *
 * @example
 * ```ts
 * const head: ProviderConfigHead<'stripe'> = { type: 'provider', provider: 'stripe' };
 * ```
 */
export interface ProviderConfigHead<P extends string> extends AuthConfigCommon {
  /** Discriminant. */
  readonly type: 'provider';
  /** Which preset. */
  readonly provider: P;
}
