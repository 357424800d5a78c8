// A refresh refused with invalid_grant names the grant the request sent — refresh_token — even
// when the authenticator's own grant is authorization_code, device_code or password.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAuthError, MemoryTokenStore, oauth2Auth, type OAuth2AuthOptions } from '../../src/index.js';
import { startTokenServer, tokenReply, type TokenServer } from '../servers/token-server.js';

let server: TokenServer;

beforeAll(async () => {
  server = await startTokenServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

const revoked = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'grant revoked' } });

async function refusal(options: OAuth2AuthOptions, seed: boolean): Promise<unknown> {
  const auth = oauth2Auth({ ...options, store: new MemoryTokenStore() } as OAuth2AuthOptions);
  if (seed) {
    // What an interactive login left in the store: an expired access token and its refresh token.
    const now = Date.now();
    await auth.tokenManager.setToken({ accessToken: 'old-at', tokenType: 'Bearer', issuedAt: now - 3_600_000, expiresAt: now - 1000, refreshToken: 'rt-from-login' });
  }
  const error: unknown = await auth.getToken().catch((thrown: unknown) => thrown);
  await auth.close();
  return error;
}

function expectRefreshNamed(error: unknown): void {
  expect(isAuthError(error, 'ERR_AUTH_REAUTH_REQUIRED')).toBe(true);
  const { message, details } = error as { message: string; details: Record<string, unknown> };
  expect(message).toContain('token request (refresh_token) refused');
  expect(message).not.toMatch(/authorization_code|device_code|\(password\)/);
  expect(details).toMatchObject({ grant: 'refresh_token', error: 'invalid_grant', status: 400 });
  expect(server.form(server.requests.length - 1).get('grant_type')).toBe('refresh_token');
}

describe('a refused refresh names the grant it sent', () => {
  it.each(['authorization_code', 'device_code'] as const)('%s: the stored refresh token is refused', async (grant) => {
    server.reply(revoked);
    const options = grant === 'authorization_code'
      ? { grant, tokenUrl: server.tokenUrl, clientId: 'app', authorizationEndpoint: `${server.origin}/authorize`, redirectUri: 'http://127.0.0.1:8765/callback' }
      : { grant, tokenUrl: server.tokenUrl, clientId: 'app', deviceAuthorizationUrl: `${server.origin}/device` };
    expectRefreshNamed(await refusal(options as OAuth2AuthOptions, true));
  });

  it('password: the refresh token issued with the first token is refused', async () => {
    server.reply((_request, index) => (index === 0 ? tokenReply({ refresh_token: 'rt-1' }) : revoked()));
    const auth = oauth2Auth({ grant: 'password', tokenUrl: server.tokenUrl, clientId: 'app', username: 'alice', password: 'pw', store: new MemoryTokenStore() });
    const first = await auth.getToken();
    // The API refused the access token (a 401): the one refresh runs, with rt-1.
    const error: unknown = await auth.tokenManager.rejectToken(first.accessToken).catch((thrown: unknown) => thrown);
    await auth.close();
    expectRefreshNamed(error);
  });

  it('refresh_token: named refresh_token as before', async () => {
    server.reply(revoked);
    expectRefreshNamed(await refusal({ grant: 'refresh_token', tokenUrl: server.tokenUrl, clientId: 'app', refreshToken: 'rt-0' }, false));
  });
});
