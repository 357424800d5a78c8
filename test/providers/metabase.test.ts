// metabaseAuth against a local server that behaves like Metabase's session API: POST /api/session
// with { username, password } answers { id }, the API wants X-Metabase-Session and answers
// 401 "Unauthenticated" to an unknown or expired session.
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { isAuthError, MemoryTokenStore } from '../../src/index.js';
import { metabaseAuth, type MetabaseAuthenticator, type MetabaseAuthOptions } from '../../src/entries/providers.js';
import { startServer, type TestServer } from '../servers/http-server.js';

const EMAIL = 'reports@example.com';
const PASSWORD = 'metabase-PASSWORD-5150';

interface FakeMetabase {
  readonly server: TestServer;
  readonly sessions: Set<string>;
  logins(): number;
}

/** Metabase under `prefix` (e.g. `/metabase` behind a reverse proxy). */
async function startMetabase(prefix = ''): Promise<FakeMetabase> {
  const sessions = new Set<string>();
  const server = await startServer((request, response) => {
    const path = request.url.split('?')[0] ?? '';
    const text = (status: number, body: string): void => {
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(body);
    };
    const json = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (path === `${prefix}/api/session` && request.method === 'POST') {
      if (!String(request.headers['content-type']).startsWith('application/json')) return json(400, { errors: { username: 'value must be a non-blank string.' } });
      const body = JSON.parse(request.body || '{}') as { username?: unknown; password?: unknown };
      if (body.username !== EMAIL || body.password !== PASSWORD) return json(401, { errors: { password: 'did not match stored password' } });
      const id = randomUUID();
      sessions.add(id);
      return json(200, { id });
    }
    if (path.startsWith(`${prefix}/api/`)) {
      const session = request.headers['x-metabase-session'];
      if (typeof session !== 'string' || !sessions.has(session)) return text(401, 'Unauthenticated');
      return json(200, { email: EMAIL, id: 1 });
    }
    return text(404, 'Not found');
  });
  return {
    server,
    sessions,
    logins: () => server.requests.filter((request) => request.url === `${prefix}/api/session`).length,
  };
}

let metabase: FakeMetabase;
const open: MetabaseAuthenticator[] = [];

beforeEach(async () => {
  metabase = await startMetabase();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((auth) => auth.close()));
  await metabase.server.close();
});

function auth(options: Partial<MetabaseAuthOptions> = {}): MetabaseAuthenticator {
  const created = metabaseAuth({ baseUrl: metabase.server.origin, username: EMAIL, password: PASSWORD, store: new MemoryTokenStore(), ...options });
  open.push(created);
  return created;
}

describe('metabaseAuth', () => {
  it('logs in once with POST /api/session and sends the session id as X-Metabase-Session', async () => {
    const metabaseAuthenticator = auth();
    expect(metabaseAuthenticator).toMatchObject({ provider: 'metabase', baseUrl: metabase.server.origin, name: 'metabase:session' });
    const api = authFetch(metabaseAuthenticator, { origins: [metabaseAuthenticator.baseUrl] });
    const responses = await Promise.all(Array.from({ length: 10 }, () => api(`${metabaseAuthenticator.baseUrl}/api/user/current`)));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(metabase.logins()).toBe(1);
    const login = metabase.server.requests[0];
    expect(login?.method).toBe('POST');
    expect(JSON.parse(login?.body ?? '')).toEqual({ username: EMAIL, password: PASSWORD });
    const [session] = [...metabase.sessions];
    expect(metabase.server.requests.slice(1).every((request) => request.headers['x-metabase-session'] === session)).toBe(true);
  });

  it('keeps a session for 14 days by default', async () => {
    const token = await auth().getToken();
    expect(token.expiresAt - token.issuedAt).toBe(14 * 24 * 3_600_000);
    const shorter = await auth({ expiresIn: 'PT12H', cacheKey: 'metabase-12h' }).getToken();
    expect(shorter.expiresAt - shorter.issuedAt).toBe(12 * 3_600_000);
  });

  it('logs in again once when Metabase forgets the session (restart, logout) and retries', async () => {
    const api = authFetch(auth());
    expect((await api(`${metabase.server.origin}/api/user/current`)).status).toBe(200);
    metabase.sessions.clear();
    expect((await api(`${metabase.server.origin}/api/user/current`)).status).toBe(200);
    expect(metabase.logins()).toBe(2);
  });

  it('works under a path prefix', async () => {
    await metabase.server.close();
    metabase = await startMetabase('/metabase');
    const prefixed = auth({ baseUrl: `${metabase.server.origin}/metabase/` });
    expect(prefixed.baseUrl).toBe(`${metabase.server.origin}/metabase`);
    expect((await authFetch(prefixed)(`${prefixed.baseUrl}/api/user/current`)).status).toBe(200);
    expect(metabase.logins()).toBe(1);
  });

  it('a wrong password is ERR_AUTH_REAUTH_REQUIRED, tried once, and never quoted', async () => {
    const wrong = auth({ password: 'not-the-PASSWORD-77' });
    const api = authFetch(wrong);
    const error: unknown = await api(`${metabase.server.origin}/api/user/current`).catch((caught: unknown) => caught);
    expect(isAuthError(error, 'ERR_AUTH_REAUTH_REQUIRED')).toBe(true);
    expect((error as { details: unknown }).details).toMatchObject({ status: 401 });
    await expect(api(`${metabase.server.origin}/api/user/current`)).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    expect(metabase.logins()).toBe(1);
    const views = [String(error), JSON.stringify(error), inspect(error, { depth: Infinity, showHidden: true }), inspect(wrong, { depth: Infinity, showHidden: true })].join('\n');
    expect(views).not.toContain('not-the-PASSWORD-77');
  });

  it('checks its options, naming the field', () => {
    const base = { baseUrl: 'https://metabase.example.com', username: EMAIL, password: PASSWORD };
    expect(() => metabaseAuth({ ...base, password: '' })).toThrow(/metabase\.password/);
    expect(() => metabaseAuth({ ...base, username: ' ' })).toThrow(/metabase\.username/);
    expect(() => metabaseAuth({ ...base, baseUrl: 'metabase.example.com' })).toThrow(/metabase\.baseUrl/);
    expect(() => metabaseAuth({ ...base, baseUrl: 'https://metabase.example.com/?x=1' })).toThrow(/metabase\.baseUrl/);
    expect(() => metabaseAuth({ ...base, expiresIn: 'none' as never })).toThrow(/metabase\.expiresIn/);
    expect(() => metabaseAuth({ ...base, baseUrl: 'http://metabase.example.com' })).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INSECURE_URL' }) as Error);
  });
});
