// A token server answering tokens a header cannot carry: the caller gets an AuthError (never a
// TypeError from Headers, request after request), the error shows no token, nothing is cached,
// and the next call asks the server again.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { isAuthError, MemoryTokenStore, oauth2Auth, TokenManager } from '../../src/index.js';
import { everythingShown, findAuthError } from '../conformance/support.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';
import { startTokenServer, tokenReply, type TokenServer } from '../servers/token-server.js';

let server: TokenServer;
let api: ResourceServer;
const issued = new Set<string>();

beforeAll(async () => {
  server = await startTokenServer();
  api = await startResourceServer((token) => issued.has(token));
});
afterAll(async () => {
  await api.close();
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

const secret = 'tok-SECRET-7f3a';
const unsendable = [
  { what: 'NUL', char: '\u0000' },
  { what: 'a control character', char: '\u0001' },
  { what: 'a tab', char: '\t' },
  { what: 'DEL', char: '\u007f' },
  { what: 'a character above U+00FF', char: '✓' },
  { what: 'an emoji', char: '😀' },
];

function client() {
  return oauth2Auth({
    grant: 'client_credentials', tokenUrl: server.tokenUrl, clientId: 'app', clientSecret: 'app-secret', store: new MemoryTokenStore(),
    backoff: { maxAttempts: 1, cooldownMs: 0 },
  });
}

async function expectRefusedThenRecovered(field: 'access_token' | 'token_type', value: string): Promise<void> {
  server.reply(() => ({ body: field === 'access_token' ? { access_token: value, token_type: 'Bearer', expires_in: 3600 } : { access_token: secret, token_type: value, expires_in: 3600 } }));
  const auth = client();
  const api$ = authFetch(auth);
  const presented = api.tokens.length;
  for (let call = 1; call <= 2; call += 1) {
    const error: unknown = await api$(api.url).then(() => 'resolved', (thrown: unknown) => thrown);
    expect(error).not.toBeInstanceOf(TypeError);
    const authError = findAuthError(error, 'ERR_AUTH_TOKEN_REQUEST_FAILED');
    expect(authError?.message).toMatch(new RegExp(`${field === 'access_token' ? 'access token' : 'token type'} at "${field}" holds characters a header cannot carry`));
    expect(everythingShown(error)).not.toContain(secret);
    expect(server.requests).toHaveLength(call); // nothing cached: every call asks the server again
  }
  expect(api.tokens).toHaveLength(presented); // no request went out with the token
  server.reply(() => {
    const reply = tokenReply();
    issued.add(String((reply.body as { access_token: string }).access_token));
    return reply;
  });
  expect((await api$(api.url)).status).toBe(200);
  expect(server.requests).toHaveLength(3);
  await auth.close();
}

describe('tokens a header cannot carry', () => {
  it.each(unsendable)('an access token holding $what is refused when it arrives, never cached', async ({ char }) => {
    await expectRefusedThenRecovered('access_token', `${secret}${char}tail`);
  });

  it.each(unsendable)('a token_type holding $what is refused when it arrives, never cached', async ({ char }) => {
    await expectRefusedThenRecovered('token_type', `Bearer${char}`);
  });

  it('characters a header carries (Latin-1 above U+00A0, spaces inside) are accepted', async () => {
    server.reply(() => ({ body: { access_token: 'tok café', token_type: 'bearer', expires_in: 3600 } }));
    const auth = client();
    await expect(auth.getToken()).resolves.toMatchObject({ accessToken: 'tok café', tokenType: 'Bearer' });
    await auth.close();
  });

  it("a custom token source's token is checked the same way", async () => {
    let calls = 0;
    const manager = new TokenManager({
      key: 'unsendable', store: new MemoryTokenStore(), backoff: { maxAttempts: 1, cooldownMs: 0 },
      fetchToken: async () => {
        calls += 1;
        return { accessToken: `${secret}\u0000`, tokenType: 'Bearer', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 };
      },
    });
    for (let call = 1; call <= 2; call += 1) {
      const error: unknown = await manager.getToken().catch((thrown: unknown) => thrown);
      expect(isAuthError(error, 'ERR_AUTH_TOKEN_REQUEST_FAILED')).toBe(true);
      expect(everythingShown(error)).not.toContain(secret);
      expect(calls).toBe(call);
    }
    expect(manager.peek()).toBeUndefined();
    await expect(manager.setToken({ accessToken: `${secret}✓`, tokenType: 'Bearer', issuedAt: Date.now(), expiresAt: Date.now() + 60_000 })).rejects.toMatchObject({
      code: 'ERR_AUTH_INVALID_CONFIG',
    });
    await manager.close();
  });

  it('an initial access token a header cannot carry is refused at creation', () => {
    expect(() => oauth2Auth({ grant: 'refresh_token', tokenUrl: server.tokenUrl, clientId: 'app', refreshToken: 'rt', accessToken: `${secret}\u0000` })).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG' }),
    );
  });
});
