// End to end: loopbackLogin against oidc-provider, driven by headless Chromium. The browser opens
// the consent URL, signs in, consents; the loopback receives the code; the token is stored; after
// the access token expires, requests refresh through the refresh token without the browser.
import { connect } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackLogin, MemoryTokenStore, oauth2Auth, type LoopbackLoginOptions } from '../../src/index.js';
import { send } from '../servers/auth-client.js';
import { chromiumPath, launchBrowser } from '../servers/browser.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';
import { startInteractiveServer, WEB_CLIENT_SECRET, type InteractiveServer } from '../servers/oidc-interactive.js';
import { isolatedPage, loopbackAnswer, signInAndConsent } from './support/browser-steps.js';

// Long enough that a fresh token is still outside the 1 s refresh window when the test first uses it, even on a busy machine.
const ttlSeconds = 6;
let oidc: InteractiveServer;
let api: ResourceServer;
let browser: Browser;

/** Resolves when nothing accepts connections on the port any more. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

const sleepUntil = (time: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

describe.runIf(chromiumPath !== undefined)('loopbackLogin in headless Chromium against oidc-provider', () => {
  beforeAll(async () => {
    oidc = await startInteractiveServer({ accessTokenTtl: ttlSeconds });
    api = await startResourceServer((token) => oidc.isActive(token));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await oidc?.close();
  });

  function options(store: MemoryTokenStore, extra: Partial<LoopbackLoginOptions> = {}): LoopbackLoginOptions {
    return {
      authorizationEndpoint: oidc.authorizationEndpoint,
      tokenUrl: oidc.tokenUrl,
      issuer: oidc.issuer,
      requireIssuerInResponse: true,
      clientId: 'cli-app',
      scope: ['openid', 'offline_access', 'api:read'],
      prompt: 'consent',
      store,
      refreshWindowMs: 1_000,
      forcedRefreshWindowMs: 1_000,
      refreshAhead: false,
      ...extra,
    };
  }

  it('signs in through the browser, stores the token, then refreshes after expiry without the browser', async () => {
    const store = new MemoryTokenStore();
    const { context, page } = await isolatedPage(browser);
    let consentUrl = '';
    let browsing: Promise<void> = Promise.resolve();
    const result = await loopbackLogin({
      ...options(store),
      open: (url) => {
        consentUrl = url;
        browsing = signInAndConsent(page, url);
      },
    });
    await browsing;
    const answer = await loopbackAnswer(page);
    expect(answer.outcome).toBe('success');
    expect(answer.text).toContain('Signed in');

    // The consent URL carried PKCE S256, state, nonce and the loopback redirect URI.
    const sent = new URL(consentUrl);
    expect(sent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(sent.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const redirect = new URL(sent.searchParams.get('redirect_uri') ?? '');
    expect(redirect.hostname).toBe('127.0.0.1');
    expect(redirect.pathname).toBe('/callback');

    // Nothing listens on the loopback port any more.
    expect(await refused(Number(redirect.port))).toBe(true);

    // The token is stored; the page holds none of it.
    const stored = await store.get(result.authenticator.tokenManager.key);
    expect(stored?.accessToken).toBe(result.token.accessToken);
    expect(stored?.refreshToken).toBeDefined();
    expect(stored?.idToken).toBeDefined();
    for (const secret of [result.token.accessToken, result.token.refreshToken ?? '', result.token.idToken ?? '']) {
      expect(answer.html).not.toContain(secret);
    }
    await context.close();
    expect(oidc.count('authorization_code', 'ok')).toBe(1);

    // A later run: a new authenticator with the same options and store uses the stored token ...
    const auth = oauth2Auth({ grant: 'authorization_code', ...options(store) });
    const first = await send(auth, api.url);
    expect(first).toMatchObject({ status: 200, credential: result.token.accessToken });
    expect(oidc.count('refresh_token')).toBe(0);

    // ... and after it expires refreshes it with the (rotating) refresh token, once for many requests.
    await sleepUntil(result.token.expiresAt + 50);
    const later = await Promise.all(Array.from({ length: 20 }, () => send(auth, api.url)));
    expect(later.every((response) => response.status === 200)).toBe(true);
    expect(new Set(later.map((response) => response.credential)).size).toBe(1);
    expect(later[0]?.credential).not.toBe(result.token.accessToken);
    expect(oidc.count('refresh_token', 'ok')).toBe(1);
    expect(oidc.events.filter((event) => !event.ok)).toEqual([]);
    const rotated = await store.get(auth.tokenManager.key);
    expect(rotated?.refreshToken).not.toBe(stored?.refreshToken);

    await auth.close();
    await result.authenticator.close();
  });

  it('a confidential client authenticates the code exchange (client_secret_basic) and keeps the profile', async () => {
    const store = new MemoryTokenStore();
    const { context, page } = await isolatedPage(browser);
    let browsing: Promise<void> = Promise.resolve();
    const before = oidc.count('authorization_code', 'ok');
    const result = await loopbackLogin({
      ...options(store, { clientId: 'web-app', clientSecret: WEB_CLIENT_SECRET, scope: ['openid', 'email', 'offline_access'] }),
      profile: { url: oidc.userinfoUrl, idPath: 'sub', emailPath: 'email' },
      open: (url) => {
        browsing = signInAndConsent(page, url, 'bob');
      },
    });
    await browsing;
    expect((await loopbackAnswer(page)).outcome).toBe('success');
    await context.close();
    expect(oidc.count('authorization_code', 'ok')).toBe(before + 1);
    expect(oidc.events.at(-1)?.clientId).toBe('web-app');
    expect(result.profile).toEqual({ id: 'bob', email: 'bob@example.com' });
    const stored = await store.get(result.authenticator.tokenManager.key);
    expect(stored?.extra).toMatchObject({ profile: { id: 'bob', email: 'bob@example.com' } });

    // The profile survives a refresh (forced here by a refusal rather than by waiting for expiry).
    await result.authenticator.tokenManager.rejectToken(result.token.accessToken);
    expect((await send(result.authenticator, api.url)).status).toBe(200);
    expect(oidc.events.at(-1)).toMatchObject({ grantType: 'refresh_token', clientId: 'web-app', ok: true });
    const refreshed = await store.get(result.authenticator.tokenManager.key);
    expect(refreshed?.accessToken).not.toBe(result.token.accessToken);
    expect(refreshed?.extra).toMatchObject({ profile: { id: 'bob', email: 'bob@example.com' } });
    await result.authenticator.close();
  });
});
