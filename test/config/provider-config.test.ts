import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { createAuth, isAuthError, parseAuthConfig } from '../../src/index.js';
import { basicCredentials, form, startFakeProvider, type FakeProvider } from '../providers/support/fake-provider.js';

const secretKey = 'sk_test_config_0000000000000000';
let stripe: FakeProvider;
beforeAll(async () => {
  stripe = await startFakeProvider({
    '/v1/balance': (request) => (basicCredentials(request)?.username === secretKey ? { body: { object: 'balance' } } : { status: 401, body: {} }),
  });
});
afterAll(() => stripe.close());

describe('createAuth with type provider and a key from a file', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dir = mkdtempSync(join(tmpdir(), 'authwire-provider-key-'));
  writeFileSync(join(dir, 'salesforce.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  let salesforce: FakeProvider;
  beforeAll(async () => {
    salesforce = await startFakeProvider({
      '/services/oauth2/token': async (request) => {
        const assertion = form(request).get('assertion') ?? '';
        const verified = await jwtVerify(assertion, publicKey, { issuer: 'consumer-key', subject: 'integration@acme.com' }).then(() => true, () => false);
        return verified ? { body: { access_token: 'sf-access', instance_url: salesforce.origin, token_type: 'Bearer' } } : { status: 400, body: { error: 'invalid_grant' } };
      },
    });
  });
  afterAll(async () => {
    await salesforce.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs the JWT bearer assertion with the private key read from { "file" }, relative to baseDir', async () => {
    const auth = createAuth(
      { type: 'provider', provider: 'salesforce', grant: 'jwt_bearer', clientId: 'consumer-key', username: 'integration@acme.com', privateKey: { file: 'salesforce.key' }, loginUrl: salesforce.origin },
      { baseDir: dir },
    );
    const request = { method: 'GET', url: new URL(`${salesforce.origin}/services/data`), headers: new Headers(), body: { type: 'none' as const } };
    await auth.authenticate(request, { attempt: 0 });
    expect(request.headers.get('authorization')).toBe('Bearer sf-access');
    await auth.close?.();
  });

  it('refuses a missing key file naming the option and the path', () => {
    let refusal: unknown;
    try {
      createAuth({ type: 'provider', provider: 'salesforce', grant: 'jwt_bearer', clientId: 'c', username: 'u@acme.com', privateKey: { file: 'missing.key' } }, { baseDir: dir });
    } catch (error) {
      refusal = error;
    }
    expect(isAuthError(refusal, 'ERR_AUTH_INVALID_CONFIG') && refusal.details.field).toBe('provider.privateKey');
    expect(String((refusal as Error).message)).toContain('missing.key');
  });
});

describe('createAuth with type provider', () => {
  it('builds a preset whose secret comes from the environment', async () => {
    const auth = createAuth({ type: 'provider', provider: 'stripe', secretKey: { env: 'STRIPE_KEY' }, baseUrl: stripe.origin }, { env: { STRIPE_KEY: secretKey } });
    expect((await authFetch(auth)(stripe.url('/v1/balance'))).status).toBe(200);
  });

  it('lists the providers for an unknown one, and lets the preset name a bad option', () => {
    expect(() => parseAuthConfig({ type: 'provider', provider: 'myspace' })).toThrow(/provider\.provider: expected provider to be one of "metabase", "github"/);
    expect(() => createAuth({ type: 'provider', provider: 'stripe', secretKey: 'pk_live_publishable' })).toThrow(/secretKey/);
  });

  it('refuses an option the provider does not take, naming it and the valid ones', () => {
    expect(() => parseAuthConfig({ type: 'provider', provider: 'stripe', secretKey: 'sk_test_x', apiVerison: '2024-06-20' }))
      .toThrow(/provider\.apiVerison: unknown option of provider "stripe"; expected one of "account", "apiVersion", "baseUrl", "scheme", "secretKey"/);
    expect(() => parseAuthConfig({ type: 'provider', provider: 'metabase', baseUrl: 'https://mb.example.com', username: 'a', password: 'b', refreshToken: 'r' }))
      .toThrow(/provider\.refreshToken: unknown option of provider "metabase"/);
    expect(() => parseAuthConfig({ type: 'provider', provider: 'github', clientId: 'Iv1.abc', clientSecret: { env: 'GH_SECRET' }, refreshToken: { env: 'GH_RT' }, apiVersion: '2022-11-28' }))
      .not.toThrow();
  });
});
