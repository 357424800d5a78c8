// Smartsheet: single-use refresh tokens. Each refresh returns a new refresh token and kills the
// old one; the new one must be used next time and the old one never sent again — also by a new
// authenticator started later from the same (now spent) refresh token in its options.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { MemoryTokenStore, type TokenEvent } from '../../src/index.js';
import { smartsheetAuth } from '../../src/entries/providers.js';
import { form, protectedApi, startFakeProvider, TokenIssuer, type FakeProvider } from './support/fake-provider.js';

const accessTokens = new TokenIssuer();
const refreshTokens = new TokenIssuer();
/** Every refresh token ever spent: Smartsheet refuses them with invalid_grant. */
const spent = new Set<string>();
let smartsheet: FakeProvider;

beforeAll(async () => {
  smartsheet = await startFakeProvider({
    '/2.0/token': (request) => {
      const body = form(request);
      if (body.get('client_id') !== 'ss-client' || body.get('client_secret') !== 'ss-secret') return { status: 401, body: { error: 'invalid_client' } };
      const presented = body.get('refresh_token') ?? '';
      if (body.get('grant_type') !== 'refresh_token' || !refreshTokens.use(presented)) {
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid Grant. The authorization code or refresh token provided was invalid.' } };
      }
      spent.add(presented);
      return { body: { access_token: accessTokens.issue('ss'), token_type: 'bearer', refresh_token: refreshTokens.issue('ss-rt'), expires_in: 604_799 } };
    },
    '/2.0/sheets': protectedApi((token) => accessTokens.accepts(token) || token === 'static-api-token'),
  });
});
afterAll(async () => {
  await smartsheet.close();
});
afterEach(() => {
  vi.useRealTimers();
  smartsheet.requests.length = 0;
});

describe('smartsheetAuth', () => {
  it('rotation: the new refresh token is stored before use and sent next; a spent one is never re-sent', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2030-01-01T00:00:00Z').getTime();
    vi.setSystemTime(start);
    const store = new MemoryTokenStore();
    const initial = refreshTokens.issue('ss-rt');
    const events: TokenEvent[] = [];
    const options = {
      clientId: 'ss-client', clientSecret: 'ss-secret', refreshToken: initial, tokenUrl: smartsheet.url('/2.0/token'), baseUrl: smartsheet.url('/2.0'),
      store, onToken: (event: TokenEvent) => {
        events.push(event);
      },
    };
    const auth = smartsheetAuth(options);
    const api = authFetch(auth);
    expect((await api(`${auth.baseUrl}/sheets`)).status).toBe(200);
    expect((await auth.getToken()).expiresAt).toBe(start + 604_799_000);

    for (let week = 1; week <= 3; week += 1) {
      vi.setSystemTime(start + week * 604_800_000); // each 7-day token has expired
      expect((await api(`${auth.baseUrl}/sheets`)).status).toBe(200);
    }
    const sent = smartsheet.on('/2.0/token').map((request) => form(request).get('refresh_token') ?? '');
    expect(sent).toHaveLength(4);
    expect(new Set(sent).size).toBe(4); // every refresh token sent exactly once
    expect(sent[0]).toBe(initial);
    expect(events.every((event) => event.rotated)).toBe(true);
    await auth.close();

    // A restart with the same configuration (the spent token in the options) uses the stored token.
    vi.setSystemTime(start + 5 * 604_800_000);
    const restarted = smartsheetAuth(options);
    expect((await authFetch(restarted)(`${restarted.baseUrl}/sheets`)).status).toBe(200);
    const afterRestart = smartsheet.on('/2.0/token').map((request) => form(request).get('refresh_token') ?? '');
    expect(afterRestart).toHaveLength(5);
    expect(afterRestart.filter((token) => token === initial)).toHaveLength(1);
    expect(afterRestart.slice(0, 4).every((token) => spent.has(token))).toBe(true);
    await restarted.close();
  });

  it('a 401 refreshes once with the current refresh token; a spent one in the options alone is ERR_AUTH_REAUTH_REQUIRED', async () => {
    const auth = smartsheetAuth({ clientId: 'ss-client', clientSecret: 'ss-secret', refreshToken: refreshTokens.issue('ss-rt'), tokenUrl: smartsheet.url('/2.0/token'), store: new MemoryTokenStore() });
    await auth.getToken();
    accessTokens.revokeAll();
    expect((await authFetch(auth)(smartsheet.url('/2.0/sheets'))).status).toBe(200);
    expect(smartsheet.on('/2.0/token')).toHaveLength(2);
    await auth.close();

    const [spentToken] = [...spent];
    const stale = smartsheetAuth({ clientId: 'ss-client', clientSecret: 'ss-secret', refreshToken: spentToken ?? '', tokenUrl: smartsheet.url('/2.0/token'), store: new MemoryTokenStore() });
    await expect(stale.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    await stale.close();
  });

  it('an API access token as Bearer, and regional hosts', async () => {
    const auth = smartsheetAuth({ token: 'static-api-token' });
    expect(auth.baseUrl).toBe('https://api.smartsheet.com/2.0');
    expect(smartsheetAuth({ token: 't', region: 'eu' }).baseUrl).toBe('https://api.smartsheet.eu/2.0');
    expect(smartsheetAuth({ token: 't', region: 'gov' }).baseUrl).toBe('https://api.smartsheetgov.com/2.0');
    expect((await authFetch(auth)(smartsheet.url('/2.0/sheets'))).status).toBe(200);
    expect(smartsheet.requests.at(-1)?.headers.authorization).toBe('Bearer static-api-token');
  });
});
