// Google: a service account's RS256 assertion verified by the token endpoint with jose (claims,
// scope claim, kid), and a user's offline refresh token; the consent parameters as preset data.
import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, exportJWK, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { googleAuth, googlePreset } from '../../src/entries/providers.js';
import { MemoryTokenStore } from '../../src/index.js';
import { form, protectedApi, startFakeProvider, TokenIssuer, type FakeProvider } from './support/fake-provider.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const accessTokens = new TokenIssuer();
const assertions: Array<{ payload: JWTPayload; kid: string | undefined; alg: string }> = [];
let google: FakeProvider;

function keyFile(): string {
  return JSON.stringify({
    type: 'service_account', project_id: 'demo', private_key_id: 'key-1', private_key: pem, client_email: 'robot@demo.iam.gserviceaccount.com',
    client_id: '1234567890', token_uri: 'https://oauth2.googleapis.com/token',
  });
}

beforeAll(async () => {
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256' }] });
  google = await startFakeProvider({
    '/token': async (request) => {
      const body = form(request);
      if (body.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        try {
          const { payload, protectedHeader } = await jwtVerify(body.get('assertion') ?? '', jwks, {
            issuer: 'robot@demo.iam.gserviceaccount.com', audience: google.url('/token'), algorithms: ['RS256'], maxTokenAge: '1h',
          });
          assertions.push({ payload, kid: protectedHeader.kid, alg: protectedHeader.alg });
          return { body: { access_token: accessTokens.issue('ya29'), expires_in: 3599, token_type: 'Bearer' } };
        } catch {
          return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
        }
      }
      if (body.get('grant_type') === 'refresh_token' && body.get('client_id') === 'app.apps.googleusercontent.com' && body.get('client_secret') === 'GOCSPX-secret') {
        return body.get('refresh_token') === '1//0g-offline'
          ? { body: { access_token: accessTokens.issue('ya29'), expires_in: 3599, scope: 'https://www.googleapis.com/auth/drive.readonly', token_type: 'Bearer' } }
          : { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
      }
      return { status: 401, body: { error: 'invalid_client' } };
    },
    '/drive/v3/files': protectedApi((token) => accessTokens.accepts(token)),
  });
});
afterAll(async () => {
  await google.close();
});
afterEach(() => {
  google.requests.length = 0;
  assertions.length = 0;
});

describe('googleAuth', () => {
  it('service account: the endpoint verifies the RS256 assertion (iss, aud, scope claim, sub, kid, ≤ 1 h)', async () => {
    const auth = googleAuth({
      serviceAccount: keyFile(), scope: ['https://www.googleapis.com/auth/drive.readonly', 'https://www.googleapis.com/auth/calendar'],
      subject: 'admin@example.com', tokenUrl: google.url('/token'), baseUrl: google.origin, store: new MemoryTokenStore(),
    });
    expect((await authFetch(auth)(`${auth.baseUrl}/drive/v3/files`)).status).toBe(200);
    expect(assertions).toHaveLength(1);
    const [{ payload, kid, alg }] = assertions as [(typeof assertions)[number]];
    expect(alg).toBe('RS256');
    expect(kid).toBe('key-1');
    expect(payload).toMatchObject({ sub: 'admin@example.com', scope: 'https://www.googleapis.com/auth/drive.readonly https://www.googleapis.com/auth/calendar' });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(3600);
    const body = form(google.on('/token')[0]);
    expect([...body.keys()].sort()).toEqual(['assertion', 'grant_type']);
    await auth.close();
  });

  it('service account: the key file’s token_uri is used when no tokenUrl is given, and a scope is required', () => {
    const outside = JSON.stringify({ ...JSON.parse(keyFile()), token_uri: 'https://attacker.example.net/token' });
    expect(() => googleAuth({ serviceAccount: outside, scope: ['openid'] })).toThrow(expect.objectContaining({ details: { field: 'serviceAccount.token_uri' } }));
    expect(() => googleAuth({ serviceAccount: keyFile(), scope: [] })).toThrow(/google\.scope/);
    const { token_uri: _omitted, ...withoutUri } = JSON.parse(keyFile()) as Record<string, unknown>;
    expect(() => googleAuth({ serviceAccount: JSON.stringify(withoutUri), scope: ['openid'] })).not.toThrow();
  });

  it('user: the offline refresh token with client id and secret in the body; a revoked one is ERR_AUTH_REAUTH_REQUIRED', async () => {
    const auth = googleAuth({
      clientId: 'app.apps.googleusercontent.com', clientSecret: 'GOCSPX-secret', refreshToken: '1//0g-offline', tokenUrl: google.url('/token'),
      store: new MemoryTokenStore(),
    });
    expect((await authFetch(auth)(google.url('/drive/v3/files'))).status).toBe(200);
    expect(Object.fromEntries(form(google.on('/token')[0]))).toEqual({
      grant_type: 'refresh_token', refresh_token: '1//0g-offline', client_id: 'app.apps.googleusercontent.com', client_secret: 'GOCSPX-secret',
    });
    await auth.close();

    const revoked = googleAuth({
      clientId: 'app.apps.googleusercontent.com', clientSecret: 'GOCSPX-secret', refreshToken: '1//0g-revoked', tokenUrl: google.url('/token'),
      store: new MemoryTokenStore(),
    });
    await expect(revoked.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    await revoked.close();
  });

  it('the consent parameters that yield a refresh token are preset data', () => {
    expect(googlePreset.authorization).toMatchObject({
      url: 'https://accounts.google.com/o/oauth2/v2/auth', tokenUrl: 'https://oauth2.googleapis.com/token',
      params: { access_type: 'offline', prompt: 'consent' }, scopeSeparator: ' ',
    });
  });
});
