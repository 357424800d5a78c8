// RFC 9421 Appendix B (test/strategies/fixtures/rfc9421, see its README): for the test request,
// authwire writes the RFC's Signature-Input, and the RFC's signature verifies over the signature
// base authwire builds; ed25519 and hmac-sha256, being deterministic, give the RFC's Signature.
import { constants, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuthRequest } from '../../src/index.js';
import { componentValue, signatureBase, signatureParams } from '../../src/strategies/http-signature/components.js';
import { signHttpMessage } from '../../src/strategies/http-signature/http-signature.js';
import { checkHttpSignatureOptions } from '../../src/strategies/http-signature/options.js';
import type { HttpSignatureAlgorithm } from '../../src/strategies/http-signature/types.js';

const dir = join(import.meta.dirname, 'fixtures', 'rfc9421');
interface Vector {
  readonly section: string;
  readonly key: string;
  readonly algorithm: HttpSignatureAlgorithm;
  readonly label: string;
  readonly signatureInput: string;
  readonly signature: string;
}
const fixture = JSON.parse(readFileSync(join(dir, 'appendix-b2.json'), 'utf8')) as {
  request: { method: string; url: string; headers: Record<string, string>; body: string };
  signatures: Vector[];
};

function testRequest(): AuthRequest {
  const { request } = fixture;
  return { method: request.method, url: new URL(request.url), headers: new Headers(request.headers), body: { type: 'bytes', value: new TextEncoder().encode(request.body) } };
}

function keyOf(vector: Vector): string | Buffer {
  const text = readFileSync(join(dir, vector.key), 'utf8');
  return vector.algorithm === 'hmac-sha256' ? Buffer.from(text.trim(), 'base64') : text;
}

/** Components, created, keyid and nonce of a Signature-Input member. */
function parseInput(input: string): { components: string[]; created: number; keyid: string; nonce?: string } {
  const inner = /\(([^)]*)\)/.exec(input)?.[1] ?? '';
  const components = inner === '' ? [] : inner.split(' ').map((name) => name.slice(1, -1));
  const nonce = /;nonce="([^"]*)"/.exec(input)?.[1];
  return { components, created: Number(/;created=(\d+)/.exec(input)?.[1]), keyid: /;keyid="([^"]*)"/.exec(input)?.[1] ?? '', ...(nonce === undefined ? {} : { nonce }) };
}

function verifyWith(vector: Vector, base: string, signature: Buffer): boolean {
  const key = createPublicKey(readFileSync(join(dir, vector.key), 'utf8'));
  if (vector.algorithm === 'ed25519') return verify(null, Buffer.from(base), key, signature);
  return verify('sha512', Buffer.from(base), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 }, signature);
}

describe('RFC 9421 Appendix B.2', () => {
  it.each(fixture.signatures)('$section ($algorithm)', (vector) => {
    const parsed = parseInput(vector.signatureInput);
    const settings = checkHttpSignatureOptions(
      {
        keyId: parsed.keyid,
        key: keyOf(vector),
        algorithm: vector.algorithm,
        components: parsed.components,
        label: vector.label,
        contentDigest: 'sha-512',
        ...(parsed.nonce === undefined ? {} : { nonce: () => parsed.nonce as string }),
      },
      'httpSignature',
      () => 'unused',
    );
    const request = testRequest();
    signHttpMessage(request, settings, parsed.created * 1000);
    expect(request.headers.get('signature-input')).toBe(vector.signatureInput);
    // The digest authwire computes from the body is the RFC's.
    expect(request.headers.get('content-digest')).toBe(fixture.request.headers['Content-Digest']);

    const params = signatureParams(parsed.components, { created: parsed.created, keyid: parsed.keyid, ...(parsed.nonce === undefined ? {} : { nonce: parsed.nonce }) });
    const base = signatureBase(parsed.components, parsed.components.map((name) => componentValue(testRequest(), name, 'components')), params);
    const theirs = Buffer.from(vector.signature.slice(vector.label.length + 2, -1), 'base64');
    const ours = Buffer.from((request.headers.get('signature') ?? '').slice(vector.label.length + 2, -1), 'base64');
    if (vector.algorithm === 'hmac-sha256' || vector.algorithm === 'ed25519') {
      expect(request.headers.get('signature')).toBe(vector.signature);
    } else {
      expect(verifyWith(vector, base, theirs)).toBe(true);
      expect(verifyWith(vector, base, ours)).toBe(true);
    }
  });

  it('builds the signature base of B.2.3 line by line', () => {
    const components = ['date', '@method', '@path', '@query', '@authority', 'content-type', 'content-digest', 'content-length'];
    const params = signatureParams(components, { created: 1618884473, keyid: 'test-key-rsa-pss' });
    const base = signatureBase(components, components.map((name) => componentValue(testRequest(), name, 'components')), params);
    expect(base).toBe(
      [
        '"date": Tue, 20 Apr 2021 02:07:55 GMT',
        '"@method": POST',
        '"@path": /foo',
        '"@query": ?param=Value&Pet=dog',
        '"@authority": example.com',
        '"content-type": application/json',
        '"content-digest": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
        '"content-length": 18',
        '"@signature-params": ("date" "@method" "@path" "@query" "@authority" "content-type" "content-digest" "content-length");created=1618884473;keyid="test-key-rsa-pss"',
      ].join('\n'),
    );
  });
});
