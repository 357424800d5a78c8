// deviceLogin's polling rules (RFC 8628 §3.4-3.5) with fake timers and a scripted token endpoint:
// the interval, slow_down (+5 s for this and every later poll), the 5 s default, access_denied,
// expired_token and the code's own expiry, abort, backoff on transient failures. Times are read
// from the fake clock, never the wall clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deviceLogin, isAuthError, MemoryTokenStore, type DeviceLoginOptions, type DeviceUserCode } from '../../src/index.js';

const deviceUrl = 'https://auth.example.com/device/code';
const tokenUrl = 'https://auth.example.com/token';
const deviceCode = 'GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS';

interface Reply {
  readonly status?: number;
  readonly body: Record<string, unknown>;
}
interface Call {
  readonly at: number;
  readonly url: string;
  readonly body: URLSearchParams;
  readonly headers: Headers;
}

const pending: Reply = { status: 400, body: { error: 'authorization_pending' } };
const slowDown: Reply = { status: 400, body: { error: 'slow_down' } };
const success: Reply = { body: { access_token: 'device-access-token-0123456789', token_type: 'Bearer', expires_in: 3600, refresh_token: 'device-refresh-0123456789' } };
const started = (extra: Record<string, unknown> = {}): Reply => ({
  body: { device_code: deviceCode, user_code: 'WDJB-MJHT', verification_uri: 'https://auth.example.com/device', verification_uri_complete: 'https://auth.example.com/device?user_code=WDJB-MJHT', expires_in: 1800, interval: 2, ...extra },
});

let store: MemoryTokenStore;
let calls: Call[];
let t0: number;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  store = new MemoryTokenStore();
  calls = [];
  t0 = Date.now();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A token endpoint that answers from `script` in order (and keeps answering the last reply). */
function scripted(script: readonly Reply[]): (input: URL, init: RequestInit) => Promise<Response> {
  return async (input, init) => {
    calls.push({ at: Date.now() - t0, url: input.href, body: new URLSearchParams(String(init.body)), headers: new Headers(init.headers) });
    const reply = script[Math.min(calls.length - 1, script.length - 1)] ?? pending;
    return new Response(JSON.stringify(reply.body), { status: reply.status ?? 200, headers: { 'content-type': 'application/json' } });
  };
}

function options(script: readonly Reply[], extra: Partial<DeviceLoginOptions> = {}): DeviceLoginOptions {
  return { deviceAuthorizationUrl: deviceUrl, tokenUrl, clientId: 'tv', scope: ['offline_access'], store, refreshAhead: false, onUserCode: () => undefined, fetch: scripted(script), ...extra };
}

/** Runs the login on the fake clock until it settles (at most `limitMs` of fake time). */
async function run(login: Promise<unknown>, limitMs = 120_000): Promise<unknown> {
  let outcome: { value: unknown } | undefined;
  login.then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { value: error }),
  );
  for (let spent = 0; outcome === undefined && spent < limitMs; spent += 250) await vi.advanceTimersByTimeAsync(250);
  if (outcome === undefined) throw new Error('the login did not settle');
  return outcome.value;
}

const polls = () => calls.filter((call) => call.url === tokenUrl);
const gaps = () => polls().map((call, index, all) => call.at - (index === 0 ? (calls[0]?.at ?? 0) : (all[index - 1]?.at ?? 0)));

describe('deviceLogin polling', () => {
  it('waits the interval before each poll; slow_down adds 5 s for that and every later poll', async () => {
    let shown: DeviceUserCode | undefined;
    const result = await run(
      deviceLogin(options([started(), pending, slowDown, pending, success], { onUserCode: (prompt) => void (shown = prompt) })),
    );
    expect(isAuthError(result)).toBe(false);
    expect(gaps()).toEqual([2_000, 2_000, 7_000, 7_000]);
    expect(shown).toEqual({
      userCode: 'WDJB-MJHT', verificationUri: 'https://auth.example.com/device', verificationUriComplete: 'https://auth.example.com/device?user_code=WDJB-MJHT',
      expiresAt: t0 + 1_800_000, intervalMs: 2_000,
    });
    expect(JSON.stringify(shown)).not.toContain(deviceCode);
    expect(Object.fromEntries(calls[0]?.body ?? [])).toEqual({ scope: 'offline_access', client_id: 'tv' });
    expect(Object.fromEntries(polls()[0]?.body ?? [])).toEqual({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode, client_id: 'tv' });
    expect(store.size).toBe(1);
  });

  it('polls every 5 s when the server gives no interval; a Google-style verification_url is accepted', async () => {
    const shown: DeviceUserCode[] = [];
    await run(
      deviceLogin(
        options([started({ interval: undefined, verification_uri: undefined, verification_url: 'https://www.google.com/device' }), pending, success], {
          onUserCode: (prompt) => void shown.push(prompt),
        }),
      ),
    );
    expect(gaps()).toEqual([5_000, 5_000]);
    expect(shown[0]?.verificationUri).toBe('https://www.google.com/device');
  });

  it('access_denied ends it with ERR_AUTH_ACCESS_DENIED; expired_token with ERR_AUTH_EXPIRED; nothing stored', async () => {
    const denied = await run(deviceLogin(options([started(), pending, { status: 400, body: { error: 'access_denied' } }])));
    expect(denied).toMatchObject({ code: 'ERR_AUTH_ACCESS_DENIED', details: { error: 'access_denied' } });
    calls = [];
    const expired = await run(deviceLogin(options([started(), { status: 400, body: { error: 'expired_token' } }])));
    expect(expired).toMatchObject({ code: 'ERR_AUTH_EXPIRED' });
    expect(store.size).toBe(0);
  });

  it('stops at the code\'s own expiry without another poll (ERR_AUTH_EXPIRED)', async () => {
    const result = await run(deviceLogin(options([started({ expires_in: 7, interval: 2 }), pending])));
    expect(result).toMatchObject({ code: 'ERR_AUTH_EXPIRED' });
    expect(polls().map((call) => call.at)).toEqual([2_000, 4_000, 6_000]);
  });

  it('abort while waiting: ERR_AUTH_ABORTED, and no poll after it', async () => {
    const controller = new AbortController();
    const login = deviceLogin(options([started(), pending], { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(4_500);
    controller.abort();
    expect(await run(login)).toMatchObject({ code: 'ERR_AUTH_ABORTED' });
    const count = polls().length;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(polls()).toHaveLength(count);
    expect(count).toBe(2);
  });

  it('network errors and 5xx back off exponentially, reset on an answer, and give up after 5 in a row', async () => {
    const unavailable: Reply = { status: 503, body: { error: 'temporarily_unavailable' } };
    await run(deviceLogin(options([started(), unavailable, unavailable, pending, success])));
    expect(gaps()).toEqual([2_000, 4_000, 8_000, 2_000]);

    calls = [];
    t0 = Date.now();
    const failure = await run(deviceLogin(options([started(), unavailable])), 400_000);
    expect(failure).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 503 } });
    expect(polls()).toHaveLength(5);
  });

  it('a failed start sends no poll; secrets never reach an error', async () => {
    const start = await run(deviceLogin(options([{ status: 401, body: { error: 'invalid_client', error_description: 'bad secret top-secret-value' } }], { clientSecret: 'top-secret-value' })));
    expect(start).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { error: 'invalid_client', status: 401 } });
    expect(JSON.stringify(start)).not.toContain('top-secret-value');
    expect(polls()).toHaveLength(0);
    expect(calls[0]?.headers.get('authorization')).toMatch(/^Basic /);

    calls = [];
    const echoed = await run(deviceLogin(options([started(), { status: 400, body: { error: 'invalid_request', error_description: `unknown device_code ${deviceCode}` } }])));
    expect(echoed).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED' });
    expect((echoed as Error).message).not.toContain(deviceCode);

    calls = [];
    const unusable = await run(deviceLogin(options([started({ user_code: undefined })])));
    expect(unusable).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', message: expect.stringContaining('user_code') });
  });

  it('refuses a missing or insecure device endpoint at once', async () => {
    const { deviceAuthorizationUrl: _omit, ...missing } = options([]);
    await expect(deviceLogin(missing)).rejects.toMatchObject({ code: 'ERR_AUTH_INVALID_CONFIG', details: { field: 'deviceAuthorizationUrl' } });
    await expect(deviceLogin(options([], { deviceAuthorizationUrl: 'http://auth.example.com/device' }))).rejects.toMatchObject({ code: 'ERR_AUTH_INSECURE_URL' });
    expect(calls).toHaveLength(0);
  });
});
