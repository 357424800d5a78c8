// One DPoP proof (RFC 9449 §4.2): a JWT of type dpop+jwt carrying the public key, bound to one
// method and URL (without query and fragment), with a fresh random jti, the time, the server's
// nonce when there is one, and for a resource request the hash of the access token (ath).
import { constants, createHash, randomBytes, sign } from 'node:crypto';
import type { DpopKey } from './key.js';

/** What a proof is bound to. */
export interface ProofTarget {
  readonly method: string;
  readonly url: URL;
  /** The access token the request carries (resource requests): its SHA-256 goes in `ath`. */
  readonly accessToken?: string | undefined;
  readonly nonce?: string | undefined;
}

const hashOf = { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', RS256: 'sha256', PS256: 'sha256', EdDSA: null } as const;

/** `htu`: the URL without query and fragment (RFC 9449 §4.2). */
export function proofUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * A signed proof for `target`. Each call has its own `jti` (16 random bytes): a proof is never
 * sent twice.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 */
export function createProof(key: DpopKey, target: ProofTarget): string {
  const header = { typ: 'dpop+jwt', alg: key.algorithm, jwk: key.publicJwk };
  const payload = {
    jti: randomBytes(16).toString('base64url'),
    htm: target.method.toUpperCase(),
    htu: proofUrl(target.url),
    iat: Math.floor(Date.now() / 1000),
    ...(target.nonce === undefined ? {} : { nonce: target.nonce }),
    ...(target.accessToken === undefined ? {} : { ath: createHash('sha256').update(target.accessToken, 'ascii').digest('base64url') }),
  };
  const input = `${encode(header)}.${encode(payload)}`;
  const algorithm = key.algorithm;
  const options =
    algorithm === 'PS256'
      ? { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : algorithm.startsWith('ES')
        ? { key: key.privateKey, dsaEncoding: 'ieee-p1363' as const }
        : key.privateKey;
  const signature = sign(hashOf[algorithm], Buffer.from(input, 'ascii'), options);
  return `${input}.${signature.toString('base64url')}`;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
