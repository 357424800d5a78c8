// A public client without a client id (Bubble's "OAuth2 Password Flow"): the password and refresh
// requests carry neither client_id nor an Authorization header; grants that need an id refuse at creation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuth, MemoryTokenStore, oauth2Auth, type OAuth2AuthOptions, type TokenAuthenticator } from '../../src/index.js';
import { startTokenServer, tokenReply, type TokenServer } from '../servers/token-server.js';

let server: TokenServer;

beforeAll(async () => {
  server = await startTokenServer(() => tokenReply({ refresh_token: `rt-${Math.random().toString(36).slice(2)}` }));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

function expectNoClient(index: number): void {
  const form = server.form(index);
  expect(form.has('client_id')).toBe(false);
  expect(form.has('client_secret')).toBe(false);
  expect(server.requests[index]?.headers.authorization).toBeUndefined();
}

async function passwordThenRefresh(auth: TokenAuthenticator): Promise<void> {
  const first = await auth.getToken();
  expect([...server.form(0).keys()].sort()).toEqual(['grant_type', 'password', 'username']);
  expect(Object.fromEntries(server.form(0))).toEqual({ grant_type: 'password', username: 'alice', password: 'pw-1' });
  expectNoClient(0);
  await auth.tokenManager.rejectToken(first.accessToken);
  expect(server.form(1).get('grant_type')).toBe('refresh_token');
  expect(server.form(1).get('refresh_token')).toBe(first.refreshToken);
  expectNoClient(1);
  await auth.close();
}

describe('a public client without a client id', () => {
  it('oauth2Auth: the password grant, then its refresh, send no client_id and no Authorization header', async () => {
    await passwordThenRefresh(oauth2Auth({ grant: 'password', tokenUrl: server.tokenUrl, username: 'alice', password: 'pw-1', store: new MemoryTokenStore() }));
  });

  it('createAuth: the same from a config', async () => {
    const auth = createAuth({ type: 'oauth2', grant: 'password', tokenUrl: server.tokenUrl, username: 'alice', password: { env: 'BUBBLE_PASSWORD' } }, {
      env: { BUBBLE_PASSWORD: 'pw-1' },
      store: new MemoryTokenStore(),
    }) as TokenAuthenticator;
    await passwordThenRefresh(auth);
  });

  it('the refresh_token grant sends no client_id either', async () => {
    const auth = oauth2Auth({ grant: 'refresh_token', tokenUrl: server.tokenUrl, refreshToken: 'rt-0', store: new MemoryTokenStore() });
    await auth.getToken();
    expect(Object.fromEntries(server.form(0))).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-0' });
    expectNoClient(0);
    await auth.close();
  });

  it.each([
    { grant: 'client_credentials' as const, clientAuth: undefined },
    { grant: 'password' as const, clientAuth: 'client_secret_post' as const },
  ])('$grant with clientAuth $clientAuth still needs a client id, refused at creation naming the field', ({ grant, clientAuth }) => {
    const credentials = grant === 'password' ? { username: 'alice', password: 'pw-1' } : {};
    const options = { grant, tokenUrl: server.tokenUrl, ...credentials, ...(clientAuth === undefined ? {} : { clientAuth, clientSecret: 's' }) } as OAuth2AuthOptions;
    expect(() => oauth2Auth(options)).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG', message: expect.stringMatching(/^clientId: expected a client id/) }));
  });
});
