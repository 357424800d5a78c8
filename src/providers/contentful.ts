import { invalidConfig } from '../errors.js';
import { requiredString } from '../validate/values.js';
import { bearerAuth } from '../strategies/bearer.js';
import { asProvider, checkUrl } from './internal/preset-auth.js';
import type { ProviderAuthenticator, ProviderCommonOptions, ProviderPreset } from './types.js';
import { checkProviderOptions } from './option-names.js';

/** The API hosts of Contentful's token-authenticated APIs. */
const apiHosts = {
  management: 'https://api.contentful.com',
  delivery: 'https://cdn.contentful.com',
  preview: 'https://preview.contentful.com',
} as const;

/**
 * Contentful's endpoints. Its documented OAuth flow is implicit (`response_type=token`): the
 * token arrives in the redirect URL's fragment, does not expire on a schedule and has no refresh
 * token, so it is used like a personal access token.
 *
 * @see https://www.contentful.com/developers/docs/references/authentication/
 * @example
 * ```ts
 * const scopes = contentfulPreset.authorization!.defaultScopes; // ['content_management_manage']
 * ```
 */
export const contentfulPreset: ProviderPreset = Object.freeze({
  name: 'contentful',
  title: 'Contentful',
  baseUrl: apiHosts.management,
  authorization: Object.freeze({
    url: 'https://be.contentful.com/oauth/authorize',
    responseType: 'token',
    params: Object.freeze({}),
    defaultScopes: Object.freeze(['content_management_manage']),
    scopeSeparator: ' ',
    clientAuth: 'none',
  }),
  docs: 'https://www.contentful.com/developers/docs/references/authentication/',
} as const);

/**
 * Options of {@link contentfulAuth}.
 *
 * @example
 * ```ts
 * const options: ContentfulAuthOptions = { token: process.env.CONTENTFUL_MANAGEMENT_TOKEN ?? '' };
 * ```
 */
export interface ContentfulAuthOptions extends ProviderCommonOptions {
  /** A personal access token (`CFPAT-…`), an OAuth token, or a delivery / preview API key. */
  readonly token: string;
  /** Which API the token is for, giving the default `baseUrl`: `management` (default), `delivery` or `preview`. */
  readonly api?: 'management' | 'delivery' | 'preview';
}

/**
 * Contentful: `Authorization: Bearer <token>` for the Content Management API (default), the
 * Content Delivery API or the Content Preview API. Set `baseUrl` for the EU data region.
 *
 * @example
 * ```ts
 * const auth = contentfulAuth({ token: process.env.CONTENTFUL_MANAGEMENT_TOKEN ?? '' });
 * const api = authFetch(auth, { origins: [auth.baseUrl ?? ''] });
 * await api(`https://api.contentful.com/spaces/${spaceId}/environments`);
 * ```
 */
export function contentfulAuth(options: ContentfulAuthOptions): ProviderAuthenticator {
  checkProviderOptions('contentful', options);
  const api = options.api ?? 'management';
  if (!Object.hasOwn(apiHosts, api)) throw invalidConfig('contentful.api', "'management', 'delivery' or 'preview'");
  return asProvider(bearerAuth({ token: requiredString(options.token, 'contentful.token') }), 'contentful', checkUrl(options.baseUrl, apiHosts[api], 'contentful.baseUrl'));
}
