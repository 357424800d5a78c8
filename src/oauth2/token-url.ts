import { isLoopback } from '../adapter-kit/origin-policy.js';
import { AuthError, invalidConfig } from '../errors.js';

/**
 * Parses and checks a token endpoint when the authenticator is created: absolute, `https:` (plain
 * `http:` only to loopback or with `allowInsecureHttp`), no credentials, no fragment.
 * Throws `ERR_AUTH_INVALID_CONFIG` or `ERR_AUTH_INSECURE_URL` naming `field`.
 */
export function checkTokenUrl(value: unknown, field: string, allowInsecureHttp: boolean): URL {
  if (typeof value !== 'string' && !(value instanceof URL)) throw invalidConfig(field, 'an absolute https URL');
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw invalidConfig(field, 'an absolute https URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidConfig(field, 'an https URL');
  if (url.username !== '' || url.password !== '') throw invalidConfig(field, 'a URL without user name or password (credentials never go in the URL)');
  if (url.hash !== '') throw invalidConfig(field, 'a URL without a fragment');
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url)) {
    throw new AuthError(
      'ERR_AUTH_INSECURE_URL',
      `${field}: refusing a plain http token endpoint on ${url.origin}; use https, or set allowInsecureHttp: true`,
      { details: { field, origin: url.origin } },
    );
  }
  return url;
}
