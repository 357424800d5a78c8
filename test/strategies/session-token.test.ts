// sessionTokenAuth against a real login endpoint and a protected API, sent through authFetch.
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { basicAuth, isAuthError, MemoryTokenStore, sessionTokenAuth, type SessionTokenAuthenticator, type SessionTokenAuthOptions } from '../../src/index.js';
import { PASSWORD, startSessionApp, USER, type SessionApp } from '../servers/session-server.js';

const day = 24 * 3_600_000;
let app: SessionApp;
const open: SessionTokenAuthenticator[] = [];

beforeEach(async () => {
  app = await startSessionApp();
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(open.splice(0).map((auth) => auth.close()));
  await app.close();
});
afterAll(() => {
  vi.useRealTimers();
});

/** A session authenticator with its own store (tests never share a token). */
function session(options: SessionTokenAuthOptions): SessionTokenAuthenticator {
  const auth = sessionTokenAuth({ store: new MemoryTokenStore(), ...options } as SessionTokenAuthOptions);
  open.push(auth);
  return auth;
}

const jsonLogin = (query = ''): SessionTokenAuthOptions['login'] => ({ url: `${app.origin}/login/json${query}`, json: { username: USER, password: PASSWORD } });

async function statuses(responses: Promise<Response>[]): Promise<number[]> {
  return (await Promise.all(responses)).map((response) => response.status);
}

describe('sessionTokenAuth: obtaining and sending the token', () => {
  it('many concurrent first requests cause one login (JSON body, token at an array path, custom header)', async () => {
    const auth = session({ login: jsonLogin(), tokenPath: 'data.tokens[0].value', expiresIn: 'P14D', inject: { in: 'header', name: 'X-Session' } });
    const api = authFetch(auth);
    expect(await statuses(Array.from({ length: 25 }, () => api(`${app.origin}/api/items`)))).toEqual(Array(25).fill(200));
    expect(app.logins()).toHaveLength(1);
    const login = app.logins()[0];
    expect(login?.method).toBe('POST');
    expect(login?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(login?.body ?? '')).toEqual({ username: USER, password: PASSWORD });
    expect(app.apiCalls().every((call) => call.headers['x-session'] === app.issued[0])).toBe(true);
  });

  it('a form body login, the token injected with a header prefix', async () => {
    const auth = session({
      login: { url: `${app.origin}/login/form`, form: { user: USER, pass: PASSWORD } },
      tokenPath: 'session.token',
      expiresIn: 3_600_000,
      inject: { in: 'header', name: 'Authorization', prefix: 'Token' },
    });
    const response = await authFetch(auth)(`${app.origin}/api/items`);
    expect(response.status).toBe(200);
    expect(new URLSearchParams(app.logins()[0]?.body).get('pass')).toBe(PASSWORD);
    expect(app.apiCalls()[0]?.headers.authorization).toBe(`Token ${app.issued[0]}`);
  });

  it('a Basic-authenticated login (its own authenticator), the token from a response header, injected in the query', async () => {
    const auth = session({
      login: { url: `${app.origin}/login/basic`, auth: basicAuth({ username: USER, password: PASSWORD }) },
      tokenHeader: 'X-Auth-Token',
      tokenPrefix: 'Bearer',
      expiresIn: 'PT8H',
      inject: { in: 'query', name: 'session' },
    });
    const response = await authFetch(auth)(`${app.origin}/api/items?page=2`);
    expect(response.status).toBe(200);
    expect(app.logins()[0]?.headers.authorization).toMatch(/^Basic /);
    const call = app.apiCalls()[0];
    expect(new URL(call?.url ?? '', 'http://x').searchParams.get('session')).toBe(app.issued[0]);
    expect(new URL(call?.url ?? '', 'http://x').searchParams.get('page')).toBe('2');
    expect(call?.headers.authorization).toBeUndefined(); // the login's Basic credentials never reach the API
  });

  it('the token from a Set-Cookie of a redirect (not followed), sent back as a cookie next to the request\'s own cookies', async () => {
    const auth = session({ login: { url: `${app.origin}/login/cookie`, json: { username: USER, password: PASSWORD } }, tokenCookie: 'session', expiresIn: 'P1D' });
    const response = await authFetch(auth)(`${app.origin}/api/items`, { headers: { cookie: 'lang=en; session=stale' } });
    expect(response.status).toBe(200);
    expect(app.requests.filter((request) => request.url === '/dashboard')).toHaveLength(0);
    expect(app.apiCalls()[0]?.headers.cookie).toBe(`lang=en; session=${app.issued[0]}`);
    // The cookie's Max-Age=3600 wins over expiresIn.
    const token = await auth.getToken();
    expect(token.expiresAt - token.issuedAt).toBe(3_600_000);
  });

  it('a JSON body placement: the token merged into the request body', async () => {
    const auth = session({ login: jsonLogin(), tokenPath: 'data.tokens.0.value', expiresIn: 'PT1H', inject: { in: 'json', name: 'auth.session' } });
    const response = await authFetch(auth)(`${app.origin}/api/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"q":1}' });
    expect(response.status).toBe(200);
    expect(JSON.parse(app.apiCalls()[0]?.body ?? '')).toEqual({ q: 1, auth: { session: app.issued[0] } });
  });
});

describe('sessionTokenAuth: refusals and expiry', () => {
  it('a 401 from the API (session revoked) causes one new login and one retry, shared by concurrent requests', async () => {
    const auth = session({ login: jsonLogin(), tokenPath: 'data.tokens[0].value', expiresIn: 'P14D', inject: { in: 'header', name: 'X-Session' } });
    const api = authFetch(auth);
    expect((await api(`${app.origin}/api/items`)).status).toBe(200);
    app.revokeAll();
    expect(await statuses(Array.from({ length: 10 }, () => api(`${app.origin}/api/items`)))).toEqual(Array(10).fill(200));
    expect(app.logins()).toHaveLength(2);
  });

  it('a 401 from the login itself is a clear error and never loops', async () => {
    const auth = session({ login: { url: `${app.origin}/login/json`, json: { username: USER, password: 'wrong-PASSWORD-9876' } }, tokenPath: 'data.tokens[0].value', expiresIn: 'P14D' });
    const api = authFetch(auth);
    const error: unknown = await api(`${app.origin}/api/items`).catch((caught: unknown) => caught);
    expect(isAuthError(error, 'ERR_AUTH_REAUTH_REQUIRED')).toBe(true);
    expect((error as { details: unknown }).details).toMatchObject({ status: 401, retryable: false });
    expect((error as Error).message).toMatch(/session login \(POST http:\/\/127\.0\.0\.1:\d+\/login\/json\) was refused: HTTP 401/);
    // More requests do not log in again with the refused credentials.
    await expect(Promise.all(Array.from({ length: 5 }, () => api(`${app.origin}/api/items`)))).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    expect(app.logins()).toHaveLength(1);
    expect(app.apiCalls()).toHaveLength(0);
  });

  it('an API 401 whose new login is refused fails once, without a loop', async () => {
    const auth = session({ login: jsonLogin(), tokenPath: 'data.tokens[0].value', expiresIn: 'P14D', inject: { in: 'header', name: 'X-Session' } });
    const api = authFetch(auth);
    expect((await api(`${app.origin}/api/items`)).status).toBe(200);
    app.revokeAll();
    app.setPassword('rotated-by-an-admin');
    await expect(api(`${app.origin}/api/items`)).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    await expect(api(`${app.origin}/api/items`)).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    expect(app.logins()).toHaveLength(2);
    expect(app.apiCalls()).toHaveLength(2);
  });

  it('a login that fails with 503 is retried with backoff; a 400 is not', async () => {
    app.failLogins(1, 503);
    const auth = session({ login: jsonLogin(), tokenPath: 'data.tokens[0].value', expiresIn: 'P14D', backoff: { initialDelayMs: 1, maxDelayMs: 2 } });
    expect((await authFetch(auth)(`${app.origin}/api/items`)).status).toBe(200);
    expect(app.logins()).toHaveLength(2);

    app.failLogins(1, 400);
    const other = session({ login: jsonLogin('?ttl=x'), tokenPath: 'data.tokens[0].value', expiresIn: 'P14D', backoff: { initialDelayMs: 1 } });
    await expect(other.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 400, retryable: false } });
    expect(app.logins()).toHaveLength(3);
  });

  it('a 2xx without the token names where it looked, not what it got', async () => {
    const auth = session({ login: jsonLogin(), tokenPath: 'data.token', expiresIn: 'P14D' });
    await expect(auth.getToken()).rejects.toThrow(/HTTP 200, but no token at "data.token" in the response body/);
  });

  it('a P14D session is reused for 14 days and then renewed (fake clock)', async () => {
    const start = Date.UTC(2030, 0, 1);
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const auth = session({ login: jsonLogin(), tokenPath: 'data.tokens[0].value', expiresIn: 'P14D', inject: { in: 'header', name: 'X-Session' } });
    const api = authFetch(auth);
    expect((await api(`${app.origin}/api/items`)).status).toBe(200);
    expect((await auth.getToken()).expiresAt).toBe(start + 14 * day);

    vi.setSystemTime(start + 14 * day - 3_600_000); // an hour before expiry: still fresh
    expect((await api(`${app.origin}/api/items`)).status).toBe(200);
    expect(app.logins()).toHaveLength(1);

    vi.setSystemTime(start + 14 * day + 60_000); // expired: one new login
    expect((await api(`${app.origin}/api/items`)).status).toBe(200);
    expect(app.logins()).toHaveLength(2);
    expect(app.apiCalls().at(-1)?.headers['x-session']).toBe(app.issued[1]);
  });

  it('an expiry in the response (expiresInPath, seconds or ISO 8601) wins over expiresIn', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2030, 0, 1) });
    const iso = session({ login: jsonLogin('?ttl=PT2H'), tokenPath: 'data.tokens[0].value', expiresInPath: 'ttl', expiresIn: 'P14D' });
    const token = await iso.getToken();
    expect(token.expiresAt - token.issuedAt).toBe(2 * 3_600_000);
    const seconds = session({ login: jsonLogin('?ttl=900'), tokenPath: 'data.tokens[0].value', expiresInPath: 'ttl', expiresIn: 'P14D' });
    const second = await seconds.getToken();
    expect(second.expiresAt - second.issuedAt).toBe(900_000);
  });

  it("expiresIn: 'none' logs in before every request and retries a 401 with a new login", async () => {
    const auth = session({ login: jsonLogin(), tokenPath: 'data.tokens[0].value', expiresIn: 'none', inject: { in: 'header', name: 'X-Session' } });
    expect(auth.tokenManager).toBeUndefined();
    const api = authFetch(auth);
    for (let i = 0; i < 3; i += 1) expect((await api(`${app.origin}/api/items`)).status).toBe(200);
    expect(app.logins()).toHaveLength(3);
    expect(new Set(app.apiCalls().map((call) => call.headers['x-session'])).size).toBe(3);

    // The API refuses every session: a 401, one new login, one retry (refused too), and no more.
    app.refuseAll(true);
    expect((await api(`${app.origin}/api/items`)).status).toBe(401);
    expect(app.logins()).toHaveLength(5);
    expect(app.apiCalls()).toHaveLength(5);
  });

  it("expiresIn: 'none' stops logging in after the login is refused", async () => {
    const auth = session({ login: { url: `${app.origin}/login/json`, json: { username: USER, password: 'nope-nope' } }, tokenPath: 'data.tokens[0].value', expiresIn: 'none' });
    const api = authFetch(auth);
    await expect(api(`${app.origin}/api/items`)).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED', details: { status: 401 } });
    await expect(api(`${app.origin}/api/items`)).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    expect(app.logins()).toHaveLength(1);
  });
});

describe('sessionTokenAuth: secrets and configuration', () => {
  it('neither the password nor the session token appears in errors, toJSON or util.inspect', async () => {
    const auth = session({ login: jsonLogin(), tokenPath: 'data.tokens[0].value', expiresIn: 'P14D' });
    await auth.getToken();
    const token = app.issued[0] ?? '';
    for (const view of [inspect(auth, { depth: Infinity, showHidden: true }), JSON.stringify(auth)]) {
      expect(view).not.toContain(token);
      expect(view).not.toContain(PASSWORD);
    }
    const refused = session({ login: { url: `${app.origin}/login/json?key=query-SECRET-42`, json: { username: USER, password: 'wrong-PASSWORD-9876' } }, tokenPath: 'id', expiresIn: 'P14D' });
    const error = await refused.getToken().catch((caught: unknown) => caught);
    const views = [String(error), JSON.stringify(error), inspect(error, { depth: Infinity, showHidden: true }), (error as Error).stack ?? ''].join('\n');
    for (const secret of ['wrong-PASSWORD-9876', 'query-SECRET-42', PASSWORD]) expect(views).not.toContain(secret);
  });

  it('a network failure names the login URL and keeps no secret', async () => {
    const closed = `${app.origin}`;
    await app.close();
    const auth = session({
      login: { url: `${closed}/login/json`, json: { username: USER, password: PASSWORD } },
      tokenPath: 'id',
      expiresIn: 'P14D',
      backoff: { maxAttempts: 1 },
    });
    const error = await auth.getToken().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { retryable: true } });
    expect(inspect(error, { depth: Infinity, showHidden: true })).not.toContain(PASSWORD);
    app = await startSessionApp(); // for afterEach
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['two token sources', { tokenPath: 'a', tokenHeader: 'X-A' }, /exactly one of tokenPath, tokenHeader and tokenCookie/],
    ['no token source', {}, /exactly one of tokenPath/],
    ['no expiresIn', { tokenPath: 'a', expiresIn: undefined }, /expiresIn: expected an ISO 8601 duration/],
    ['a bad duration', { tokenPath: 'a', expiresIn: '14 days' }, /expiresIn: expected an ISO 8601 duration/],
    ['a zero duration', { tokenPath: 'a', expiresIn: 'P0D' }, /expiresIn/],
    ['negative milliseconds', { tokenPath: 'a', expiresIn: -5 }, /expiresIn/],
    ['a bad path', { tokenPath: 'a..b' }, /tokenPath: expected a dotted path/],
    ['json and form', { tokenPath: 'a', login: { url: 'https://x.example/login', json: {}, form: {} } }, /login: expected at most one of json and form/],
    ['a GET with a body', { tokenPath: 'a', login: { url: 'https://x.example/login', method: 'GET', json: { a: 1 } } }, /login\.method/],
    ["'none' with an expiry path", { tokenPath: 'a', expiresIn: 'none', expiresInPath: 'ttl' }, /expiresIn: expected a lifetime/],
    ['a bad cookie placement', { tokenPath: 'a', inject: { in: 'cookie', name: 'a b' } }, /inject\.name: expected a valid cookie name/],
    ['an unknown placement', { tokenPath: 'a', inject: { in: 'body', name: 'a' } }, /inject\.in/],
  ])('refuses %s, naming the field', (_label, overrides, message) => {
    const options = { login: { url: 'https://x.example/login', json: { u: 'a' } }, expiresIn: 'P1D', ...overrides };
    let thrown: unknown;
    try {
      sessionTokenAuth(options as unknown as SessionTokenAuthOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'ERR_AUTH_INVALID_CONFIG' });
    expect((thrown as Error).message).toMatch(message);
  });

  it('refuses a plain http login URL to another host unless allowInsecureHttp', () => {
    const options = { login: { url: 'http://login.example.com/session', json: { u: 'a' } }, tokenPath: 'id', expiresIn: 'P1D' } as const;
    expect(() => sessionTokenAuth(options)).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INSECURE_URL' }) as Error);
    expect(sessionTokenAuth({ ...options, allowInsecureHttp: true }).name).toBe('session');
  });

  it('two authenticators with the same login share one token; with login.auth they do not', async () => {
    const store = new MemoryTokenStore();
    const a = session({ login: jsonLogin(), tokenPath: 'data.tokens[0].value', expiresIn: 'P14D', store });
    const b = session({ login: jsonLogin(), tokenPath: 'data.tokens[0].value', expiresIn: 'P14D', store });
    expect((await a.getToken()).accessToken).toBe((await b.getToken()).accessToken);
    expect(app.logins()).toHaveLength(1);

    const basic = () => session({ login: { url: `${app.origin}/login/basic`, auth: basicAuth({ username: USER, password: PASSWORD }) }, tokenHeader: 'X-Auth-Token', tokenPrefix: 'Bearer', expiresIn: 'P1D', store });
    expect((await basic().getToken()).accessToken).not.toBe((await basic().getToken()).accessToken);
  });
});
