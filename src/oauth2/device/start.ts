import { AuthError } from '../../errors.js';
import type { TokenResponseMapping } from '../../token.js';
import type { OAuth2Setup } from '../oauth2-auth.js';
import { requestToken } from '../token-request.js';

/** A started device authorization. `deviceCode` is a secret: it never leaves the poller. */
export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string | undefined;
  readonly expiresAt: number;
  readonly intervalMs: number;
}

/** RFC 8628 §3.5: without `interval`, poll every 5 seconds. */
export const DEFAULT_DEVICE_INTERVAL_MS = 5_000;

/** The device authorization response read with the token-response parser (`device_code` in the access-token slot). */
const mapping: TokenResponseMapping = {
  accessToken: 'device_code',
  expiresIn: 'expires_in',
  defaultExpiresIn: 600,
  format: 'json',
  extra: {
    userCode: 'user_code',
    verificationUri: 'verification_uri',
    verificationUrl: 'verification_url', // Google's name
    verificationUriComplete: 'verification_uri_complete',
    interval: 'interval',
  },
};

/**
 * Sends the device authorization request (client id or client authentication, `scope`,
 * `audience`, `resource`, `extraParams`) and checks the answer. Errors are secret-free
 * `ERR_AUTH_TOKEN_REQUEST_FAILED`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.2
 */
export async function startDeviceAuthorization(setup: OAuth2Setup, url: URL, signal: AbortSignal): Promise<DeviceAuthorization> {
  const { context } = setup;
  const body = setup.params.build([
    ['scope', context.scope],
    ['audience', context.audience],
    ['resource', context.resource],
  ]);
  const headers = new Headers(setup.extraHeaders);
  const added = await setup.clientAuth.apply(body, headers);
  const answer = await requestToken({
    grant: 'device_authorization',
    url,
    params: body,
    headers,
    signal,
    mapping,
    secrets: added.filter((secret) => secret !== ''),
    invalidGrantMeansReauth: false,
    fetch: setup.fetch,
  });
  const extra = answer.extra ?? {};
  const userCode = extra['userCode'];
  if (typeof userCode !== 'string' || !/^[\x20-\x7e\u00a0-\uffff]{1,128}$/.test(userCode)) throw unusable('no usable user_code');
  const verificationUri = webUrl(extra['verificationUri']) ?? webUrl(extra['verificationUrl']);
  if (verificationUri === undefined) throw unusable('no usable verification_uri (an http or https URL)');
  const verificationUriComplete = webUrl(extra['verificationUriComplete']);
  return {
    deviceCode: answer.accessToken,
    userCode,
    verificationUri,
    verificationUriComplete,
    expiresAt: answer.expiresAt,
    intervalMs: intervalOf(extra['interval']),
  };
}

/** The server's `interval` in milliseconds: 5 s when absent or unreadable, at least 1 s, at most 5 minutes. */
function intervalOf(value: unknown): number {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return DEFAULT_DEVICE_INTERVAL_MS;
  return Math.min(Math.max(seconds, 1), 300) * 1000;
}

function webUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
  const protocol = new URL(value).protocol;
  return protocol === 'https:' || protocol === 'http:' ? value : undefined;
}

function unusable(why: string): AuthError {
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `device authorization response unusable: ${why}`, { details: { retryable: false } });
}
