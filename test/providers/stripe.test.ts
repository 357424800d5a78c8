// Stripe: the secret key as HTTP Basic user name with an empty password (or as Bearer), with the
// optional Stripe-Version and Stripe-Account headers; publishable keys refused.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { stripeAuth } from '../../src/entries/providers.js';
import { basicCredentials, startFakeProvider, type FakeProvider } from './support/fake-provider.js';

const secretKey = 'sk_test_51Hx0000000000000000000000';
let stripe: FakeProvider;

beforeAll(async () => {
  stripe = await startFakeProvider({
    '/v1/customers': (request) => {
      const basic = basicCredentials(request);
      const ok = (basic?.username === secretKey && basic.password === '') || request.headers.authorization === `Bearer ${secretKey}`;
      return ok ? { body: { object: 'list', data: [] } } : { status: 401, body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } } };
    },
  });
});
afterAll(async () => {
  await stripe.close();
});

describe('stripeAuth', () => {
  it('sends the secret key as the Basic user name with an empty password by default', async () => {
    const auth = stripeAuth({ secretKey, baseUrl: stripe.origin });
    expect((await authFetch(auth)(stripe.url('/v1/customers'))).status).toBe(200);
    const last = stripe.requests.at(-1);
    expect(last?.headers.authorization).toBe(`Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`);
    expect(last?.headers['stripe-version']).toBeUndefined();
  });

  it('sends it as Bearer with scheme bearer, plus Stripe-Version and Stripe-Account', async () => {
    const auth = stripeAuth({ secretKey, scheme: 'bearer', apiVersion: '2024-06-20', account: 'acct_1032D82eZvKYlo2C' });
    expect((await authFetch(auth)(stripe.url('/v1/customers'))).status).toBe(200);
    const last = stripe.requests.at(-1);
    expect(last?.headers).toMatchObject({ authorization: `Bearer ${secretKey}`, 'stripe-version': '2024-06-20', 'stripe-account': 'acct_1032D82eZvKYlo2C' });
  });

  it('refuses a publishable key, naming the field and never the key', () => {
    let error: unknown;
    try {
      stripeAuth({ secretKey: 'pk_test_TYooMQauvdEDq54NiTphI7jx' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'ERR_AUTH_INVALID_CONFIG', details: { field: 'stripe.secretKey' } });
    expect(inspect(error)).not.toContain('TYooMQauvdEDq54NiTphI7jx');
    expect(() => stripeAuth({ secretKey, scheme: 'digest' as 'basic' })).toThrow(/stripe\.scheme/);
  });

  it('keeps the key out of inspect and JSON', () => {
    const auth = stripeAuth({ secretKey });
    expect(inspect(auth, { depth: 5 })).not.toContain(secretKey);
    expect(JSON.stringify(auth)).not.toContain(secretKey);
    expect(auth).toMatchObject({ provider: 'stripe', baseUrl: 'https://api.stripe.com' });
  });
});
