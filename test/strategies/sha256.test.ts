// The signers' SHA-256 helpers give what node:crypto's createHash and createHmac give, and
// the published vectors (FIPS 180-2, RFC 4231).
import { createHash, createHmac, createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestBase64, hmacSha256, hmacSha256Hex, sha256Hex } from '../../src/strategies/sha256.js';

const texts = ['', 'abc', 'é ü 日本 😀', 'x'.repeat(1_024), 'a'.repeat(100_000)];

describe('sha256 helpers', () => {
  it('hash as the published vectors say', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // RFC 4231 test case 2.
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('give what createHash and createHmac give, for text and bytes', () => {
    const key = createSecretKey(Buffer.from('a shared secret of thirty-two b!'));
    for (const text of texts) {
      const bytes = new TextEncoder().encode(text);
      for (const data of [text, bytes]) {
        expect(sha256Hex(data)).toBe(createHash('sha256').update(data).digest('hex'));
        expect(digestBase64('sha256', data)).toBe(createHash('sha256').update(data).digest('base64'));
        expect(digestBase64('sha512', data)).toBe(createHash('sha512').update(data).digest('base64'));
        expect(hmacSha256(key, data).equals(createHmac('sha256', key).update(data).digest())).toBe(true);
        expect(hmacSha256('text key', data).equals(createHmac('sha256', 'text key').update(data).digest())).toBe(true);
        expect(hmacSha256Hex(bytes, data)).toBe(createHmac('sha256', bytes.length === 0 ? Buffer.alloc(0) : bytes).update(data).digest('hex'));
      }
    }
  });

  it('chain as bytes: an HMAC of an HMAC keyed by the first one', () => {
    const first = hmacSha256('AWS4secret', '20150830');
    expect(Buffer.isBuffer(first)).toBe(true);
    expect(hmacSha256Hex(first, 'us-east-1')).toBe(createHmac('sha256', createHmac('sha256', 'AWS4secret').update('20150830').digest()).update('us-east-1').digest('hex'));
  });
});
