import type { Authenticator } from '../authenticator.js';
import { applyPlacement, type Placement } from '../placement.js';
import { invalidConfig } from '../errors.js';
import { headerAtHand, withStaticHeaders } from '../headers-at-hand.js';
import { runNow } from '../run-now.js';
import { checkOptionNames, optionNames } from '../validate/option-names.js';

const basicNames = optionNames<BasicAuthOptions>()(['username', 'password'], { password: '' });

/**
 * Options of {@link basicAuth}.
 *
 * @example
 * ```ts
 * const options: BasicAuthOptions = { username: 'api', password: process.env.API_PASSWORD ?? '' };
 * const auth = basicAuth(options);
 * ```
 */
export interface BasicAuthOptions {
  /** The user name; it may not contain a colon (RFC 7617 §2). */
  readonly username: string;
  /** The password; may be empty, may hold colons and any Unicode. */
  readonly password: string;
}

/**
 * HTTP Basic authentication (RFC 7617) with UTF-8 credentials.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7617
 * @example
 * ```ts
 * const auth = basicAuth({ username: 'api', password: process.env.API_PASSWORD ?? '' });
 * ```
 */
export function basicAuth(options: BasicAuthOptions): Authenticator {
  checkOptionNames(options, basicNames, 'basicAuth');
  const { username, password } = options ?? ({} as Partial<BasicAuthOptions>);
  if (typeof username !== 'string' || username.length === 0) throw invalidConfig('basic.username', 'a non-empty string');
  if (username.includes(':')) throw invalidConfig('basic.username', 'a user name without ":" (RFC 7617)');
  if (typeof password !== 'string') throw invalidConfig('basic.password', 'a string (may be empty)');
  const value = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  return { name: 'basic', authenticate: withStaticHeaders((request) => runNow(applyPlacement, request, authorization, value), headerAtHand('Authorization', value)) };
}

/** Where Basic credentials go (the value carries its `Basic ` prefix). */
const authorization: Placement = { in: 'header', name: 'Authorization' };
