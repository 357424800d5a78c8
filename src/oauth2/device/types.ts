import type { ProfileOptions } from '../login-types.js';
import type { OAuth2CommonOptions } from '../common-options.js';

/**
 * Everything the device authorization grant needs: the device authorization endpoint, the token
 * endpoint and client authentication, and the token lifecycle afterwards.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8628
 * @example
 * ```ts
 * const options: DeviceCodeOptions = {
 *   deviceAuthorizationUrl: 'https://auth.example.com/device/code',
 *   tokenUrl: 'https://auth.example.com/token',
 *   clientId: 'my-tv-app',
 *   scope: ['offline_access'],
 * };
 * ```
 */
export interface DeviceCodeOptions extends OAuth2CommonOptions {
  /** `device_code` (optional here). */
  readonly grant?: 'device_code';
  /** The device authorization endpoint (RFC 8628 §3.1). Needed by {@link deviceLogin}. */
  readonly deviceAuthorizationUrl?: string | URL;
  /**
   * The issuer's JSON Web Key Set: an ID token in the answer must be signed by one of its keys.
   * Default: the `jwks_uri` of the `issuer`'s metadata; without either only the claims are checked.
   */
  readonly jwksUrl?: string | URL;
  /** Whose token this is (part of the cache key). Default: none. */
  readonly subject?: string;
  /** Fetch the user's profile after login and keep it in the token's `extra.profile`. */
  readonly profile?: ProfileOptions;
}

/**
 * The `device_code` grant of {@link oauth2Auth}: an authenticator that uses and refreshes the
 * token {@link deviceLogin} stored. Before any login it fails with `ERR_AUTH_REAUTH_REQUIRED`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 * @example
 * ```ts
 * const auth = oauth2Auth({ grant: 'device_code', tokenUrl, clientId: 'my-tv-app', scope: ['offline_access'], store });
 * ```
 */
export interface DeviceCodeGrantOptions extends DeviceCodeOptions {
  /** Selects the `device_code` grant. */
  readonly grant: 'device_code';
}

/**
 * What the user must see to authorize the device: show `userCode` and `verificationUri` (or
 * offer `verificationUriComplete`, e.g. as a QR code). Neither is a secret on its own; the
 * device code, which is, is never handed out.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.3
 * @example
 * ```ts
 * const onUserCode = ({ userCode, verificationUri }: DeviceUserCode) =>
 *   console.error(`Open ${verificationUri} and enter ${userCode}`);
 * ```
 */
export interface DeviceUserCode {
  /** The code the user types in. */
  readonly userCode: string;
  /** Where the user types it in. */
  readonly verificationUri: string;
  /** The same page with the code filled in, when the server offers it. */
  readonly verificationUriComplete?: string;
  /** When the code expires, in epoch milliseconds. */
  readonly expiresAt: number;
  /** The polling interval the server asked for, in milliseconds. */
  readonly intervalMs: number;
}

/**
 * Options of {@link deviceLogin}.
 *
 * @example
 * ```ts
 * const { authenticator } = await deviceLogin({
 *   ...options,
 *   onUserCode: ({ userCode, verificationUri }) => console.error(`Open ${verificationUri} and enter ${userCode}`),
 *   signal: AbortSignal.timeout(10 * 60_000),
 * });
 * ```
 */
export interface DeviceLoginOptions extends DeviceCodeOptions {
  /** Shows the user code; awaited before polling starts. Default: print it to stderr. */
  readonly onUserCode?: (prompt: DeviceUserCode) => void | Promise<void>;
  /** Stops the login (`ERR_AUTH_ABORTED`). */
  readonly signal?: AbortSignal;
}
