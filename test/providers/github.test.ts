// GitHub: a static token as Bearer, and a GitHub App's expiring user token refreshed with its
// single-use refresh token at /login/oauth/access_token, where errors come back as HTTP 200.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { githubAuth, githubPreset } from '../../src/entries/providers.js';
import { MemoryTokenStore } from '../../src/index.js';
import { form, protectedApi, startFakeProvider, TokenIssuer, type FakeProvider } from './support/fake-provider.js';

const accessTokens = new TokenIssuer();
const refreshTokens = new TokenIssuer();
let github: FakeProvider;

beforeAll(async () => {
  github = await startFakeProvider({
    '/login/oauth/access_token': (request) => {
      const body = form(request);
      // GitHub answers token errors with HTTP 200 and an `error` field.
      if (body.get('client_id') !== 'Iv1.app' || body.get('client_secret') !== 'app-secret') {
        return { body: { error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.' } };
      }
      if (body.get('grant_type') !== 'refresh_token' || !refreshTokens.use(body.get('refresh_token') ?? '')) {
        return { body: { error: 'bad_refresh_token', error_description: 'The refresh token passed is incorrect or expired.' } };
      }
      return {
        body: {
          access_token: accessTokens.issue('ghu'), expires_in: 28800, refresh_token: refreshTokens.issue('ghr'), refresh_token_expires_in: 15_811_200,
          token_type: 'bearer', scope: '',
        },
      };
    },
    '/api/v3/user': protectedApi((token) => accessTokens.accepts(token)),
    '/user': protectedApi((token) => token === 'ghp_static'),
  });
});
afterAll(async () => {
  await github.close();
});
afterEach(() => {
  vi.useRealTimers();
  github.requests.length = 0;
});

describe('githubAuth', () => {
  it('a personal access token arrives as Bearer, with the pinned API version unless the request sets one', async () => {
    const auth = githubAuth({ token: 'ghp_static', baseUrl: github.origin, apiVersion: '2022-11-28' });
    expect(auth).toMatchObject({ provider: 'github', baseUrl: github.origin });
    const api = authFetch(auth);
    expect((await api(github.url('/user'))).status).toBe(200);
    expect((await api(github.url('/user'), { headers: { 'X-GitHub-Api-Version': '2026-03-10' } })).status).toBe(200);
    const [first, second] = github.on('/user');
    expect(first?.headers.authorization).toBe('Bearer ghp_static');
    expect(first?.headers['x-github-api-version']).toBe('2022-11-28');
    expect(second?.headers['x-github-api-version']).toBe('2026-03-10');
  });

  it('a GitHub App user token is refreshed with client id and secret in the body; the rotated refresh token is used next', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2030-01-01T00:00:00Z').getTime();
    vi.setSystemTime(start);
    const initial = refreshTokens.issue('ghr');
    const auth = githubAuth({ clientId: 'Iv1.app', clientSecret: 'app-secret', refreshToken: initial, serverUrl: github.origin, store: new MemoryTokenStore() });
    expect(auth.baseUrl).toBe(`${github.origin}/api/v3`);
    const api = authFetch(auth);
    expect((await api(`${auth.baseUrl}/user`)).status).toBe(200);
    expect((await auth.getToken()).expiresAt).toBe(start + 28_800_000);

    vi.setSystemTime(start + 28_800_000 + 1); // the 8-hour token has expired
    expect((await api(`${auth.baseUrl}/user`)).status).toBe(200);
    const sent = github.on('/login/oauth/access_token').map((request) => form(request));
    expect(sent).toHaveLength(2);
    expect(Object.fromEntries(sent[0] ?? [])).toEqual({ grant_type: 'refresh_token', refresh_token: initial, client_id: 'Iv1.app', client_secret: 'app-secret' });
    expect(sent[1]?.get('refresh_token')).toMatch(/^ghr-/);
    expect(sent[1]?.get('refresh_token')).not.toBe(initial);
    await auth.close();
  });

  it('bad_refresh_token in a 200 answer is ERR_AUTH_REAUTH_REQUIRED at once, without retries or the token in the message', async () => {
    const auth = githubAuth({ clientId: 'Iv1.app', clientSecret: 'app-secret', refreshToken: 'ghr_revoked_0123456789', serverUrl: github.origin, store: new MemoryTokenStore() });
    const error: unknown = await auth.getToken().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED', details: { error: 'invalid_grant', status: 400 } });
    expect(String((error as Error).message)).toContain('bad_refresh_token');
    expect(JSON.stringify(error)).not.toContain('ghr_revoked_0123456789');
    expect(github.on('/login/oauth/access_token')).toHaveLength(1);
    await auth.close();
  });

  it('other errors in a 200 answer fail the token request without being taken for a token', async () => {
    const auth = githubAuth({
      clientId: 'Iv1.app', clientSecret: 'wrong-secret', refreshToken: refreshTokens.issue('ghr'), serverUrl: github.origin,
      store: new MemoryTokenStore(), backoff: { maxAttempts: 1 },
    });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { error: 'incorrect_client_credentials', retryable: false } });
    await auth.close();
  });

  it('the preset names GitHub’s endpoints', () => {
    expect(githubPreset.authorization).toMatchObject({ url: 'https://github.com/login/oauth/authorize', tokenUrl: 'https://github.com/login/oauth/access_token' });
    expect(githubAuth({ token: 'ghp_x' }).baseUrl).toBe('https://api.github.com');
  });
});
