// Slack: static bot tokens, and token rotation at oauth.v2.access with HTTP Basic client
// authentication, single-use xoxe refresh tokens, and errors as HTTP 200 with ok: false.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { MemoryTokenStore } from '../../src/index.js';
import { slackAuth, slackPreset } from '../../src/entries/providers.js';
import { basicCredentials, form, protectedApi, startFakeProvider, TokenIssuer, type FakeProvider } from './support/fake-provider.js';

const accessTokens = new TokenIssuer();
const refreshTokens = new TokenIssuer();
let slack: FakeProvider;
let outage = 0;

beforeAll(async () => {
  slack = await startFakeProvider({
    '/api/oauth.v2.access': (request) => {
      const client = basicCredentials(request);
      const body = form(request);
      // Slack always answers 200; `ok` tells success from failure.
      if (outage > 0) {
        outage -= 1;
        return { body: { ok: false, error: 'internal_error' } };
      }
      if (client?.username !== '4123121235.98723' || client.password !== 'slack-secret') return { body: { ok: false, error: 'bad_client_secret' } };
      if (body.get('grant_type') !== 'refresh_token' || !refreshTokens.use(body.get('refresh_token') ?? '')) return { body: { ok: false, error: 'invalid_refresh_token' } };
      return {
        body: {
          ok: true, app_id: 'A0KRD7HC3', access_token: accessTokens.issue('xoxe.xoxb-1'), expires_in: 43200, refresh_token: refreshTokens.issue('xoxe-1'),
          token_type: 'bot', scope: 'chat:write', bot_user_id: 'U0KRQLJ9H', team: { id: 'T9TK3CUKW', name: 'Example' }, enterprise: null, is_enterprise_install: false,
        },
      };
    },
    '/api/auth.test': protectedApi((token) => accessTokens.accepts(token) || token === 'xoxb-static-token'),
  });
});
afterAll(async () => {
  await slack.close();
});
afterEach(() => {
  slack.requests.length = 0;
});

describe('slackAuth', () => {
  it('a static bot token arrives as Bearer', async () => {
    const auth = slackAuth({ token: 'xoxb-static-token', baseUrl: slack.url('/api') });
    expect((await authFetch(auth)(`${auth.baseUrl}/auth.test`, { method: 'POST' })).status).toBe(200);
    expect(slack.requests.at(-1)?.headers.authorization).toBe('Bearer xoxb-static-token');
  });

  it('rotation: HTTP Basic client auth, token_type bot still sent as Bearer, the new refresh token used next', async () => {
    const initial = refreshTokens.issue('xoxe-1');
    const auth = slackAuth({ clientId: '4123121235.98723', clientSecret: 'slack-secret', refreshToken: initial, tokenUrl: slack.url('/api/oauth.v2.access'), store: new MemoryTokenStore() });
    const api = authFetch(auth);
    expect((await api(slack.url('/api/auth.test'), { method: 'POST' })).status).toBe(200);
    expect(slack.requests.at(-1)?.headers.authorization).toMatch(/^Bearer xoxe\.xoxb-1-/);
    expect((await auth.getToken()).tokenType).toBe('bot');
    accessTokens.revokeAll();
    expect((await api(slack.url('/api/auth.test'), { method: 'POST' })).status).toBe(200);
    const sent = slack.on('/api/oauth.v2.access').map((request) => form(request));
    expect(sent.map((body) => body.get('refresh_token'))).toEqual([initial, expect.stringMatching(/^xoxe-1-/)]);
    expect(sent[1]?.get('refresh_token')).not.toBe(initial);
    expect(sent[0]?.has('client_secret')).toBe(false);
    await auth.close();
  });

  it('ok: false with invalid_refresh_token is ERR_AUTH_REAUTH_REQUIRED; internal_error is retried', async () => {
    const spent = slackAuth({ clientId: '4123121235.98723', clientSecret: 'slack-secret', refreshToken: 'xoxe-1-spent', tokenUrl: slack.url('/api/oauth.v2.access'), store: new MemoryTokenStore() });
    await expect(spent.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED', details: { error: 'invalid_grant' } });
    expect(slack.on('/api/oauth.v2.access')).toHaveLength(1);
    await spent.close();

    outage = 1;
    const auth = slackAuth({
      clientId: '4123121235.98723', clientSecret: 'slack-secret', refreshToken: refreshTokens.issue('xoxe-1'), tokenUrl: slack.url('/api/oauth.v2.access'),
      store: new MemoryTokenStore(), backoff: { initialDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 },
    });
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bot' });
    expect(slack.on('/api/oauth.v2.access')).toHaveLength(3);
    await auth.close();
  });

  it('the preset: comma-separated scopes, user scopes in user_scope, the user token under authed_user', () => {
    expect(slackPreset.authorization).toMatchObject({
      url: 'https://slack.com/oauth/v2/authorize', scopeSeparator: ',', userScopeParam: 'user_scope',
      userTokenResponse: { accessToken: 'authed_user.access_token', refreshToken: 'authed_user.refresh_token' },
    });
  });
});
