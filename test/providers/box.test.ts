// Box: the Client Credentials Grant with box_subject_type / box_subject_id and credentials in the
// body (one token per subject), and users' single-use refresh tokens.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { boxAuth } from '../../src/entries/providers.js';
import { MemoryTokenStore } from '../../src/index.js';
import { form, protectedApi, startFakeProvider, TokenIssuer, type FakeProvider } from './support/fake-provider.js';

const accessTokens = new TokenIssuer();
const refreshTokens = new TokenIssuer();
/** Which subject each access token was issued for. */
const subjects = new Map<string, string>();
let box: FakeProvider;

beforeAll(async () => {
  box = await startFakeProvider({
    '/oauth2/token': (request) => {
      const body = form(request);
      if (body.get('client_id') !== 'box-client' || body.get('client_secret') !== 'box-secret' || request.headers.authorization !== undefined) {
        return { status: 400, body: { error: 'invalid_client', error_description: 'The client credentials are invalid' } };
      }
      if (body.get('grant_type') === 'client_credentials') {
        const type = body.get('box_subject_type');
        if ((type !== 'enterprise' && type !== 'user') || !body.get('box_subject_id')) return { status: 400, body: { error: 'invalid_grant', error_description: 'Grant credentials are invalid' } };
        const token = accessTokens.issue('box');
        subjects.set(token, `${type}:${body.get('box_subject_id')}`);
        return { body: { access_token: token, expires_in: 3992, restricted_to: [], token_type: 'bearer' } };
      }
      if (body.get('grant_type') === 'refresh_token' && refreshTokens.use(body.get('refresh_token') ?? '')) {
        return { body: { access_token: accessTokens.issue('box'), expires_in: 4169, refresh_token: refreshTokens.issue('box-rt'), token_type: 'bearer' } };
      }
      return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid refresh token' } };
    },
    '/2.0/users/me': protectedApi((token) => accessTokens.accepts(token)),
  });
});
afterAll(async () => {
  await box.close();
});
afterEach(() => {
  box.requests.length = 0;
});

describe('boxAuth', () => {
  it('client credentials for the enterprise: subject type and id, id and secret in the body', async () => {
    const auth = boxAuth({ clientId: 'box-client', clientSecret: 'box-secret', subjectType: 'enterprise', subjectId: '575619', tokenUrl: box.url('/oauth2/token'), baseUrl: box.url('/2.0'), store: new MemoryTokenStore() });
    expect((await authFetch(auth)(`${auth.baseUrl}/users/me`)).status).toBe(200);
    expect(Object.fromEntries(form(box.on('/oauth2/token')[0]))).toEqual({
      grant_type: 'client_credentials', client_id: 'box-client', client_secret: 'box-secret', box_subject_type: 'enterprise', box_subject_id: '575619',
    });
    await auth.close();
  });

  it('two subjects of one app sharing a store get one token each', async () => {
    const store = new MemoryTokenStore();
    const common = { clientId: 'box-client', clientSecret: 'box-secret', tokenUrl: box.url('/oauth2/token'), store } as const;
    const alice = boxAuth({ ...common, subjectType: 'user', subjectId: '111' });
    const bob = boxAuth({ ...common, subjectType: 'user', subjectId: '222' });
    expect(subjects.get((await alice.getToken()).accessToken)).toBe('user:111');
    expect(subjects.get((await bob.getToken()).accessToken)).toBe('user:222');
    expect(box.on('/oauth2/token')).toHaveLength(2);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('a user token: each single-use refresh token is sent once, the rotated one next', async () => {
    const initial = refreshTokens.issue('box-rt');
    const auth = boxAuth({ clientId: 'box-client', clientSecret: 'box-secret', refreshToken: initial, tokenUrl: box.url('/oauth2/token'), store: new MemoryTokenStore() });
    const api = authFetch(auth);
    expect((await api(box.url('/2.0/users/me'))).status).toBe(200);
    accessTokens.revokeAll();
    expect((await api(box.url('/2.0/users/me'))).status).toBe(200); // 401, one refresh, one retry
    const sent = box.on('/oauth2/token').map((request) => form(request).get('refresh_token'));
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(initial);
    expect(sent[1]).not.toBe(initial);
    await auth.close();
  });

  it('refuses a missing subject', () => {
    expect(() => boxAuth({ clientId: 'box-client', clientSecret: 'box-secret', subjectType: 'team' as 'user', subjectId: '1' })).toThrow(/box\.subjectType/);
    expect(() => boxAuth({ clientId: 'box-client', clientSecret: 'box-secret', subjectType: 'user', subjectId: '' })).toThrow(/box\.subjectId/);
  });
});
