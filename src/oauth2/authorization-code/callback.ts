import { timingSafeEqual } from 'node:crypto';
import { AuthError, invalidConfig } from '../../errors.js';
import { sanitizeText } from '../../http/sanitize-text.js';
import { safeErrorCode } from '../error-code.js';
import type { OAuth2ParamName } from '../types.js';
import { consumePending, type PendingAuthorization } from './pending.js';

/** How the callback of one pending authorization is checked. */
export interface CallbackCheck {
  readonly name: (param: OAuth2ParamName) => string;
  /** The configured issuer, if any. */
  readonly issuer: string | undefined;
  /** Refuse a callback without `iss`. */
  readonly requireIssuer: boolean;
}

/**
 * Reads an authorization callback and checks it against `pending`, before any token request:
 * `state` present and equal (constant-time); then `pending` is used up (a second callback for it
 * is a replay) and must not have expired; `iss` equal to the issuer when present (required when
 * `requireIssuer`); an `error=` answer becomes an `AuthError`; else the `code` and the PKCE
 * verifier are returned. Never quotes the code, the state or the URL.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.7
 */
export function readCallback(callbackUrl: string | URL, pending: PendingAuthorization, check: CallbackCheck): { readonly code: string; readonly codeVerifier: string } {
  const params = callbackParams(callbackUrl, pending.redirectUri);
  const state = params.getAll(check.name('state'));
  if (state.length === 0) throw refused('the callback has no state', 'missing_state');
  if (state.length > 1 || !sameString(state[0] ?? '', pending.state)) throw refused('the state does not match this authorization request', 'state_mismatch');
  const codeVerifier = consumePending(pending);
  if (Date.now() > pending.expiresAt) {
    throw new AuthError('ERR_AUTH_EXPIRED', 'authorization callback refused: the authorization request expired before the callback came; sign in again', {
      details: { reason: 'expired' },
    });
  }
  checkIssuer(params.getAll('iss'), pending, check);
  const error = params.get('error');
  if (error !== null) {
    const code = safeErrorCode(error) ?? 'invalid_error';
    const description = sanitizeText(params.get('error_description'));
    const message = `authorization ${code === 'access_denied' ? 'denied' : 'failed'}: ${code}${description === undefined ? '' : `: ${description}`}`;
    throw new AuthError(code === 'access_denied' ? 'ERR_AUTH_ACCESS_DENIED' : 'ERR_AUTH_CALLBACK', message, {
      details: { reason: 'error_response', error: code, ...(description === undefined ? {} : { errorDescription: description }) },
    });
  }
  const codes = params.getAll(check.name('code'));
  if (codes.length !== 1 || codes[0] === '') throw refused('the callback has no authorization code', 'missing_code');
  return { code: codes[0] ?? '', codeVerifier };
}

function checkIssuer(values: readonly string[], pending: PendingAuthorization, check: CallbackCheck): void {
  if (values.length === 0) {
    if (check.requireIssuer) throw refused('the callback has no iss, which this authorization server always sends (RFC 9207): possible mix-up attack', 'missing_iss');
    return;
  }
  const iss = values[0] ?? '';
  if (values.length > 1) throw refused('the callback has more than one iss', 'iss_mismatch');
  const expected = check.issuer ?? pending.issuer;
  if (expected !== undefined) {
    if (!sameString(iss, expected)) throw refused('iss does not match the expected issuer (RFC 9207): possible mix-up attack', 'iss_mismatch');
    return;
  }
  // No issuer configured: the issuer must at least live where the browser was sent.
  if (!URL.canParse(iss) || new URL(iss).origin !== pending.authorizationOrigin) {
    throw refused('iss is not on the authorization endpoint\'s origin (RFC 9207): possible mix-up attack; set `issuer` if the server\'s issuer lives elsewhere', 'iss_mismatch');
  }
}

/** The callback's query: a full URL, or a path/query relative to the redirect URI (`request.url` of a web framework). */
function callbackParams(callbackUrl: string | URL, redirectUri: string): URLSearchParams {
  if (callbackUrl instanceof URL) return new URLSearchParams(callbackUrl.search);
  if (typeof callbackUrl !== 'string') throw invalidConfig('callbackUrl', 'the callback URL (string or URL)');
  let url: URL;
  try {
    url = new URL(callbackUrl, redirectUri);
  } catch {
    throw refused('the callback URL cannot be parsed', 'bad_url');
  }
  return new URLSearchParams(url.search);
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function refused(why: string, reason: string): AuthError {
  return new AuthError('ERR_AUTH_CALLBACK', `authorization callback refused: ${why}`, { details: { reason } });
}
