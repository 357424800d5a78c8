import { invalidConfig } from '../../errors.js';
import { abortedError } from '../../token-manager/timers.js';
import { checkLoginOptions } from '../../validate/oauth2-options.js';
import { pollDeviceToken } from './poll.js';
import { startDeviceAuthorization } from './start.js';
import type { DeviceCodeOptions, DeviceLoginOptions, DeviceUserCode } from './types.js';
import { checkEndpointUrl } from '../endpoint-url.js';
import { checkIdToken } from '../authorization-code/id-token.js';
import { finishLogin } from '../finish-login.js';
import { idTokenVerifier } from '../id-token-keys.js';
import type { LoginResult } from '../login-types.js';
import { createOAuth2Setup } from '../oauth2-auth.js';
import { checkProfile } from '../profile.js';
import { requestSignal } from '../request-signal.js';

/**
 * Signs a user in on a device without a (usable) browser — a TV, a CLI over SSH — with the device
 * authorization grant (RFC 8628):
 *
 * 1. asks `deviceAuthorizationUrl` for a device code and a user code;
 * 2. shows `userCode` and `verificationUri` (and `verificationUriComplete`) through `onUserCode`
 *    (default: printed to stderr); the device code itself is never shown;
 * 3. polls the token endpoint every `interval` seconds (5 when the server gives none), 5 seconds
 *    slower after each `slow_down`, until the user approves; `access_denied` ends it with
 *    `ERR_AUTH_ACCESS_DENIED`, `expired_token` or the code's expiry with `ERR_AUTH_EXPIRED`,
 *    `signal` with `ERR_AUTH_ABORTED`;
 * 4. fetches the profile (with `profile`) and stores the token in `store`.
 *
 * Afterwards the returned authenticator — or `oauth2Auth({ grant: 'device_code', ... })` with the
 * same options and store — refreshes the token like any other.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-5.4
 * @example
 * ```ts
 * import { deviceLogin } from 'authwire';
 *
 * const { authenticator } = await deviceLogin({
 *   deviceAuthorizationUrl: 'https://auth.example.com/device/code',
 *   tokenUrl: 'https://auth.example.com/token',
 *   clientId: 'my-tv-app',
 *   scope: ['openid', 'offline_access'],
 *   onUserCode: ({ userCode, verificationUri }) => console.error(`Open ${verificationUri} and enter ${userCode}`),
 *   signal: AbortSignal.timeout(15 * 60_000),
 * });
 * ```
 */
export async function deviceLogin(options: DeviceLoginOptions): Promise<LoginResult> {
  if (typeof options !== 'object' || options === null) throw invalidConfig('options', 'an options object');
  checkLoginOptions(options, 'deviceLogin');
  const { onUserCode = printUserCode, signal, ...rest } = options;
  if (typeof onUserCode !== 'function') throw invalidConfig('onUserCode', 'a function ({ userCode, verificationUri }) => void');
  if (options.deviceAuthorizationUrl === undefined) throw invalidConfig('deviceAuthorizationUrl', 'the device authorization endpoint');
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const url = checkEndpointUrl(options.deviceAuthorizationUrl, 'deviceAuthorizationUrl', allowInsecureHttp);
  const profile = checkProfile(options.profile, allowInsecureHttp);
  const jwksUrl = options.jwksUrl === undefined ? undefined : checkEndpointUrl(options.jwksUrl, 'jwksUrl', allowInsecureHttp);
  if (signal?.aborted === true) throw abortedError(signal, 'the device login');
  const setup = createOAuth2Setup({ ...(rest satisfies DeviceCodeOptions), grant: 'device_code' });
  try {
    const start = requestSignal(setup.requestTimeoutMs, 'the device authorization request', signal);
    let authorization;
    try {
      authorization = await startDeviceAuthorization(setup, url, start.signal);
    } finally {
      start.done();
    }
    const prompt: DeviceUserCode = {
      userCode: authorization.userCode,
      verificationUri: authorization.verificationUri,
      ...(authorization.verificationUriComplete === undefined ? {} : { verificationUriComplete: authorization.verificationUriComplete }),
      expiresAt: authorization.expiresAt,
      intervalMs: authorization.intervalMs,
    };
    await onUserCode(prompt);
    const token = await pollDeviceToken(setup, authorization, signal);
    const verify = idTokenVerifier({ jwksUrl, issuer: options.issuer, fetch: setup.fetch, allowInsecureHttp, requestTimeoutMs: setup.requestTimeoutMs });
    await checkIdToken(token.idToken, { nonce: undefined, clientId: setup.clientId ?? '', issuer: options.issuer, verify, signal });
    const finish = requestSignal(setup.requestTimeoutMs, 'the profile request', signal);
    try {
      return await finishLogin(setup, token, profile, finish.signal);
    } finally {
      finish.done();
    }
  } catch (error) {
    await setup.authenticator.close();
    throw error;
  }
}

function printUserCode({ userCode, verificationUri, verificationUriComplete }: DeviceUserCode): void {
  const complete = verificationUriComplete === undefined ? '' : `\n(or open ${verificationUriComplete})`;
  process.stderr.write(`\nTo sign in, open ${verificationUri} and enter the code ${userCode}${complete}\n\n`);
}
