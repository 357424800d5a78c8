// The Digest `response` value and the Authorization header that carries it (RFC 7616 §3.4).
// Every string is hashed as UTF-8 (§3.4.1 with charset=UTF-8; servers without it differ only
// for characters outside ASCII).
import { createHash } from 'node:crypto';
import { digestHashes, type DigestChallenge, type DigestQop } from './digest-challenge.js';

/** One answer to a challenge: what the client chose for this request. */
export interface DigestAnswer {
  readonly username: string;
  readonly password: string;
  readonly method: string;
  /** The request-target: path and query as sent. */
  readonly uri: string;
  /** The nonce count, 1 for the first request with this nonce. */
  readonly nc: number;
  readonly cnonce: string;
  /** Undefined for an RFC 2069 challenge (no qop). */
  readonly qop: DigestQop | undefined;
  /** The body as sent, for `auth-int`. */
  readonly body?: Uint8Array;
}

function hash(algorithm: string, text: string | Uint8Array): string {
  return createHash(algorithm).update(text).digest('hex');
}

/**
 * The `response` value: KD(H(A1), nonce:nc:cnonce:qop:H(A2)) of §3.4.1, or the RFC 2069 form
 * KD(H(A1), nonce:H(A2)) when the challenge has no qop.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7616#section-3.4.1
 * @internal
 * @example
 * ```ts
 * digestResponse(challenge, { username: 'Mufasa', password: 'Circle of Life', method: 'GET', uri: '/dir/index.html', nc: 1, cnonce, qop: 'auth' });
 * ```
 */
export function digestResponse(challenge: DigestChallenge, answer: DigestAnswer): string {
  const algorithm = digestHashes[challenge.algorithm];
  let secret = hash(algorithm, `${answer.username}:${challenge.realm}:${answer.password}`);
  if (challenge.session) secret = hash(algorithm, `${secret}:${challenge.nonce}:${answer.cnonce}`);
  const a2 = answer.qop === 'auth-int'
    ? `${answer.method}:${answer.uri}:${hash(algorithm, answer.body ?? new Uint8Array())}`
    : `${answer.method}:${answer.uri}`;
  const request = hash(algorithm, a2);
  if (answer.qop === undefined) return hash(algorithm, `${secret}:${challenge.nonce}:${request}`);
  return hash(algorithm, `${secret}:${challenge.nonce}:${nonceCount(answer.nc)}:${answer.cnonce}:${answer.qop}:${request}`);
}

/**
 * The `Authorization: Digest ...` value for `answer` (§3.4): the user name hashed when the
 * challenge asks for `userhash`, as `username*` (RFC 8187) when it is not plain ASCII.
 *
 * @internal
 * @example
 * ```ts
 * request.headers.set('Authorization', digestAuthorization(challenge, answer));
 * ```
 */
export function digestAuthorization(challenge: DigestChallenge, answer: DigestAnswer): string {
  const algorithm = digestHashes[challenge.algorithm];
  const parts: string[] = [];
  if (challenge.userhash) parts.push(`username="${hash(algorithm, `${answer.username}:${challenge.realm}`)}"`);
  else if (/^[\x20-\x7e]*$/.test(answer.username)) parts.push(`username=${quote(answer.username)}`);
  else parts.push(`username*=UTF-8''${extValue(answer.username)}`);
  parts.push(`realm=${quote(challenge.realm)}`, `uri=${quote(answer.uri)}`, `algorithm=${challenge.algorithm}${challenge.session ? '-sess' : ''}`, `nonce=${quote(challenge.nonce)}`);
  if (answer.qop !== undefined) parts.push(`nc=${nonceCount(answer.nc)}`, `cnonce=${quote(answer.cnonce)}`, `qop=${answer.qop}`);
  parts.push(`response="${digestResponse(challenge, answer)}"`);
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
  if (challenge.userhash) parts.push('userhash=true');
  return `Digest ${parts.join(', ')}`;
}

/** Eight hex digits (§3.4). */
function nonceCount(nc: number): string {
  return nc.toString(16).padStart(8, '0');
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** RFC 8187 ext-value characters: attr-char stays, every other UTF-8 byte is %XX. */
function extValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}
