import { invalidConfig } from '../errors.js';
import { optionalString } from '../validate/values.js';
import { basicAuth } from '../strategies/basic.js';
import { bearerAuth } from '../strategies/bearer.js';
import { asProvider, checkUrl, withRequestHeaders } from './internal/preset-auth.js';
import type { ProviderAuthenticator, ProviderCommonOptions, ProviderPreset } from './types.js';
import { checkProviderOptions } from './option-names.js';

const apiUrl = 'https://api.stripe.com';

/**
 * Stripe's API host. Requests authenticate with a secret (`sk_`) or restricted (`rk_`) key.
 *
 * @see https://docs.stripe.com/api/authentication
 * @example
 * ```ts
 * const origin = stripePreset.baseUrl; // https://api.stripe.com
 * ```
 */
export const stripePreset: ProviderPreset = Object.freeze({
  name: 'stripe',
  title: 'Stripe',
  baseUrl: apiUrl,
  docs: 'https://docs.stripe.com/api/authentication',
} as const);

/**
 * Options of {@link stripeAuth}.
 *
 * @example
 * ```ts
 * const options: StripeAuthOptions = { secretKey: process.env.STRIPE_SECRET_KEY ?? '', apiVersion: '2024-06-20' };
 * ```
 */
export interface StripeAuthOptions extends ProviderCommonOptions {
  /** A secret (`sk_live_…`, `sk_test_…`) or restricted (`rk_…`) key. Publishable keys (`pk_…`) are refused. */
  readonly secretKey: string;
  /** `basic` (default, as Stripe documents: the key as user name, empty password) or `bearer`. */
  readonly scheme?: 'basic' | 'bearer';
  /** Pins the API version with `Stripe-Version` unless a request sets it. */
  readonly apiVersion?: string;
  /** Acts on a connected account with `Stripe-Account` (e.g. `acct_123`) unless a request sets it. */
  readonly account?: string;
}

/**
 * Stripe with a secret key: HTTP Basic with the key as user name and an empty password (or
 * `Authorization: Bearer <key>` with `scheme: 'bearer'`), plus optional `Stripe-Version` and
 * `Stripe-Account` headers.
 *
 * @see https://docs.stripe.com/api/authentication
 * @example
 * ```ts
 * const auth = stripeAuth({ secretKey: process.env.STRIPE_SECRET_KEY ?? '' });
 * const api = authFetch(auth, { origins: [auth.baseUrl ?? ''] });
 * await api('https://api.stripe.com/v1/customers?limit=3');
 * ```
 */
export function stripeAuth(options: StripeAuthOptions): ProviderAuthenticator {
  checkProviderOptions('stripe', options);
  const key: unknown = options.secretKey;
  if (typeof key !== 'string' || key === '' || /[\s:]/.test(key)) throw invalidConfig('stripe.secretKey', 'a secret key (sk_…) or restricted key (rk_…)');
  if (key.startsWith('pk_')) throw invalidConfig('stripe.secretKey', 'a secret key (sk_…) or restricted key (rk_…), not a publishable key (pk_…)');
  const scheme = options.scheme ?? 'basic';
  if (scheme !== 'basic' && scheme !== 'bearer') throw invalidConfig('stripe.scheme', "'basic' or 'bearer'");
  const credential = scheme === 'basic' ? basicAuth({ username: key, password: '' }) : bearerAuth({ token: key });
  const auth = withRequestHeaders(credential, {
    'Stripe-Version': optionalString(options.apiVersion, 'stripe.apiVersion'),
    'Stripe-Account': optionalString(options.account, 'stripe.account'),
  });
  return asProvider(auth, 'stripe', checkUrl(options.baseUrl, apiUrl, 'stripe.baseUrl'));
}
