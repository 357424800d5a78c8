// PKCE (RFC 7636): S256 only, a 43-character verifier from 32 random bytes, new every time.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authorizationUrl, createPkce, pkceChallenge } from '../../src/index.js';

const unreserved = /^[A-Za-z0-9\-._~]+$/;

describe('PKCE', () => {
  it('the verifier is 43-128 unreserved characters (256 bits) and the challenge is its S256 hash', () => {
    for (let round = 0; round < 50; round += 1) {
      const { codeVerifier, codeChallenge, codeChallengeMethod } = createPkce();
      expect(codeVerifier.length).toBeGreaterThanOrEqual(43);
      expect(codeVerifier.length).toBeLessThanOrEqual(128);
      expect(codeVerifier).toMatch(unreserved);
      expect(Buffer.from(codeVerifier, 'base64url')).toHaveLength(32);
      expect(codeChallengeMethod).toBe('S256');
      expect(codeChallenge).toBe(createHash('sha256').update(codeVerifier).digest('base64url'));
      expect(codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  it('matches the RFC 7636 Appendix B example', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('is new for every authorization request, and the URL carries the challenge of the pending verifier', () => {
    const options = { authorizationEndpoint: 'https://auth.example.com/authorize', clientId: 'app', redirectUri: 'https://app.example.com/cb' };
    const seen = new Set<string>();
    for (let round = 0; round < 20; round += 1) {
      const { url, pending } = authorizationUrl(options);
      const params = new URL(url).searchParams;
      const { codeVerifier } = pending.toRecord();
      expect(params.get('code_challenge')).toBe(pkceChallenge(codeVerifier));
      expect(params.get('code_challenge_method')).toBe('S256');
      seen.add(codeVerifier);
      seen.add(pending.state);
    }
    expect(seen.size).toBe(40);
  });
});
