import type { Authenticator } from '../authenticator.js';
import { isSendableHeaderValue, unsendableHeaderValue } from '../adapter-kit/header-value.js';
import { invalidConfig } from '../errors.js';
import { placedHeader, withStaticHeaders } from '../headers-at-hand.js';
import { runNow } from '../run-now.js';
import { applyPlacement, validatePlacement, type Placement } from '../placement.js';
import { checkOptionNames, optionNames } from '../validate/option-names.js';
import { requiredString } from '../validate/values.js';

const apiKeyNames = optionNames<ApiKeyAuthOptions>()(['key', 'in', 'name', 'prefix'], { key: '' });

/**
 * Options of {@link apiKeyAuth} for a header key.
 *
 * @example
 * ```ts
 * const options: HeaderApiKeyOptions = { key: process.env.API_KEY ?? '', in: 'header', name: 'Authorization', prefix: 'Token' };
 * ```
 */
export interface HeaderApiKeyOptions {
  /** The key. */
  readonly key: string;
  /** Put it in a header. */
  readonly in: 'header';
  /** The header name, e.g. `X-API-Key` or `Authorization`. */
  readonly name: string;
  /** Written before the key with a space (e.g. `Token`); none by default. */
  readonly prefix?: string;
}

/**
 * Options of {@link apiKeyAuth} for a query, form or JSON key.
 *
 * @example
 * ```ts
 * const options: BodyOrQueryApiKeyOptions = { key: process.env.API_KEY ?? '', in: 'json', name: 'auth.api_key' };
 * ```
 */
export interface BodyOrQueryApiKeyOptions {
  /** The key. */
  readonly key: string;
  /** Put it in the query string, a form body or a JSON body. */
  readonly in: 'query' | 'form' | 'json';
  /** The parameter or property name; for `json` a dotted path. */
  readonly name: string;
  /** Only header keys take a prefix. */
  readonly prefix?: never;
}

/**
 * Options of {@link apiKeyAuth}.
 *
 * @example
 * ```ts
 * const options: ApiKeyAuthOptions = { key: process.env.API_KEY ?? '', in: 'query', name: 'api_key' };
 * const auth = apiKeyAuth(options);
 * ```
 */
export type ApiKeyAuthOptions = HeaderApiKeyOptions | BodyOrQueryApiKeyOptions;

/**
 * An API key in a header, the query string, a form body or a JSON body.
 *
 * @example
 * ```ts
 * const auth = apiKeyAuth({ key: process.env.API_KEY ?? '', in: 'header', name: 'X-API-Key' });
 * const bubble = apiKeyAuth({ key, in: 'json', name: 'auth.api_key' });
 * ```
 */
export function apiKeyAuth(options: ApiKeyAuthOptions): Authenticator {
  checkOptionNames(options, apiKeyNames, 'apiKeyAuth');
  const { key: given, in: kind, name, prefix } = (options ?? {}) as Partial<HeaderApiKeyOptions>;
  const key = requiredString(given, 'apiKey.key');
  if (prefix !== undefined && kind !== 'header') throw invalidConfig('apiKey.prefix', 'no prefix unless in is "header"');
  const placement = (kind === 'header' ? { in: kind, name, prefix } : { in: kind, name }) as Placement;
  validatePlacement(placement, 'apiKey');
  if (placement.in === 'header' && !isSendableHeaderValue(key)) throw unsendableHeaderValue('apiKey.key');
  return { name: 'api-key', authenticate: withStaticHeaders((request) => runNow(applyPlacement, request, placement, key), placedHeader(placement, key)) };
}
