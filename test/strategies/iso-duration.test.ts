// ISO 8601 session lifetimes: a fraction on the smallest part given (P1.5D, PT0.5S), nowhere else.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { isAuthError, MemoryTokenStore, sessionTokenAuth, type SessionTokenAuthenticator } from '../../src/index.js';
import { durationMs } from '../../src/strategies/session-expiry.js';
import { PASSWORD, startSessionApp, USER, type SessionApp } from '../servers/session-server.js';

const hour = 3_600_000;
const day = 24 * hour;

describe('ISO 8601 durations', () => {
  it.each<[string, number]>([
    ['P14D', 14 * day],
    ['P1.5D', 36 * hour],
    ['p1,5d', 36 * hour],
    ['PT0.5S', 500],
    ['P1DT1.5H', day + 1.5 * hour],
    ['P0.5W', 3.5 * day],
    ['PT1H30M', 1.5 * hour],
    ['P1M', 31 * day], // January 2030
    ['P1.5M', 31 * day + 14 * day], // half of February 2030 (28 days)
    ['P1Y', 365 * day],
  ])('%s lasts its length', (text, ms) => {
    expect(durationMs(text, Date.UTC(2030, 0, 1))).toBe(ms);
  });

  it.each(['P1.5DT1H', 'P1.5Y2M', 'PT1.5H30M', 'P', 'PT', 'P1DT', 'P1.D', 'P.5D', '1D', 'P-1D', 'P1H'])('%s is not a duration', (text) => {
    expect(durationMs(text, 0)).toBeUndefined();
  });
});

describe('sessionTokenAuth with a fractional expiresIn', () => {
  let app: SessionApp | undefined;
  let auth: SessionTokenAuthenticator | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await auth?.close();
    await app?.close();
  });

  it("expiresIn 'P1.5D' is accepted and the session lasts 36 hours", async () => {
    app = await startSessionApp();
    const start = Date.UTC(2030, 0, 1);
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    auth = sessionTokenAuth({
      login: { url: `${app.origin}/login/json`, json: { username: USER, password: PASSWORD } },
      tokenPath: 'data.tokens[0].value',
      expiresIn: 'P1.5D',
      store: new MemoryTokenStore(),
    });
    expect((await authFetch(auth)(`${app.origin}/api/items`)).status).toBe(200);
    expect((await auth.getToken()).expiresAt).toBe(start + 36 * hour);
  });

  it("expiresIn 'P1.5DT1H' (a fraction on a part that is not the smallest) is refused", () => {
    let thrown: unknown;
    try {
      sessionTokenAuth({ login: { url: 'https://x.example/login', json: {} }, tokenPath: 'a', expiresIn: 'P1.5DT1H' });
    } catch (error) {
      thrown = error;
    }
    expect(isAuthError(thrown, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
    expect((thrown as Error).message).toMatch(/expiresIn: expected an ISO 8601 duration/);
  });
});
