// Verifies a received request's RFC 9421 signature with the http-message-signatures package
// (an implementation written by others), from what the server received only, and checks
// Content-Digest against the body bytes received.
import { createHash, type KeyObject } from 'node:crypto';
import { createVerifier, httpbis } from 'http-message-signatures';
import type { RawRequest } from './raw-server.js';

export interface SignatureKey {
  readonly keyId: string;
  readonly algorithm: string;
  /** The public key, or the shared secret for hmac-sha256. */
  readonly key: KeyObject | Buffer;
}

export interface SignatureVerdict {
  readonly ok: boolean;
  readonly reason?: string;
}

export async function verifyWithPackage(request: RawRequest, key: SignatureKey): Promise<SignatureVerdict> {
  const digest = request.headers['content-digest'];
  if (typeof digest === 'string') {
    const match = /^(sha-256|sha-512)=:([^:]*):$/.exec(digest);
    if (match === null) return { ok: false, reason: `bad content-digest ${digest}` };
    const actual = createHash(match[1] === 'sha-256' ? 'sha256' : 'sha512').update(request.body).digest('base64');
    if (actual !== match[2]) return { ok: false, reason: 'content-digest is not the digest of the body received' };
  }
  const host = request.headers.host ?? '';
  const headers = Object.fromEntries(Object.entries(request.headers).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined));
  let calls = 0;
  const valid = await httpbis.verifyMessage(
    {
      keyLookup: async (params) => {
        calls++;
        if (params.keyid !== key.keyId) return null;
        return { id: key.keyId, algs: [key.algorithm], verify: createVerifier(key.key, key.algorithm) };
      },
    },
    { method: request.method, url: `http://${host}${request.target}`, headers },
  );
  if (calls === 0) return { ok: false, reason: 'no signature found' };
  return valid === true ? { ok: true } : { ok: false, reason: `verifyMessage returned ${String(valid)}` };
}
