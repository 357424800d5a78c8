// A Digest (RFC 7616, SHA-256, qop=auth) server side for node:http tests, written from the RFC:
// the challenge, and the check of a received Authorization against the request line received.
import { createHash, randomBytes } from 'node:crypto';
import type { RawRequest } from './raw-server.js';

export interface DigestServer {
  /** The `WWW-Authenticate` value of a 401. */
  readonly challenge: string;
  /** Whether `request` carries a Digest response for its own method and request-target, with this realm, nonce and password. */
  verify(request: RawRequest): { readonly ok: boolean; readonly reason?: string };
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function parameters(header: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of header.replace(/^Digest\s+/i, '').matchAll(/([a-z]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/gi)) {
    found.set((match[1] as string).toLowerCase(), match[2] === undefined ? (match[3] as string) : match[2].replace(/\\(.)/g, '$1'));
  }
  return found;
}

export function digestServer(users: Readonly<Record<string, string>>, realm = 'hops@authwire.test'): DigestServer {
  const nonce = randomBytes(16).toString('hex');
  return {
    challenge: `Digest realm="${realm}", qop="auth", algorithm=SHA-256, nonce="${nonce}"`,
    verify(request) {
      const header = request.headers.authorization;
      if (header === undefined || !/^Digest /i.test(header)) return { ok: false, reason: 'no Digest authorization' };
      const params = parameters(header);
      const username = params.get('username') ?? '';
      const password = users[username];
      if (password === undefined) return { ok: false, reason: `unknown user ${username}` };
      if (params.get('uri') !== request.target) return { ok: false, reason: `uri ${params.get('uri')} is not the request-target ${request.target}` };
      if (params.get('nonce') !== nonce || params.get('realm') !== realm) return { ok: false, reason: 'another nonce or realm' };
      const ha1 = sha256(`${username}:${realm}:${password}`);
      const ha2 = sha256(`${request.method}:${request.target}`);
      const expected = sha256(`${ha1}:${nonce}:${params.get('nc')}:${params.get('cnonce')}:${params.get('qop')}:${ha2}`);
      return expected === params.get('response') ? { ok: true } : { ok: false, reason: 'the response is not the digest of this request' };
    },
  };
}
