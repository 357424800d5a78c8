// Attacks on the authorization-code callback, with real codes from oidc-provider obtained in
// headless Chromium: forged state, replayed callback, wrong or missing iss, an error= callback,
// a code issued to another client. Each gives the right error, and no token is stored.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizationUrl, discoverAuthorizationServer, handleCallback, isAuthError, loopbackLogin, MemoryTokenStore, oauth2Auth, PendingAuthorization,
  type AuthorizationCodeOptions, type AuthorizationServerMetadata,
} from '../../src/index.js';
import { chromiumPath, launchBrowser } from '../servers/browser.js';
import { startInteractiveServer, type InteractiveServer } from '../servers/oidc-interactive.js';
import { captureCallback, isolatedPage, loopbackAnswer, signIn, waitForCallback } from './support/browser-steps.js';

let oidc: InteractiveServer;
let browser: Browser;
let metadata: AuthorizationServerMetadata;
const redirectUri = 'http://127.0.0.1:48213/callback';

async function rejection(promise: Promise<unknown>): Promise<{ code: string; reason: unknown; error: unknown; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isAuthError(error)) throw error;
    return { code: error.code, reason: error.details['reason'], error: error.details['error'], message: error.message };
  }
  throw new Error('expected a rejection');
}

describe.runIf(chromiumPath !== undefined)('authorization-code callback attacks (oidc-provider, headless Chromium)', () => {
  beforeAll(async () => {
    oidc = await startInteractiveServer();
    browser = await launchBrowser();
    metadata = await discoverAuthorizationServer(oidc.issuer);
  });
  afterAll(async () => {
    await browser?.close();
    await oidc?.close();
  });

  function options(store: MemoryTokenStore, clientId = 'cli-app'): AuthorizationCodeOptions {
    return { ...metadata, clientId, redirectUri, scope: ['openid', 'offline_access'], prompt: 'consent', store };
  }

  /** A real callback URL (code, state, iss) for `clientId`, and its pending request. */
  async function realCallback(store: MemoryTokenStore, clientId = 'cli-app'): Promise<{ callback: string; pending: PendingAuthorization }> {
    const { url, pending } = authorizationUrl(options(store, clientId));
    const { context, page } = await isolatedPage(browser);
    try {
      return { callback: await captureCallback(page, url, redirectUri), pending };
    } finally {
      await context.close();
    }
  }

  it('discovery reads the endpoints and that the server always sends iss', () => {
    expect(metadata).toMatchObject({
      issuer: oidc.issuer, tokenUrl: oidc.tokenUrl, authorizationEndpoint: oidc.authorizationEndpoint,
      deviceAuthorizationUrl: oidc.deviceAuthorizationUrl, requireIssuerInResponse: true,
    });
  });

  it('forged state: the loopback refuses the callback, answers with an error page, exchanges nothing', async () => {
    const store = new MemoryTokenStore();
    const { callback } = await realCallback(store); // a genuine code, replayed with a forged state
    const { context, page } = await isolatedPage(browser);
    const before = oidc.events.length;
    const login = loopbackLogin({
      ...options(store),
      // Not pushed: the forged callback is built from the redirect_uri in the consent URL.
      pushedAuthorizationRequests: false,
      open: async (url) => {
        const forged = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
        const real = new URL(callback);
        forged.search = real.search;
        forged.searchParams.set('state', 'forged-state-value');
        await page.goto(forged.href);
      },
    });
    expect(await rejection(login)).toMatchObject({ code: 'ERR_AUTH_CALLBACK', reason: 'state_mismatch' });
    const answer = await loopbackAnswer(page);
    expect(answer.outcome).toBe('failure');
    expect(answer.text).toContain('state does not match');
    expect(answer.html).not.toContain(new URL(callback).searchParams.get('code') ?? '');
    await context.close();
    expect(oidc.events.length).toBe(before);
    expect(store.size).toBe(0);
  });

  it('replayed callback: refused locally once used; a restored copy is refused by the server; nothing new is stored', async () => {
    const store = new MemoryTokenStore();
    const { callback, pending } = await realCallback(store);
    const record = pending.toRecord();
    const first = await handleCallback(callback, pending, options(store));
    const key = first.authenticator.tokenManager.key;
    const stored = await store.get(key);
    expect(stored?.accessToken).toBe(first.token.accessToken);
    const exchanges = oidc.count('authorization_code');

    expect(await rejection(handleCallback(callback, pending, options(store)))).toMatchObject({ code: 'ERR_AUTH_CALLBACK', reason: 'replayed' });
    expect(oidc.count('authorization_code')).toBe(exchanges);

    // A copy of the pending request restored from a session: the server refuses the used code.
    const replay = await rejection(handleCallback(callback, PendingAuthorization.fromRecord(record), options(store)));
    expect(replay).toMatchObject({ code: 'ERR_AUTH_CALLBACK', reason: 'code_refused', error: 'invalid_grant' });
    expect(replay.message).not.toContain(new URL(callback).searchParams.get('code') ?? '');
    expect(replay.message).not.toContain(record.codeVerifier);
    expect((await store.get(key))?.version).toBe(stored?.version);
    await first.authenticator.close();
  });

  it('wrong iss, or none although the server always sends it: refused before any token request', async () => {
    const store = new MemoryTokenStore();
    const { callback, pending } = await realCallback(store);
    const before = oidc.events.length;
    const wrong = new URL(callback);
    wrong.searchParams.set('iss', 'https://evil.example');
    expect(await rejection(handleCallback(wrong, pending, options(store)))).toMatchObject({ code: 'ERR_AUTH_CALLBACK', reason: 'iss_mismatch' });

    const second = await realCallback(store);
    const missing = new URL(second.callback);
    missing.searchParams.delete('iss');
    expect(await rejection(handleCallback(missing, second.pending, options(store)))).toMatchObject({ code: 'ERR_AUTH_CALLBACK', reason: 'missing_iss' });
    expect(oidc.events.slice(before).filter((event) => event.grantType === 'authorization_code')).toEqual([]);
    expect(store.size).toBe(0);
  });

  it('error= callback: the user cancels on the login page; the loopback reports access_denied', async () => {
    const store = new MemoryTokenStore();
    const { context, page } = await isolatedPage(browser);
    const login = loopbackLogin({
      ...options(store),
      open: async (url) => {
        await page.goto(url, { waitUntil: 'domcontentloaded' });
        await page.locator('a[href*="/abort"]').click();
      },
    });
    const denied = await rejection(login);
    expect(denied).toMatchObject({ code: 'ERR_AUTH_ACCESS_DENIED', reason: 'error_response', error: 'access_denied' });
    expect(denied.message).toContain('End-User aborted interaction');
    const answer = await loopbackAnswer(page);
    expect(answer.outcome).toBe('failure');
    expect(answer.text).toContain('End-User aborted interaction');
    await context.close();
    expect(store.size).toBe(0);
  });

  it('error= callback from prompt=none without a session: ERR_AUTH_CALLBACK with the server\'s error', async () => {
    const store = new MemoryTokenStore();
    const { url, pending } = authorizationUrl({ ...options(store), prompt: 'none' });
    const { context, page } = await isolatedPage(browser);
    const captured = waitForCallback(page, redirectUri);
    await page.goto(url).catch(() => undefined); // nothing listens on the redirect URI
    const callback = await captured;
    await context.close();
    expect(await rejection(handleCallback(callback, pending, options(store)))).toMatchObject({ code: 'ERR_AUTH_CALLBACK', error: 'login_required' });
    expect(store.size).toBe(0);
  });

  it('a code issued to another client is refused by the token endpoint: ERR_AUTH_CALLBACK, no token', async () => {
    const store = new MemoryTokenStore();
    const ours = authorizationUrl(options(store));
    const theirs = await realCallback(store, 'other-cli');
    const injected = new URL(theirs.callback);
    injected.searchParams.set('state', ours.pending.state); // the attacker also knows our state
    const result = await rejection(handleCallback(injected, ours.pending, options(store)));
    expect(result).toMatchObject({ code: 'ERR_AUTH_CALLBACK', reason: 'code_refused', error: 'invalid_grant' });
    expect(oidc.events.at(-1)).toMatchObject({ grantType: 'authorization_code', clientId: 'cli-app', ok: false });
    expect(store.size).toBe(0);
    // The authenticator for our client still has nothing to use.
    const auth = oauth2Auth({ grant: 'authorization_code', ...options(store) });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    await auth.close();
  });

  it('sign-in page itself: the dev login accepts anyone (sanity check of the harness)', async () => {
    const { url } = authorizationUrl(options(new MemoryTokenStore()));
    const { context, page } = await isolatedPage(browser);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await signIn(page, 'carol');
    await expect(page.locator('input[name="prompt"][value="consent"]').count()).resolves.toBe(1);
    await context.close();
  });
});
