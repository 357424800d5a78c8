import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { createAuth, parseAuthConfig } from '../../src/index.js';
import { basicCredentials, startFakeProvider, type FakeProvider } from '../providers/support/fake-provider.js';

const secretKey = 'sk_test_config_0000000000000000';
let stripe: FakeProvider;
beforeAll(async () => {
  stripe = await startFakeProvider({
    '/v1/balance': (request) => (basicCredentials(request)?.username === secretKey ? { body: { object: 'balance' } } : { status: 401, body: {} }),
  });
});
afterAll(() => stripe.close());

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
