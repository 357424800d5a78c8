// Helpers every preset factory uses: provider facts on the authenticator, URL checks, the
// options passed through to oauth2Auth, and fixed non-credential request headers.
import type { Authenticator } from '../../authenticator.js';
import { invalidConfig } from '../../errors.js';
import { lifecycleNames } from '../../oauth2/lifecycle-options.js';
import type { OAuth2CommonOptions } from '../../oauth2/types.js';
import type { ProviderInfo, ProviderName, ProviderOAuthOptions } from '../types.js';

/** Adds the provider's name and API base URL to an authenticator (a new object; `name` becomes `provider:name`). */
export function asProvider<A extends Authenticator>(auth: A, provider: ProviderName, baseUrl: string | undefined): A & ProviderInfo {
  return { ...auth, name: `${provider}:${auth.name}`, provider, ...(baseUrl === undefined ? {} : { baseUrl }) };
}

/** An absolute `http(s)` URL without credentials or fragment, without a trailing slash; `fallback` when absent. */
export function checkUrl(value: unknown, fallback: string, field: string): string {
  if (value === undefined) return fallback;
  const text = value instanceof URL ? value.href : value;
  if (typeof text !== 'string' || !URL.canParse(text)) throw invalidConfig(field, 'an absolute https URL');
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidConfig(field, 'an https URL');
  if (url.username !== '' || url.password !== '' || url.hash !== '') throw invalidConfig(field, 'a URL without credentials or fragment');
  return url.href.replace(/\/+$/, '');
}

const passThroughNames = [...lifecycleNames, 'allowInsecureHttp', 'fetch', 'tls', 'cacheKey'] as const satisfies ReadonlyArray<
  keyof ProviderOAuthOptions & keyof OAuth2CommonOptions
>;

/** The options a preset hands to `oauth2Auth` unchanged (lifecycle, transport, TLS, cache key). */
export type OAuthPassThrough = Pick<OAuth2CommonOptions, (typeof passThroughNames)[number]>;

/** Copies the pass-through options that are set. */
export function oauthPassThrough(options: ProviderOAuthOptions): OAuthPassThrough {
  return pick(options, passThroughNames) as OAuthPassThrough;
}

function pick<T extends object>(options: T, names: ReadonlyArray<keyof T>): Partial<T> {
  const out: Partial<T> = {};
  for (const name of names) if (options[name] !== undefined) out[name] = options[name];
  return out;
}

/** The refresh-token start options, copied without undefined values. */
export function refreshStart(options: {
  readonly refreshToken: string;
  readonly accessToken?: string | undefined;
  readonly expiresAt?: Date | number | undefined;
  readonly subject?: string | undefined;
}): { refreshToken: string; accessToken?: string; expiresAt?: Date | number; subject?: string } {
  return {
    refreshToken: options.refreshToken,
    ...(options.accessToken === undefined ? {} : { accessToken: options.accessToken }),
    ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
    ...(options.subject === undefined ? {} : { subject: options.subject }),
  };
}

/**
 * Adds fixed, non-secret headers (API version pins, account selectors) after the credential,
 * unless the request already has them: the caller's own value wins. Values are checked by the
 * caller (`optionalString`); undefined ones are skipped.
 */
export function withRequestHeaders<A extends Authenticator>(auth: A, headers: Readonly<Record<string, string | undefined>>): A {
  const entries = Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (entries.length === 0) return auth;
  return {
    ...auth,
    async authenticate(request, context) {
      await auth.authenticate(request, context);
      for (const [name, value] of entries) if (!request.headers.has(name)) request.headers.set(name, value);
    },
  };
}
