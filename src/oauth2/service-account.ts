import { isLoopback } from '../adapter-kit/origin-policy.js';
import { AuthError, invalidConfig } from '../errors.js';
import type { ServiceAccountKey } from './types.js';

/**
 * Origins a service account's `token_uri` may point to unless `tokenUrlAllowList` says otherwise.
 *
 * @example
 * ```ts
 * oauth2Auth({ grant: 'jwt_bearer', serviceAccount, tokenUrlAllowList: [...DEFAULT_TOKEN_URL_ALLOW_LIST, 'https://sts.example.com'] });
 * ```
 */
export const DEFAULT_TOKEN_URL_ALLOW_LIST: readonly string[] = Object.freeze([
  'https://oauth2.googleapis.com',
  'https://accounts.google.com',
  'https://www.googleapis.com',
]);

/** Reads a service-account key (object or JSON text); errors name the field, never quote the key. */
export function parseServiceAccount(input: ServiceAccountKey | string): ServiceAccountKey {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw invalidConfig('serviceAccount', 'a service-account key: an object or its JSON text');
    }
  }
  if (typeof value !== 'object' || value === null) throw invalidConfig('serviceAccount', 'a service-account key object');
  const key = value as Record<string, unknown>;
  if (key.type !== undefined && key.type !== 'service_account') throw invalidConfig('serviceAccount.type', "'service_account'");
  if (typeof key.client_email !== 'string' || key.client_email === '') throw invalidConfig('serviceAccount.client_email', 'a non-empty string');
  if (typeof key.private_key !== 'string' || !key.private_key.includes('PRIVATE KEY')) throw invalidConfig('serviceAccount.private_key', 'a PEM private key');
  if (key.private_key_id !== undefined && typeof key.private_key_id !== 'string') throw invalidConfig('serviceAccount.private_key_id', 'a string');
  if (key.token_uri !== undefined && typeof key.token_uri !== 'string') throw invalidConfig('serviceAccount.token_uri', 'a URL string');
  return key as ServiceAccountKey;
}

/**
 * Checks a `token_uri` that came from a key file before anything is signed for it: `https:` (plain
 * `http:` only to loopback with `allowInsecureHttp`, for tests) and its origin on the allow-list.
 * A key file pointing elsewhere would otherwise receive signed assertions.
 */
export function checkTokenUri(value: string, allowList: readonly string[], allowInsecureHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidConfig('serviceAccount.token_uri', 'an absolute https URL');
  }
  const insecure = url.protocol !== 'https:' && !(url.protocol === 'http:' && allowInsecureHttp && isLoopback(url));
  if (insecure) {
    throw new AuthError('ERR_AUTH_INSECURE_URL', `serviceAccount.token_uri: refusing a token endpoint that is not https (${url.origin})`, {
      details: { field: 'serviceAccount.token_uri', origin: url.origin },
    });
  }
  const origins = allowList.map((entry, index) => {
    try {
      return new URL(entry).origin;
    } catch {
      throw invalidConfig(`tokenUrlAllowList[${index}]`, 'an origin such as https://oauth2.googleapis.com');
    }
  });
  if (!origins.includes(url.origin)) {
    throw invalidConfig('serviceAccount.token_uri', `a token endpoint on the allow-list (${origins.join(', ')}); got ${url.origin} — add it to tokenUrlAllowList if you trust it`);
  }
  return url;
}
