import type { Token } from '../token.js';
import type { OAuth2Authenticator } from './revocation.js';

/**
 * Who signed in: fetched after login from `profile.url` with the new access token.
 *
 * @example
 * ```ts
 * const options: ProfileOptions = { url: 'https://api.github.com/user', idPath: 'id', emailPath: 'email' };
 * ```
 */
export interface ProfileOptions {
  /** The profile endpoint (GET, `Authorization: <type> <access token>`). `https:` (plain `http:` only to loopback or with `allowInsecureHttp`). */
  readonly url: string | URL;
  /** Dotted path of the user's id in the JSON answer. Default `sub`. */
  readonly idPath?: string;
  /** Dotted path of the user's e-mail in the JSON answer. Default `email`. */
  readonly emailPath?: string;
}

/**
 * The profile values kept after login, in the stored token's `extra.profile`.
 *
 * @example
 * ```ts
 * const { profile } = await loopbackLogin(options);
 * console.log(`signed in as ${profile?.email ?? profile?.id ?? 'unknown'}`);
 * ```
 */
export interface LoginProfile {
  /** The user's id (numbers are written as strings). */
  readonly id?: string;
  /** The user's e-mail. */
  readonly email?: string;
}

/**
 * What an interactive login ({@link handleCallback}, {@link loopbackLogin}, {@link deviceLogin})
 * gives back once the tokens are stored.
 *
 * `token` holds secrets (access and refresh token): do not log it. `authenticator` refreshes it
 * through the refresh token like any other token authenticator; any other authenticator built
 * with the same options and store (for example `oauth2Auth({ grant: 'authorization_code', ... })`
 * in a later run) finds the same stored token.
 *
 * @example
 * ```ts
 * const { authenticator, profile } = await loopbackLogin(options);
 * const api = authFetch(authenticator, { origins: ['https://api.example.com'] });
 * ```
 */
export interface LoginResult {
  /** An authenticator that uses and refreshes the stored token. Call `close()` when done. */
  readonly authenticator: OAuth2Authenticator;
  /** The token as stored (secrets inside: do not log it). */
  readonly token: Token;
  /** The profile, when `profile` was configured. */
  readonly profile?: LoginProfile;
}
