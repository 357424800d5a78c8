// RFC 7523 assertion grant: Google service-account style and a plain PEM key. The token endpoint
// verifies each assertion with the public key.
import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, exportJWK, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryTokenStore, oauth2Auth } from '../../src/index.js';
import { startTokenServer, tokenReply, type TokenServer } from '../servers/token-server.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
let server: TokenServer;
let verified: Array<{ payload: JWTPayload; kid: string | undefined; form: URLSearchParams }>;

beforeAll(async () => {
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256' }] });
  server = await startTokenServer(async (request) => {
    const form = new URLSearchParams(request.body);
    try {
      const { payload, protectedHeader } = await jwtVerify(form.get('assertion') ?? '', jwks, { audience: server.tokenUrl });
      verified.push({ payload, kid: protectedHeader.kid, form });
      return tokenReply();
    } catch {
      return { status: 400, body: { error: 'invalid_grant' } };
    }
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  verified = [];
  server.requests.length = 0;
});

function serviceAccount(tokenUri: string): string {
  return JSON.stringify({
    type: 'service_account', project_id: 'demo', private_key_id: 'key-1', private_key: pem, client_email: 'robot@demo.iam.gserviceaccount.com',
    client_id: '1234', token_uri: tokenUri,
  });
}

describe('jwt_bearer grant', () => {
  it('from a service-account JSON: iss = client_email, sub, scope claim, aud = token_uri, kid = private_key_id, short exp', async () => {
    const auth = oauth2Auth({
      grant: 'jwt_bearer', serviceAccount: serviceAccount(server.tokenUrl), tokenUrlAllowList: [server.origin], allowInsecureHttp: true,
      assertion: { subject: 'admin@example.com' }, scope: ['https://www.googleapis.com/auth/drive.readonly', 'openid'], store: new MemoryTokenStore(),
    });
    await auth.getToken();
    expect(verified).toHaveLength(1);
    const [{ payload, kid, form }] = verified as [(typeof verified)[number]];
    expect(payload).toMatchObject({
      iss: 'robot@demo.iam.gserviceaccount.com', sub: 'admin@example.com', aud: server.tokenUrl, scope: 'https://www.googleapis.com/auth/drive.readonly openid',
    });
    expect(kid).toBe('key-1');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(3600);
    expect(typeof payload.jti).toBe('string');
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(form.has('scope')).toBe(false);
    expect(form.has('client_secret')).toBe(false);
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    await auth.close();
  });

  it('from a PEM key with an explicit token URL: scope in the body, a new jti for every request', async () => {
    const auth = oauth2Auth({
      grant: 'jwt_bearer', tokenUrl: server.tokenUrl, clientId: 'svc-client', assertion: { privateKey: pem, keyId: 'key-1' }, scope: ['read'],
      store: new MemoryTokenStore(), backoff: { maxAttempts: 1 },
    });
    await auth.getToken();
    await auth.tokenManager.rejectToken((await auth.getToken()).accessToken);
    expect(verified).toHaveLength(2);
    expect(verified[0]?.payload.iss).toBe('svc-client');
    expect(verified[0]?.form.get('scope')).toBe('read');
    expect(verified[0]?.payload.jti).not.toBe(verified[1]?.payload.jti);
    await auth.close();
  });

  it('a token_uri that is not https is rejected before anything is signed', () => {
    expect(() => oauth2Auth({ grant: 'jwt_bearer', serviceAccount: serviceAccount('http://oauth2.googleapis.com/token') })).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_INSECURE_URL' }),
    );
    expect(() => oauth2Auth({ grant: 'jwt_bearer', serviceAccount: serviceAccount(server.tokenUrl), tokenUrlAllowList: [server.origin] })).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_INSECURE_URL' }),
    );
    expect(server.requests).toHaveLength(0);
  });

  it('a token_uri not on the allow-list is rejected before anything is signed', () => {
    let error: unknown;
    try {
      oauth2Auth({ grant: 'jwt_bearer', serviceAccount: serviceAccount('https://attacker.example.net/token') });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'ERR_AUTH_INVALID_CONFIG', details: { field: 'serviceAccount.token_uri' } });
    expect(String((error as Error).message)).not.toContain('PRIVATE KEY');
    expect(() => oauth2Auth({ grant: 'jwt_bearer', serviceAccount: serviceAccount('https://oauth2.googleapis.com/token') })).not.toThrow();
  });

  it('a broken key or key file is a configuration error that never quotes the key', () => {
    for (const options of [
      { grant: 'jwt_bearer' as const, serviceAccount: '{"client_email":"x@y", "private_key": "-----BEGIN PRIVATE KEY-----\\nnot-base64\\n-----END PRIVATE KEY-----"}', tokenUrl: 'https://oauth2.googleapis.com/token' },
      { grant: 'jwt_bearer' as const, serviceAccount: '{not json', tokenUrl: 'https://oauth2.googleapis.com/token' },
      { grant: 'jwt_bearer' as const, tokenUrl: 'https://oauth2.googleapis.com/token', assertion: { privateKey: 'garbage-key-material', issuer: 'x' } },
    ]) {
      expect(() => oauth2Auth(options)).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG' }));
      try {
        oauth2Auth(options);
      } catch (error) {
        expect(String((error as Error).message)).not.toMatch(/not-base64|garbage-key-material/);
      }
    }
  });
});
