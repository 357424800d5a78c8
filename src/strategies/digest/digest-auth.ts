import { randomBytes } from 'node:crypto';
import type { AuthContext, Authenticator, AuthRequest } from '../../authenticator.js';
import { serializeBody } from '../../adapter-kit/body.js';
import { AuthError, invalidConfig } from '../../errors.js';
import { runNow } from '../../run-now.js';
import { markSigning } from '../signing-order.js';
import { checkOptionNames, optionNames } from '../../validate/option-names.js';
import { parseAuthChallenges } from './challenges.js';
import { pickDigestChallenge, type DigestChallenge, type DigestQop } from './digest-challenge.js';
import { digestAuthorization } from './digest-response.js';

const digestNames = optionNames<DigestAuthOptions>()(['username', 'password', 'qop'], { password: '' });

/**
 * Options of {@link digestAuth}.
 *
 * @example
 * ```ts
 * const options: DigestAuthOptions = { username: 'camera', password: process.env.CAMERA_PASSWORD ?? '' };
 * const auth = digestAuth(options);
 * ```
 */
export interface DigestAuthOptions {
  /** The user name (any Unicode; sent hashed when the server asks for `userhash`). */
  readonly username: string;
  /** The password (may be empty). It never leaves the process: only hashes of it are sent. */
  readonly password: string;
  /**
   * The qop to use when the server offers both: `auth` (default, what every server does) or
   * `auth-int`, which also covers the body (a stream body then falls back to `auth`, if offered).
   */
  readonly qop?: DigestQop;
}

/** What a client remembers of one origin's challenge: the nonce and how often it was used. */
interface DigestSession {
  readonly challenge: DigestChallenge;
  nc: number;
}

/**
 * HTTP Digest authentication (RFC 7616: MD5, SHA-256 and SHA-512-256, each also `-sess`; qop
 * `auth` and `auth-int`; `userhash`; the RFC 2069 form for servers without qop), driven by the
 * server's `WWW-Authenticate: Digest` challenge. The first request to an origin goes without
 * credentials; its 401 is answered once. Later requests reuse that nonce with an incrementing
 * `nc`, without another round trip, until the server refuses it (`stale=true`, a new nonce),
 * which is again answered once. The password itself is never sent.
 *
 * A request with a stream body cannot be sent twice: send a small request first, so that the
 * stream goes out with credentials.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7616
 * @example
 * ```ts
 * const auth = digestAuth({ username: 'admin', password: process.env.ROUTER_PASSWORD ?? '' });
 * const api = authFetch(auth, { origins: ['https://router.example.com'] });
 * ```
 */
export function digestAuth(options: DigestAuthOptions): Authenticator {
  checkOptionNames(options, digestNames, 'digestAuth');
  const { username, password, qop } = (options ?? {}) as { username?: unknown; password?: unknown; qop?: unknown };
  // eslint-disable-next-line no-control-regex -- a header value cannot carry control characters
  if (typeof username !== 'string' || username.length === 0 || !wellFormed(username) || /[\x00-\x1f\x7f]/.test(username)) {
    throw invalidConfig('digest.username', 'a non-empty string without control characters');
  }
  if (typeof password !== 'string' || !wellFormed(password)) throw invalidConfig('digest.password', 'a string (may be empty)');
  if (qop !== undefined && qop !== 'auth' && qop !== 'auth-int') throw invalidConfig('digest.qop', '"auth" or "auth-int"');
  const preferred: DigestQop = qop ?? 'auth';
  // One nonce per origin; an authenticator shared by many clients shares them.
  const sessions = new Map<string, DigestSession>();

  const authenticate = (request: AuthRequest, context: AuthContext): void => {
    const session = sessions.get(request.url.origin);
    if (session === undefined) return;
    const chosen = chooseQop(session.challenge, preferred, request);
    session.nc += 1;
    const body = chosen === 'auth-int' ? bodyBytes(request) : undefined;
    request.headers.set('Authorization', digestAuthorization(session.challenge, {
      username,
      password,
      method: request.method,
      uri: `${request.url.pathname}${request.url.search}`,
      nc: session.nc,
      cnonce: randomBytes(16).toString('base64url'),
      qop: chosen,
      ...(body === undefined ? {} : { body }),
    }));
    context.credential = session.challenge.nonce;
  };

  return markSigning({
    name: 'digest',
    authenticate: (request, context) => runNow(authenticate, request, context, undefined),
    async challenge(response, request, context) {
      const header = response.headers.get('www-authenticate');
      const challenge = header === null ? undefined : pickDigestChallenge(parseAuthChallenges(header));
      if (challenge === undefined) return false;
      sessions.set(request.url.origin, { challenge, nc: 0 });
      // One answer per request: the first 401 (no credentials yet, or a stale nonce); a refusal of the retry is final.
      return context.attempt === 0;
    },
  });
}

/** The qop for this request: the preferred one when offered, else the other; `auth` for a body that cannot be read. */
function chooseQop(challenge: DigestChallenge, preferred: DigestQop, request: AuthRequest): DigestQop | undefined {
  const { qops } = challenge;
  if (qops.length === 0) return undefined;
  const wanted = qops.includes(preferred) ? preferred : (qops[0] as DigestQop);
  if (wanted === 'auth-int' && request.body.type === 'stream') {
    if (qops.includes('auth')) return 'auth';
    throw new AuthError('ERR_AUTH_BODY_PLACEMENT', `digest: the server asks for qop=auth-int, which covers the body, and a ${request.method} request with a stream body cannot be hashed; buffer the body`, {
      details: { method: request.method },
    });
  }
  return wanted;
}

function bodyBytes(request: AuthRequest): Uint8Array {
  const { data } = serializeBody(request.body);
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : (data ?? new Uint8Array());
}

/** No lone surrogate (which has no UTF-8 form to hash). */
function wellFormed(value: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}
