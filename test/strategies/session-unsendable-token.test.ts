// sessionTokenAuth whose login answers a session token a header cannot carry: the caller gets an
// AuthError (not a TypeError on every request), without the token in it; nothing is cached and
// the next call logs in again.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { MemoryTokenStore, sessionTokenAuth, type SessionTokenAuthOptions } from '../../src/index.js';
import { everythingShown, findAuthError } from '../conformance/support.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';
import { startTokenServer, type TokenServer } from '../servers/token-server.js';

let login: TokenServer;
let api: ResourceServer;
const issued = new Set<string>();

beforeAll(async () => {
  login = await startTokenServer();
  api = await startResourceServer((token) => issued.has(token));
});
afterAll(async () => {
  await api.close();
  await login.close();
});
beforeEach(() => {
  login.requests.length = 0;
});

const secret = 'sess-SECRET-91c2';

function session(source: { tokenPath?: string; tokenHeader?: string; inject?: SessionTokenAuthOptions['inject'] }) {
  return sessionTokenAuth({
    login: { url: login.tokenUrl, json: { username: 'robot', password: 'pw' } },
    expiresIn: 'PT1H',
    store: new MemoryTokenStore(),
    backoff: { maxAttempts: 1, cooldownMs: 0 },
    ...source,
  } as unknown as SessionTokenAuthOptions);
}

describe('sessionTokenAuth: a session token a header cannot carry', () => {
  it.each([
    { what: 'NUL', char: '\u0000' },
    { what: 'a control character', char: '\u0001' },
    { what: 'DEL', char: '\u007f' },
    { what: 'a character above U+00FF', char: '✓' },
    { what: 'an emoji', char: '😀' },
  ])('a token at a JSON path holding $what is refused on arrival; the next call logs in again', async ({ char }) => {
    login.reply(() => ({ body: { token: `${secret}${char}x` } }));
    const auth = session({ tokenPath: 'token' });
    const fetchWithAuth = authFetch(auth);
    const presented = api.tokens.length;
    for (let call = 1; call <= 2; call += 1) {
      const error: unknown = await fetchWithAuth(api.url).then(() => 'resolved', (thrown: unknown) => thrown);
      expect(error).not.toBeInstanceOf(TypeError);
      expect(findAuthError(error, 'ERR_AUTH_TOKEN_REQUEST_FAILED')?.message).toMatch(/the token found at "token" in the response body cannot be sent/);
      expect(everythingShown(error)).not.toContain(secret);
      expect(login.requests).toHaveLength(call);
    }
    expect(api.tokens).toHaveLength(presented);
    const good = `${secret}-good-${char.codePointAt(0) ?? 0}`;
    issued.add(good);
    login.reply(() => ({ body: { token: good } }));
    expect((await fetchWithAuth(api.url)).status).toBe(200);
    expect(login.requests).toHaveLength(3);
    await auth.close();
  });

  it('a token from a response header holding a tab is refused too, whatever the placement', async () => {
    login.reply(() => ({ headers: { 'x-auth-token': `${secret}\tx` }, body: { ok: true } }));
    for (const inject of [{ in: 'header', name: 'Authorization', prefix: 'Bearer' }, { in: 'query', name: 'session' }] as const) {
      const auth = session({ tokenHeader: 'X-Auth-Token', inject });
      const error: unknown = await auth.getToken().catch((thrown: unknown) => thrown);
      expect(findAuthError(error, 'ERR_AUTH_TOKEN_REQUEST_FAILED')?.message).toMatch(/in the response header X-Auth-Token cannot be sent/);
      expect(everythingShown(error)).not.toContain(secret);
      await auth.close();
    }
  });
});
