import { AuthError, invalidConfig } from '../errors.js';
import { fetchText } from '../http/fetch-text.js';
import type { Token } from '../token.js';
import { readPath } from '../read-path.js';
import { checkEndpointUrl } from './endpoint-url.js';
import type { LoginProfile, ProfileOptions } from './login-types.js';

/** {@link ProfileOptions}, checked. */
export interface ProfileConfig {
  readonly url: URL;
  readonly idPath: string;
  readonly emailPath: string;
}

/** Checks `profile` at configuration time; errors name the field. */
export function checkProfile(profile: ProfileOptions | undefined, allowInsecureHttp: boolean): ProfileConfig | undefined {
  if (profile === undefined) return undefined;
  if (typeof profile !== 'object' || profile === null) throw invalidConfig('profile', 'an object { url, idPath?, emailPath? }');
  const path = (value: unknown, field: string, fallback: string): string => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || value === '' || value.split('.').some((part) => part === '')) throw invalidConfig(field, 'a dotted path such as data.id');
    return value;
  };
  return {
    url: checkEndpointUrl(profile.url, 'profile.url', allowInsecureHttp),
    idPath: path(profile.idPath, 'profile.idPath', 'sub'),
    emailPath: path(profile.emailPath, 'profile.emailPath', 'email'),
  };
}

/**
 * Fetches the signed-in user's profile with the new access token (no redirects followed, so the
 * token goes nowhere else) and picks the id and e-mail. Failures are `ERR_AUTH_TOKEN_REQUEST_FAILED`
 * naming the origin and status (or the kind of network failure, `details.reason`) only; a body
 * past 1 MiB is not read.
 */
export async function fetchProfile(
  config: ProfileConfig,
  token: Token,
  fetch: (input: URL, init: RequestInit) => Promise<Response>,
  signal: AbortSignal,
): Promise<LoginProfile> {
  const where = `profile request to ${config.url.origin}`;
  const response = await fetchText({
    url: config.url,
    init: { method: 'GET', headers: { Authorization: `${token.tokenType} ${token.accessToken}`, Accept: 'application/json' } },
    fetch,
    signal,
    what: where,
    secrets: [token.accessToken, ...(token.refreshToken === undefined ? [] : [token.refreshToken])],
  });
  if (response.status < 200 || response.status >= 300) {
    throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `${where} failed: HTTP ${response.status}`, { details: { status: response.status, retryable: response.status >= 500 } });
  }
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `${where}: the answer is not JSON`, { details: { status: response.status, retryable: false } });
  }
  const id = scalar(readPath(body, config.idPath));
  const email = scalar(readPath(body, config.emailPath));
  return { ...(id === undefined ? {} : { id }), ...(email === undefined ? {} : { email }) };
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '' && value.length <= 512) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
