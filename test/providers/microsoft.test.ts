// Microsoft Entra ID: client credentials at /{tenant}/oauth2/v2.0/token with the secret in the
// body and a resource's .default scope.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { MemoryTokenStore } from '../../src/index.js';
import { microsoftAuth } from '../../src/entries/providers.js';
import { form, protectedApi, startFakeProvider, TokenIssuer, type FakeProvider } from './support/fake-provider.js';

const accessTokens = new TokenIssuer();
const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
let entra: FakeProvider;

beforeAll(async () => {
  entra = await startFakeProvider({
    [`/${tenant}/oauth2/v2.0/token`]: (request) => {
      const body = form(request);
      if (body.get('client_id') !== 'app-id' || body.get('client_secret') !== 'app~secret') {
        return { status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' } };
      }
      if (!body.get('scope')?.endsWith('/.default')) return { status: 400, body: { error: 'invalid_scope', error_description: 'AADSTS1002012' } };
      return { body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessTokens.issue('eyJ0') } };
    },
    '/v1.0/users': protectedApi((token) => accessTokens.accepts(token)),
  });
});
afterAll(async () => {
  await entra.close();
});
afterEach(() => {
  entra.requests.length = 0;
});

describe('microsoftAuth', () => {
  it('the tenant in the path, the Graph .default scope and the secret in the body', async () => {
    const auth = microsoftAuth({ tenant, clientId: 'app-id', clientSecret: 'app~secret', authorityHost: entra.origin, baseUrl: entra.origin, store: new MemoryTokenStore() });
    expect((await authFetch(auth)(`${auth.baseUrl}/v1.0/users`)).status).toBe(200);
    const [request] = entra.on(`/${tenant}/oauth2/v2.0/token`);
    expect(request?.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(form(request))).toEqual({
      grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default', client_id: 'app-id', client_secret: 'app~secret',
    });
    await auth.close();
  });

  it('another resource’s .default scope; other scopes and user-only tenants are refused', () => {
    expect(() => microsoftAuth({ tenant, clientId: 'a', clientSecret: 's', scope: ['https://management.azure.com/.default'] })).not.toThrow();
    expect(() => microsoftAuth({ tenant, clientId: 'a', clientSecret: 's', scope: ['User.Read'] })).toThrow(/microsoft\.scope\[0\]/);
    expect(() => microsoftAuth({ tenant: 'common', clientId: 'a', clientSecret: 's' })).toThrow(/microsoft\.tenant/);
    expect(() => microsoftAuth({ tenant: '../evil', clientId: 'a', clientSecret: 's' })).toThrow(/microsoft\.tenant/);
  });

  it('an invalid secret fails without retries and without the secret in the error', async () => {
    const auth = microsoftAuth({ tenant, clientId: 'app-id', clientSecret: 'wrong~secret~value', authorityHost: entra.origin, store: new MemoryTokenStore() });
    const error: unknown = await auth.getToken().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 401, error: 'invalid_client', retryable: false } });
    expect(JSON.stringify(error)).not.toContain('wrong~secret~value');
    expect(entra.requests).toHaveLength(1);
    await auth.close();
  });
});
