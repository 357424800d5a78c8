// End to end: deviceLogin against oidc-provider's device flow. While the library polls, headless
// Chromium completes the verification page (enters the user code, confirms, signs in, consents);
// the token is stored and later refreshed without the browser. Pressing Abort on the
// confirmation page ends the login with ERR_AUTH_ACCESS_DENIED.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceLogin, isAuthError, MemoryTokenStore, oauth2Auth, type DeviceLoginOptions, type DeviceUserCode } from '../../src/index.js';
import { send } from '../servers/auth-client.js';
import { chromiumPath, launchBrowser } from '../servers/browser.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';
import { startInteractiveServer, type InteractiveServer } from '../servers/oidc-interactive.js';
import { approveDevice, denyDevice, isolatedPage } from './support/browser-steps.js';

// Long enough that a fresh token is still outside the 1 s refresh window when the test first uses it, even on a busy machine.
const ttlSeconds = 6;
let oidc: InteractiveServer;
let api: ResourceServer;
let browser: Browser;

const sleepUntil = (time: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

describe.runIf(chromiumPath !== undefined)('deviceLogin with the verification page in headless Chromium (oidc-provider)', () => {
  beforeAll(async () => {
    oidc = await startInteractiveServer({ accessTokenTtl: ttlSeconds, deviceInterval: 1 });
    api = await startResourceServer((token) => oidc.isActive(token));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await oidc?.close();
  });

  function options(store: MemoryTokenStore): DeviceLoginOptions {
    return {
      deviceAuthorizationUrl: oidc.deviceAuthorizationUrl,
      tokenUrl: oidc.tokenUrl,
      clientId: 'device-app',
      scope: ['openid', 'offline_access', 'api:read'],
      store,
      refreshWindowMs: 1_000,
      forcedRefreshWindowMs: 1_000,
      refreshAhead: false,
    };
  }

  it('polls while the user approves in the browser, stores the token, then refreshes without the browser', async () => {
    const store = new MemoryTokenStore();
    const { context, page } = await isolatedPage(browser);
    let shown: DeviceUserCode | undefined;
    let browsing: Promise<string> = Promise.resolve('');
    const result = await deviceLogin({
      ...options(store),
      onUserCode: (prompt) => {
        shown = prompt;
        browsing = approveDevice(page, prompt.verificationUri, prompt.userCode);
      },
    });
    expect(await browsing).toContain('Sign-in Success');
    await context.close();
    expect(shown).toMatchObject({ verificationUri: `${oidc.issuer}/device`, intervalMs: 1_000 });
    expect(shown?.verificationUriComplete).toContain('user_code=');
    expect(JSON.stringify(shown)).not.toContain(result.token.accessToken);

    // Polled: pending answers first, then one success; never faster than the interval.
    const polls = oidc.events.filter((event) => event.grantType === 'urn:ietf:params:oauth:grant-type:device_code');
    expect(polls.at(-1)).toMatchObject({ ok: true, clientId: 'device-app' });
    expect(polls.slice(0, -1).every((event) => event.error === 'authorization_pending')).toBe(true);

    const stored = await store.get(result.authenticator.tokenManager.key);
    expect(stored).toMatchObject({ accessToken: result.token.accessToken, refreshToken: expect.any(String) });

    const auth = oauth2Auth({ grant: 'device_code', ...options(store) });
    expect((await send(auth, api.url)).credential).toBe(result.token.accessToken);
    await sleepUntil(result.token.expiresAt + 50);
    const after = await Promise.all(Array.from({ length: 10 }, () => send(auth, api.url)));
    expect(after.every((response) => response.status === 200)).toBe(true);
    expect(new Set(after.map((response) => response.credential)).size).toBe(1);
    expect(oidc.count('refresh_token', 'ok')).toBe(1);
    await auth.close();
    await result.authenticator.close();
  });

  it('the user presses Abort on the confirmation page: ERR_AUTH_ACCESS_DENIED, nothing stored', async () => {
    const store = new MemoryTokenStore();
    const { context, page } = await isolatedPage(browser);
    let browsing: Promise<void> = Promise.resolve();
    const error = await deviceLogin({
      ...options(store),
      onUserCode: (prompt) => {
        browsing = denyDevice(page, prompt.verificationUri, prompt.userCode);
      },
    }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    await browsing;
    await context.close();
    expect(isAuthError(error, 'ERR_AUTH_ACCESS_DENIED')).toBe(true);
    expect(store.size).toBe(0);
  });

  it('abort while polling: ERR_AUTH_ABORTED, no more polls', async () => {
    const store = new MemoryTokenStore();
    const controller = new AbortController();
    const login = deviceLogin({
      ...options(store),
      signal: controller.signal,
      onUserCode: () => {
        setTimeout(() => controller.abort(), 1_500);
      },
    });
    await expect(login).rejects.toMatchObject({ code: 'ERR_AUTH_ABORTED' });
    const polls = oidc.events.length;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(oidc.events.length).toBe(polls);
    expect(store.size).toBe(0);
  });
});
