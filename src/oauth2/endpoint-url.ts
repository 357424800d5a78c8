import { isLoopback } from '../adapter-kit/origin-policy.js';
import { AuthError, invalidConfig } from '../errors.js';

/**
 * Parses and checks, when the authenticator is created, an endpoint URL authwire sends to (token,
 * login, authorization, device authorization, profile, issuer): absolute `https:` (plain `http:`
 * only to loopback or with `allowInsecureHttp`), no user name or password, no fragment. Throws
 * `ERR_AUTH_INVALID_CONFIG` or `ERR_AUTH_INSECURE_URL` naming `field`.
 *
 * @example
 * ```ts
 * const tokenUrl = checkEndpointUrl(options.tokenUrl, 'tokenUrl', options.allowInsecureHttp === true);
 * ```
 */
export function checkEndpointUrl(value: unknown, field: string, allowInsecureHttp: boolean): URL {
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
    throw new AuthError('ERR_AUTH_INSECURE_URL', `${field}: refusing plain http to ${url.origin}; use https, or set allowInsecureHttp: true`, {
      details: { field, origin: url.origin },
    });
  }
  return url;
}
