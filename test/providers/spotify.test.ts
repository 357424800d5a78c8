// Spotify: HTTP Basic client authentication at /api/token for confidential clients, client_id
// alone for PKCE (whose refresh tokens rotate), and app tokens from client credentials.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { MemoryTokenStore } from '../../src/index.js';
import { spotifyAuth } from '../../src/entries/providers.js';
import { basicCredentials, form, protectedApi, startFakeProvider, TokenIssuer, type FakeProvider } from './support/fake-provider.js';

const accessTokens = new TokenIssuer();
const pkceRefreshTokens = new TokenIssuer();
let spotify: FakeProvider;

beforeAll(async () => {
  spotify = await startFakeProvider({
    '/api/token': (request) => {
      const body = form(request);
      const client = basicCredentials(request);
      const confidential = client?.username === 'spotify-app' && client.password === 'spotify-secret';
      const reply = { access_token: accessTokens.issue('BQ'), token_type: 'Bearer', expires_in: 3600, scope: 'user-read-private' };
      if (body.get('grant_type') === 'client_credentials') return confidential ? { body: reply } : { status: 401, body: { error: 'invalid_client' } };
      if (confidential && body.get('refresh_token') === 'AQ-long-lived') return { body: reply }; // no new refresh token: the old one stays valid
      if (client === undefined && body.get('client_id') === 'spotify-app' && pkceRefreshTokens.use(body.get('refresh_token') ?? '')) {
        return { body: { ...reply, refresh_token: pkceRefreshTokens.issue('AQ-pkce') } };
      }
      return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid refresh token' } };
    },
    '/v1/me': protectedApi((token) => accessTokens.accepts(token)),
  });
});
afterAll(async () => {
  await spotify.close();
});
afterEach(() => {
  spotify.requests.length = 0;
});

describe('spotifyAuth', () => {
  it('a confidential client refreshes with HTTP Basic; an answer without refresh_token keeps the old one', async () => {
    const auth = spotifyAuth({
      clientId: 'spotify-app', clientSecret: 'spotify-secret', refreshToken: 'AQ-long-lived', tokenUrl: spotify.url('/api/token'), baseUrl: spotify.url('/v1'),
      store: new MemoryTokenStore(),
    });
    const api = authFetch(auth);
    expect((await api(`${auth.baseUrl}/me`)).status).toBe(200);
    await auth.tokenManager.rejectToken((await auth.getToken()).accessToken);
    expect((await auth.getToken()).refreshToken).toBe('AQ-long-lived');
    const bodies = spotify.on('/api/token').map((request) => Object.fromEntries(form(request)));
    expect(bodies).toEqual([
      { grant_type: 'refresh_token', refresh_token: 'AQ-long-lived' },
      { grant_type: 'refresh_token', refresh_token: 'AQ-long-lived' },
    ]);
    await auth.close();
  });

  it('a PKCE token: client_id in the body, no Authorization, and each rotated refresh token used once', async () => {
    const initial = pkceRefreshTokens.issue('AQ-pkce');
    const auth = spotifyAuth({ clientId: 'spotify-app', refreshToken: initial, tokenUrl: spotify.url('/api/token'), store: new MemoryTokenStore() });
    await auth.getToken();
    await auth.tokenManager.rejectToken((await auth.getToken()).accessToken);
    await auth.getToken();
    const requests = spotify.on('/api/token');
    expect(requests.map((request) => request.headers.authorization)).toEqual([undefined, undefined]);
    const sent = requests.map((request) => form(request).get('refresh_token'));
    expect(sent[0]).toBe(initial);
    expect(sent[1]).not.toBe(initial);
    expect(form(requests[0]).get('client_id')).toBe('spotify-app');
    await auth.close();
  });

  it('client credentials: an app token for the Web API', async () => {
    const auth = spotifyAuth({ grant: 'client_credentials', clientId: 'spotify-app', clientSecret: 'spotify-secret', tokenUrl: spotify.url('/api/token'), store: new MemoryTokenStore() });
    expect((await authFetch(auth)(spotify.url('/v1/me'))).status).toBe(200);
    expect(Object.fromEntries(form(spotify.on('/api/token')[0]))).toEqual({ grant_type: 'client_credentials' });
    expect(auth.baseUrl).toBe('https://api.spotify.com/v1');
    await auth.close();
  });
});
