// Contentful: a management token (personal access token or OAuth token) as Bearer on the CMA, or
// a delivery key on the CDA; the implicit OAuth flow as preset data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { contentfulAuth, contentfulPreset } from '../../src/entries/providers.js';
import { protectedApi, startFakeProvider, type FakeProvider } from './support/fake-provider.js';

let contentful: FakeProvider;

beforeAll(async () => {
  contentful = await startFakeProvider({
    '/spaces/cfexampleapi/environments': protectedApi((token) => token === 'CFPAT-management-token'),
    '/spaces/cfexampleapi/entries': protectedApi((token) => token === 'delivery-key'),
  });
});
afterAll(async () => {
  await contentful.close();
});

describe('contentfulAuth', () => {
  it('a management token arrives as Bearer; the default API host is the CMA', async () => {
    const auth = contentfulAuth({ token: 'CFPAT-management-token' });
    expect(auth.baseUrl).toBe('https://api.contentful.com');
    const response = await authFetch(auth)(contentful.url('/spaces/cfexampleapi/environments'));
    expect(response.status).toBe(200);
    expect(contentful.requests.at(-1)?.headers.authorization).toBe('Bearer CFPAT-management-token');
  });

  it('a delivery key for the CDA, and baseUrl for another region', async () => {
    expect(contentfulAuth({ token: 'delivery-key', api: 'delivery' }).baseUrl).toBe('https://cdn.contentful.com');
    expect(contentfulAuth({ token: 'k', api: 'preview' }).baseUrl).toBe('https://preview.contentful.com');
    const auth = contentfulAuth({ token: 'delivery-key', api: 'delivery', baseUrl: contentful.origin });
    expect((await authFetch(auth, { origins: [auth.baseUrl ?? ''] })(contentful.url('/spaces/cfexampleapi/entries'))).status).toBe(200);
    expect(() => contentfulAuth({ token: 'k', api: 'graphql' as 'delivery' })).toThrow(/contentful\.api/);
  });

  it('the OAuth flow is the implicit one: no token endpoint', () => {
    expect(contentfulPreset.authorization).toMatchObject({ url: 'https://be.contentful.com/oauth/authorize', responseType: 'token', defaultScopes: ['content_management_manage'] });
    expect(contentfulPreset.authorization?.tokenUrl).toBeUndefined();
  });
});
