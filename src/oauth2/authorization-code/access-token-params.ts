// More parameters for the code exchange, sent JSON-encoded (Airbyte's "Access Token Query Params
// (JSON encoded)", `access_token_params`), so a declarative OAuth spec written for Airbyte works.
import { invalidConfig } from '../../errors.js';
import type { OAuth2ClientAuthMethod } from '../types.js';
import { placeholder, placeholderOf } from './url-template.js';

/** A checked `accessTokenParams`: the parameters to add, placeholders not yet filled. */
export type AccessTokenParams = ReadonlyArray<readonly [string, string]>;

/** Values a parameter may take from the flow, by their Airbyte and authwire placeholder names. */
export interface AccessTokenValues {
  readonly clientId: string;
  readonly redirectUri: string;
}

/** The consent-URL placeholders a parameter may hold (under either name), and the value each takes. */
const valueOf: Readonly<Partial<Record<string, keyof AccessTokenValues>>> = { client_id: 'clientId', redirect_uri: 'redirectUri' };
const fillable = (name: string): keyof AccessTokenValues | undefined => {
  const key = placeholderOf(name);
  return key === undefined ? undefined : valueOf[key];
};
/**
 * Parameters authwire sends in the code exchange itself. A spec written for Airbyte lists some of
 * them with their own placeholder (`client_id: '{{client_id_value}}'`); those are taken as they are
 * sent anyway, any other value is refused.
 */
const sentAnyway: Readonly<Record<string, readonly string[]>> = {
  client_id: ['client_id', 'client_id_value'],
  redirect_uri: ['redirect_uri', 'redirect_uri_value'],
  code: ['auth_code', 'auth_code_value'],
  client_secret: ['client_secret', 'client_secret_value'],
};
const reserved = new Set(['grant_type', 'code_verifier', 'client_assertion', 'client_assertion_type', 'scope']);

/**
 * Checks `accessTokenParams`; `undefined` when not given. `method` is the client authentication:
 * `client_secret: '{{client_secret_value}}'` needs `client_secret_post`, which puts the secret in the body.
 */
export function checkAccessTokenParams(value: unknown, method: OAuth2ClientAuthMethod): AccessTokenParams | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidConfig('accessTokenParams', 'an object of parameter names to strings');
  const params: Array<readonly [string, string]> = [];
  for (const [key, item] of Object.entries(value)) {
    const field = `accessTokenParams.${key}`;
    if (typeof item !== 'string' || /[\r\n]/.test(item)) throw invalidConfig(field, 'a string without line breaks');
    const own = sentAnyway[key];
    if (own !== undefined) {
      const only = /^\{\{\s*([A-Za-z_]+)\s*\}\}$/.exec(item)?.[1];
      if (only === undefined || !own.includes(only)) throw invalidConfig(field, `{{${own[1] ?? key}}} or nothing (authwire sends ${key} itself)`);
      if (key === 'client_secret' && method !== 'client_secret_post') throw invalidConfig(field, "clientAuth: 'client_secret_post', which sends the client secret in this body");
      continue;
    }
    if (key === '' || reserved.has(key)) throw invalidConfig(field, 'a parameter authwire does not set itself');
    for (const match of item.matchAll(placeholder)) {
      const name = match[1] ?? '';
      if (fillable(name) === undefined) throw invalidConfig(field, `placeholders among {{client_id_value}}, {{redirect_uri_value}} (got {{${name}}})`);
    }
    params.push([key, item]);
  }
  return params;
}

/** The parameters with their placeholders filled in. */
export function fillAccessTokenParams(params: AccessTokenParams, values: AccessTokenValues): Array<readonly [string, string]> {
  return params.map(([key, item]) => [key, item.replace(placeholder, (_match, name: string) => values[fillable(name) ?? 'clientId'])] as const);
}
