// client_credentials against oidc-provider (a real authorization server), with every client
// authentication method it supports; requests go through authenticate() and global fetch to a
// protected resource that asks the provider whether the token is valid.
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore, oauth2Auth, type TokenAuthenticator } from '../../src/index.js';
import { send } from '../servers/auth-client.js';
import { CLIENT_SECRET, startOidcServer, type OidcServer } from '../servers/oidc.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';

let oidc: OidcServer;
let api: ResourceServer;
let privateKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  const jwk = await exportJWK(pair.publicKey);
  oidc = await startOidcServer({ clientPublicJwk: { ...jwk, use: 'sig', alg: 'ES256', kid: 'k1' } });
  api = await startResourceServer((token) => oidc.isActive(token));
});
afterAll(async () => {
  await api.close();
  await oidc.close();
});

async function expectWorks(auth: TokenAuthenticator, clientId: string): Promise<void> {
  const before = oidc.count('client_credentials', 'ok') - (auth.tokenManager.peek() === undefined ? 0 : 1);
  const results = await Promise.all(Array.from({ length: 20 }, () => send(auth, api.url)));
  expect(results.map((result) => result.status)).toEqual(Array.from({ length: 20 }, () => 200));
  expect(oidc.count('client_credentials', 'ok') - before).toBe(1);
  expect(oidc.events.filter((event) => !event.ok)).toEqual([]);
  expect(oidc.events.at(-1)?.clientId).toBe(clientId);
  await auth.close();
}

describe('client_credentials against oidc-provider', () => {
  it('client_secret_basic (id and secret form-encoded before base64)', async () => {
    const auth = oauth2Auth({
      grant: 'client_credentials', tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: CLIENT_SECRET,
      scope: ['api:read'], store: new MemoryTokenStore(),
    });
    expect(auth.name).toBe('oauth2:client_credentials');
    expect((await auth.getToken()).scope).toBe('api:read');
    await expectWorks(auth, 'basic-client');
  });

  it('client_secret_post', async () => {
    const auth = oauth2Auth({
      grant: 'client_credentials', tokenUrl: oidc.tokenUrl, clientId: 'post-client', clientSecret: CLIENT_SECRET,
      clientAuth: 'client_secret_post', scope: ['api:read', 'api:write'], store: new MemoryTokenStore(),
    });
    await expectWorks(auth, 'post-client');
  });

  it('private_key_jwt (aud = issuer, unique jti, short exp)', async () => {
    const auth = oauth2Auth({
      grant: 'client_credentials', tokenUrl: oidc.tokenUrl, clientId: 'jwt-client', issuer: oidc.issuer,
      clientAssertion: { privateKey, keyId: 'k1' }, store: new MemoryTokenStore(),
    });
    await expectWorks(auth, 'jwt-client');
    // Each token request signs a new assertion: oidc-provider refuses a replayed jti.
    const again = oauth2Auth({
      grant: 'client_credentials', tokenUrl: oidc.tokenUrl, clientId: 'jwt-client', issuer: oidc.issuer,
      clientAssertion: { privateKey, keyId: 'k1' }, store: new MemoryTokenStore(),
    });
    await expectWorks(again, 'jwt-client');
  });

  it('client_secret_jwt', async () => {
    const auth = oauth2Auth({
      grant: 'client_credentials', tokenUrl: oidc.tokenUrl, clientId: 'secret-jwt-client', clientSecret: `${CLIENT_SECRET}-long-enough-for-hs256-0123456789`,
      clientAuth: 'client_secret_jwt', issuer: oidc.issuer, store: new MemoryTokenStore(),
    });
    await expectWorks(auth, 'secret-jwt-client');
  });

  it('a wrong secret fails with invalid_client, without a retry storm and without the secret in the error', async () => {
    const auth = oauth2Auth({
      grant: 'client_credentials', tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: 'wrong-secret-value',
      store: new MemoryTokenStore(),
    });
    const before = oidc.events.length;
    const error = await send(auth, api.url).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 401, error: 'invalid_client', retryable: false } });
    expect(String((error as Error).message)).not.toContain('wrong-secret-value');
    await expect(send(auth, api.url)).rejects.toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED' });
    expect(oidc.events.length - before).toBe(1); // cooldown: the second call sent nothing
    await auth.close();
  });
});
