import { describe, expect, it } from 'vitest';
import { computeExpiresAt, parseExpiresAt } from '../../src/entries/tokens.js';
import { isAuthError, parseTokenResponse, tokenFromResponse } from '../../src/index.js';

const now = Date.UTC(2030, 0, 1, 12, 0, 0);
const hour = 3_600_000;

describe('token response mapping', () => {
  it('reads the RFC 6749 fields from JSON', () => {
    const token = parseTokenResponse(
      JSON.stringify({ access_token: 'abc', token_type: 'bearer', expires_in: 120, refresh_token: 'r1', scope: 'a b', id_token: 'id' }),
      'application/json; charset=utf-8',
      now,
    );
    expect(token).toEqual({ accessToken: 'abc', tokenType: 'Bearer', issuedAt: now, expiresAt: now + 120_000, refreshToken: 'r1', scope: 'a b', idToken: 'id' });
  });

  it('reads a form-urlencoded body (content type or sniffed)', () => {
    const byType = parseTokenResponse('access_token=abc&token_type=Bearer&expires_in=60', 'application/x-www-form-urlencoded', now);
    expect(byType.accessToken).toBe('abc');
    expect(byType.expiresAt).toBe(now + 60_000);
    const sniffed = parseTokenResponse('access_token=xyz&scope=repo%2Cgist&token_type=bearer', 'text/plain', now);
    expect(sniffed).toMatchObject({ accessToken: 'xyz', scope: 'repo,gist', tokenType: 'Bearer' });
  });

  it('treats token_type case-insensitively and defaults to Bearer', () => {
    for (const type of ['bearer', 'BEARER', 'Bearer', ' bEaReR ']) expect(tokenFromResponse({ access_token: 'a', token_type: type }, now).tokenType).toBe('Bearer');
    expect(tokenFromResponse({ access_token: 'a' }, now).tokenType).toBe('Bearer');
    expect(tokenFromResponse({ access_token: 'a', token_type: 'DPoP' }, now).tokenType).toBe('DPoP');
  });

  it('follows configured JSON paths and keeps extra non-secret values', () => {
    const token = tokenFromResponse(
      { data: { jwt: 'tok', ttl: '900', renew: 'r' }, instance_url: 'https://eu1.example.com' },
      now,
      { accessToken: 'data.jwt', expiresIn: 'data.ttl', refreshToken: 'data.renew', extra: { instanceUrl: 'instance_url' } },
    );
    expect(token).toMatchObject({ accessToken: 'tok', refreshToken: 'r', expiresAt: now + 900_000, extra: { instanceUrl: 'https://eu1.example.com' } });
  });

  it('never reads through the prototype', () => {
    expect(() => tokenFromResponse({ access_token: 'a' }, now, { accessToken: '__proto__.toString' })).toThrow(/no usable access token/);
  });

  it('refuses a body without an access token, never quoting it', () => {
    for (const body of ['<html>oops secret-in-body</html>', '{"token":"secret-in-body"}', '', 'null']) {
      let caught: unknown;
      try {
        parseTokenResponse(body, 'application/json', now);
      } catch (error) {
        caught = error;
      }
      expect(isAuthError(caught, 'ERR_AUTH_TOKEN_REQUEST_FAILED')).toBe(true);
      expect((caught as Error).message).not.toContain('secret-in-body');
      expect((caught as { details: { retryable?: boolean } }).details.retryable).toBe(true);
    }
  });
});

describe('token expiry', () => {
  it('uses expires_in as a number or numeric string', () => {
    expect(computeExpiresAt({ expiresIn: 3600 }, now)).toBe(now + hour);
    expect(computeExpiresAt({ expiresIn: '3600' }, now)).toBe(now + hour);
    expect(computeExpiresAt({ expiresIn: ' 90.5 ' }, now)).toBe(now + 90_500);
  });

  it('gives a finite default for missing, NaN, zero, negative or garbage values', () => {
    for (const expiresIn of [undefined, Number.NaN, 0, -5, '-5', 'soon', null, {}, Infinity, '1e400']) {
      expect(computeExpiresAt({ expiresIn }, now)).toBe(now + hour);
    }
    expect(computeExpiresAt({}, now, { defaultExpiresIn: 7200 })).toBe(now + 2 * hour);
  });

  it('cuts absurd lifetimes to maxExpiresIn', () => {
    expect(computeExpiresAt({ expiresIn: 1e15 }, now)).toBe(now + 365 * 24 * hour);
    expect(computeExpiresAt({ expiresIn: 10 * 24 * 3600 }, now, { maxExpiresIn: 86_400 })).toBe(now + 24 * hour);
    expect(computeExpiresAt({ expiresAt: '9999-12-31T00:00:00Z' }, now)).toBe(now + 365 * 24 * hour);
  });

  it('reads expires_at as ISO, epoch seconds or epoch milliseconds', () => {
    expect(computeExpiresAt({ expiresAt: '2030-01-01T13:00:00Z' }, now)).toBe(now + hour);
    expect(computeExpiresAt({ expiresAt: '2030-01-01T14:00:00+01:00' }, now)).toBe(now + hour);
    expect(computeExpiresAt({ expiresAt: '2030-01-01 13:00:00' }, now)).toBe(now + hour); // no offset: UTC
    expect(computeExpiresAt({ expiresAt: (now + hour) / 1000 }, now)).toBe(now + hour);
    expect(computeExpiresAt({ expiresAt: String((now + hour) / 1000) }, now)).toBe(now + hour);
    expect(computeExpiresAt({ expiresAt: now + hour }, now)).toBe(now + hour);
  });

  it('reads expires_at in a custom layout or through a function', () => {
    expect(computeExpiresAt({ expiresAt: '01/01/2030 13:30:00' }, now, { expiresAtFormat: { pattern: 'DD/MM/YYYY HH:mm:ss' } })).toBe(now + 1.5 * hour);
    expect(parseExpiresAt('2030.01.01 14:00 +0100', { pattern: 'YYYY.MM.DD HH:mm Z' })).toBe(now + hour);
    expect(parseExpiresAt('nope', { pattern: 'YYYY-MM-DD' })).toBeUndefined();
    expect(computeExpiresAt({ expiresAt: 'in-an-hour' }, now, { expiresAtFormat: () => new Date(now + hour) })).toBe(now + hour);
  });

  it('ignores an expires_at in the past or unreadable, and prefers expires_in', () => {
    expect(computeExpiresAt({ expiresAt: '2000-01-01T00:00:00Z' }, now)).toBe(now + hour);
    expect(computeExpiresAt({ expiresAt: 'tomorrow-ish' }, now)).toBe(now + hour);
    expect(computeExpiresAt({ expiresIn: 60, expiresAt: '2030-01-01T13:00:00Z' }, now)).toBe(now + 60_000);
    expect(computeExpiresAt({ expiresIn: 'bad', expiresAt: '2030-01-01T13:00:00Z' }, now)).toBe(now + hour);
  });
});
