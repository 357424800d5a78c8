import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, parseAuthConfig } from '../../src/index.js';
import { authFetch } from '../../adapters/fetch.js';
import { PASSWORD, startSessionApp, USER, type SessionApp } from '../servers/session-server.js';

describe('createAuth with type session', () => {
  let app: SessionApp;
  beforeAll(async () => {
    app = await startSessionApp();
  });
  afterAll(() => app.close());

  it('logs in with a JSON body whose password comes from the environment, and sends the session', async () => {
    const auth = createAuth(
      {
        type: 'session',
        login: { url: `${app.origin}/login/json`, json: { username: USER, password: { env: 'LOGIN_PASSWORD' } } },
        tokenPath: 'data.tokens[0].value',
        expiresIn: 'P14D',
        inject: { in: 'header', name: 'X-Session' },
      },
      { env: { LOGIN_PASSWORD: PASSWORD } },
    );
    const response = await authFetch(auth)(`${app.origin}/api/me`);
    expect(response.status).toBe(200);
    expect(app.apiCalls().at(-1)?.headers['x-session']).toBe(app.issued.at(-1));
    await auth.close?.();
  });

  it('authenticates the login call itself with a nested config', async () => {
    const before = app.logins('/login/basic').length;
    const auth = createAuth({
      type: 'session',
      login: { url: `${app.origin}/login/basic`, auth: { type: 'basic', username: USER, password: { env: 'P' } } },
      tokenHeader: 'X-Auth-Token',
      tokenPrefix: 'Bearer',
      expiresIn: 3_600_000,
    }, { env: { P: PASSWORD } });
    expect((await authFetch(auth)(`${app.origin}/api/me`)).status).toBe(200);
    expect(app.logins('/login/basic').length).toBe(before + 1);
    await auth.close?.();
  });

  it('needs exactly one token source, and json or form', () => {
    expect(() => parseAuthConfig({ type: 'session', login: { url: 'https://a.example/login' }, expiresIn: 'P1D' }))
      .toThrow('session.tokenPath: expected exactly one of tokenPath, tokenHeader and tokenCookie');
    expect(() => parseAuthConfig({ type: 'session', login: { url: 'https://a.example/login', json: {}, form: {} }, tokenPath: 't', expiresIn: 'P1D' }))
      .toThrow('session.login.form: expected json or form, not both');
  });
});
