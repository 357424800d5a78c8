// Bad configuration fails when the authenticator is created, naming the field.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { oauth2Auth, type OAuth2AuthOptions } from '../../src/index.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const base = { grant: 'client_credentials', tokenUrl: 'https://auth.example.com/token', clientId: 'app', clientSecret: 'secret-value' } as const;
const { clientSecret: _secret, ...publicBase } = base;

function fieldOf(options: unknown): string | undefined {
  try {
    oauth2Auth(options as OAuth2AuthOptions);
  } catch (error) {
    expect(error).toMatchObject({ code: expect.stringMatching(/^ERR_AUTH_(INVALID_CONFIG|INSECURE_URL)$/) });
    expect(String((error as Error).message)).not.toContain('secret-value');
    return (error as { details: { field?: string } }).details.field;
  }
  return undefined;
}

describe('oauth2Auth configuration', () => {
  it.each([
    ['grant', { ...base, grant: 'implicit' }],
    ['tokenUrl', { ...base, tokenUrl: 'not a url' }],
    ['tokenUrl', { ...base, tokenUrl: 'ftp://auth.example.com/token' }],
    ['tokenUrl', { ...base, tokenUrl: 'http://auth.example.com/token' }],
    ['clientId', { ...base, clientId: undefined }],
    ['clientId', { ...base, clientId: 'a\nb' }],
    ['clientSecret', { ...base, clientAuth: 'none' }],
    ['clientSecret', { ...publicBase, clientAuth: 'client_secret_post' }],
    ['clientAssertion.privateKey', { ...publicBase, clientAuth: 'private_key_jwt' }],
    ['clientAssertion.privateKey', { ...publicBase, clientAuth: 'private_key_jwt', clientAssertion: { privateKey: 'secret-value' } }],
    ['scope[1]', { ...base, scope: ['read', 'has space'] }],
    ['scopeSeparator', { ...base, scopeSeparator: '' }],
    ['resource[0]', { ...base, resource: 'not-absolute' }],
    ['extraParams.grant_type', { ...base, extraParams: { grant_type: 'password' } }],
    ['extraHeaders.Authorization', { ...base, extraHeaders: { Authorization: 'Bearer x' } }],
    ['extraHeaders.X-Bad', { ...base, extraHeaders: { 'X-Bad': 'a\r\nb' } }],
    ['paramNames.client_id', { ...base, paramNames: { client_id: 'has space' } }],
    ['requestFormat', { ...base, requestFormat: 'xml' }],
    ['response.accessToken', { ...base, response: { accessToken: 'data..token' } }],
    ['placement.in', { ...base, placement: { in: 'cookie', name: 'x' } }],
    ['refreshWindowMs', { ...base, refreshWindowMs: -1 }],
    ['forcedRefreshWindowMs', { ...base, refreshWindowMs: 1_000, forcedRefreshWindowMs: 5_000 }],
    ['backoff.maxAttempts', { ...base, backoff: { maxAttempts: 0 } }],
    ['store', { ...base, store: { get: () => undefined } }],
    ['refreshToken', { ...publicBase, grant: 'refresh_token' }],
    ['expiresAt', { ...base, grant: 'refresh_token', refreshToken: 'rt', expiresAt: Date.now() }],
    ['username', { ...base, grant: 'password', password: 'pw' }],
    ['password', { ...base, grant: 'password', username: 'alice', password: '' }],
    ['tokenUrl', { grant: 'jwt_bearer', assertion: { issuer: 'x' } }],
    ['assertion.claims.sub', { grant: 'jwt_bearer', tokenUrl: base.tokenUrl, assertion: { issuer: 'x', privateKey, claims: { sub: 'y' } } }],
    ['assertion.algorithm', { grant: 'jwt_bearer', tokenUrl: base.tokenUrl, assertion: { issuer: 'x', privateKey, algorithm: 'RS256' } }],
    ['assertion.privateKey', { grant: 'jwt_bearer', tokenUrl: base.tokenUrl, assertion: { issuer: 'x', privateKey: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey } }],
    ['clientAssertion.privateKey', { ...publicBase, clientAssertion: { privateKey: generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey } }],
  ])('%s', (field, options) => {
    expect(fieldOf(options)).toBe(field);
  });

  it('a valid configuration does not throw and fetches nothing yet', () => {
    let fetched = 0;
    const auth = oauth2Auth({ ...base, fetch: async () => ((fetched += 1), new Response('{}')) });
    expect(auth.name).toBe('oauth2:client_credentials');
    expect(fetched).toBe(0);
    void auth.close();
  });
});
