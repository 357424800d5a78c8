// The Digest challenges of a WWW-Authenticate header (RFC 7616 §3.3), read into what a client
// needs to answer one: the first challenge whose algorithm and qop this client supports wins,
// as the server lists them in its order of preference (§3.7).
import type { AuthChallenge } from './challenges.js';

/**
 * The hash algorithms of RFC 7616 §3.3, without `-sess`.
 *
 * @example
 * ```ts
 * const algorithm: DigestAlgorithm = 'SHA-256';
 * ```
 */
export type DigestAlgorithm = 'MD5' | 'SHA-256' | 'SHA-512-256';

/**
 * The quality of protection: `auth` (the request line) or `auth-int` (and the body).
 *
 * @example
 * ```ts
 * const qop: DigestQop = 'auth-int';
 * ```
 */
export type DigestQop = 'auth' | 'auth-int';

/** What a Digest challenge asks for, checked. */
export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque: string | undefined;
  readonly algorithm: DigestAlgorithm;
  /** `-sess`: A1 includes the nonces. */
  readonly session: boolean;
  /** The qops offered; empty for an RFC 2069 server that sends no `qop`. */
  readonly qops: readonly DigestQop[];
  readonly stale: boolean;
  readonly userhash: boolean;
}

/** Node's name for each algorithm's hash. */
export const digestHashes: Readonly<Record<DigestAlgorithm, string>> = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };

const algorithms = new Map<string, readonly [DigestAlgorithm, boolean]>(
  (['MD5', 'SHA-256', 'SHA-512-256'] as const).flatMap((name) => [
    [name.toLowerCase(), [name, false]],
    [`${name.toLowerCase()}-sess`, [name, true]],
  ] as const),
);

/**
 * The first Digest challenge this client can answer, or undefined.
 *
 * @internal
 * @example
 * ```ts
 * const challenge = pickDigestChallenge(parseAuthChallenges(response.headers.get('www-authenticate') ?? ''));
 * ```
 */
export function pickDigestChallenge(challenges: readonly AuthChallenge[]): DigestChallenge | undefined {
  for (const challenge of challenges) {
    if (challenge.scheme.toLowerCase() !== 'digest') continue;
    const { params } = challenge;
    const realm = params.get('realm');
    const nonce = params.get('nonce');
    if (realm === undefined || nonce === undefined || nonce === '') continue;
    const algorithm = algorithms.get((params.get('algorithm') ?? 'MD5').toLowerCase());
    if (algorithm === undefined) continue;
    const offered = params.get('qop');
    const qops = offered === undefined ? [] : offered.split(',').map((item) => item.trim().toLowerCase()).filter((item): item is DigestQop => item === 'auth' || item === 'auth-int');
    // A qop list with nothing this client knows cannot be answered; no list at all is RFC 2069.
    if (offered !== undefined && qops.length === 0) continue;
    // RFC 2069 has no -sess (it needs a cnonce, which only comes with qop).
    if (algorithm[1] && qops.length === 0) continue;
    return {
      realm,
      nonce,
      opaque: params.get('opaque'),
      algorithm: algorithm[0],
      session: algorithm[1],
      qops,
      stale: params.get('stale')?.toLowerCase() === 'true',
      userhash: params.get('userhash')?.toLowerCase() === 'true',
    };
  }
  return undefined;
}
