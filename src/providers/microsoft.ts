import { invalidConfig } from '../errors.js';
import { oauth2Auth } from '../oauth2/oauth2-auth.js';
import { requiredString, tokenList } from '../validate/values.js';
import { asProvider, checkUrl, oauthPassThrough } from './internal/preset-auth.js';
import type { ProviderOAuthOptions, ProviderPreset, ProviderTokenAuthenticator } from './types.js';
import { checkProviderOptions } from './option-names.js';

const defaultAuthority = 'https://login.microsoftonline.com';
const graphUrl = 'https://graph.microsoft.com';

/**
 * Microsoft Entra ID (the identity platform v2.0 endpoint) for Microsoft Graph. The token URL
 * holds the tenant: `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`; `tokenUrl`
 * here shows it with the placeholder.
 *
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 * @example
 * ```ts
 * const url = microsoftPreset.tokenUrl!.replace('{tenant}', tenantId);
 * ```
 */
export const microsoftPreset: ProviderPreset = Object.freeze({
  name: 'microsoft',
  title: 'Microsoft Entra ID',
  baseUrl: graphUrl,
  tokenUrl: `${defaultAuthority}/{tenant}/oauth2/v2.0/token`,
  docs: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow',
} as const);

/**
 * Options of {@link microsoftAuth}.
 *
 * @example
 * ```ts
 * const options: MicrosoftAuthOptions = { tenant: 'contoso.onmicrosoft.com', clientId, clientSecret };
 * ```
 */
export interface MicrosoftAuthOptions extends ProviderOAuthOptions {
  /** The directory (tenant) id or a verified domain. `common`, `organizations` and `consumers` do not work for app tokens. */
  readonly tenant: string;
  /** The application (client) id. */
  readonly clientId: string;
  /** A client secret of the app registration. */
  readonly clientSecret: string;
  /** The resource's `.default` scope. Default `['https://graph.microsoft.com/.default']`. */
  readonly scope?: readonly string[];
  /** The sign-in host: `https://login.microsoftonline.com` (default), `https://login.microsoftonline.us`, `https://login.chinacloudapi.cn`. */
  readonly authorityHost?: string;
}

/** Tenant values that only work with a signed-in user. */
const userOnlyTenants = ['common', 'organizations', 'consumers'];

/**
 * Microsoft Entra ID client credentials (app-only tokens, e.g. for Microsoft Graph): the tenant
 * in the token URL's path, the client secret in the body, and a resource's `.default` scope
 * (the app's granted application permissions).
 *
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/scopes-oidc#the-default-scope
 * @example
 * ```ts
 * const auth = microsoftAuth({ tenant: process.env.AZURE_TENANT_ID ?? '', clientId, clientSecret });
 * const api = authFetch(auth, { origins: ['https://graph.microsoft.com'] });
 * await api('https://graph.microsoft.com/v1.0/users?$top=5');
 * ```
 */
export function microsoftAuth(options: MicrosoftAuthOptions): ProviderTokenAuthenticator {
  checkProviderOptions('microsoft', options);
  const tenant = requiredString(options.tenant, 'microsoft.tenant');
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(tenant)) throw invalidConfig('microsoft.tenant', 'a tenant id (GUID) or a domain name');
  if (userOnlyTenants.includes(tenant.toLowerCase())) throw invalidConfig('microsoft.tenant', `a tenant id or domain (not '${tenant}', which needs a signed-in user)`);
  const scope = tokenList(options.scope ?? [`${graphUrl}/.default`], 'microsoft.scope');
  if (scope.length === 0) throw invalidConfig('microsoft.scope', "a resource's .default scope, e.g. https://graph.microsoft.com/.default");
  for (const [index, item] of scope.entries()) {
    if (!item.endsWith('/.default')) throw invalidConfig(`microsoft.scope[${index}]`, "a resource's .default scope (client credentials take no other scope)");
  }
  const authority = checkUrl(options.authorityHost, defaultAuthority, 'microsoft.authorityHost');
  return asProvider(
    oauth2Auth({
      ...oauthPassThrough(options),
      grant: 'client_credentials',
      tokenUrl: options.tokenUrl ?? `${authority}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`,
      clientId: requiredString(options.clientId, 'microsoft.clientId'),
      clientSecret: options.clientSecret,
      clientAuth: 'client_secret_post',
      scope,
    }),
    'microsoft',
    checkUrl(options.baseUrl, graphUrl, 'microsoft.baseUrl'),
  );
}
