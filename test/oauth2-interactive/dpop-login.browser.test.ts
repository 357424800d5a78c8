// DPoP in the interactive logins against oidc-provider with DPoP on and a nonce required,
// driven by headless Chromium: loopbackLogin and deviceLogin prove possession in their token
// requests and store the key beside the token; for a public client the refresh token is bound
// to that key, so a later authenticator on the same store refreshes with it, and a record whose
// key was swapped cannot refresh. The token also works at oidc-provider's own userinfo endpoint,
// whose nonce challenge gets one retry.
import { exportJWK, generateKeyPair } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { deviceLogin, loopbackLogin, MemoryTokenStore, oauth2Auth, type LoopbackLoginOptions } from '../../src/index.js';
import { chromiumPath, launchBrowser } from '../servers/browser.js';
import { dpopFeature } from '../servers/oidc.js';
import { startInteractiveServer, type InteractiveServer } from '../servers/oidc-interactive.js';
import { approveDevice, isolatedPage, signInAndConsent } from './support/browser-steps.js';

let oidc: InteractiveServer;
let browser: Browser;

describe.runIf(chromiumPath !== undefined)('DPoP in loopbackLogin and deviceLogin (oidc-provider, nonce required)', () => {
  beforeAll(async () => {
    oidc = await startInteractiveServer({ features: { dPoP: dpopFeature } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await oidc?.close();
  });

  function options(store: MemoryTokenStore): Omit<LoopbackLoginOptions, 'open'> {
    return {
      authorizationEndpoint: oidc.authorizationEndpoint,
      tokenUrl: oidc.tokenUrl,
      issuer: oidc.issuer,
      clientId: 'cli-app',
      scope: ['openid', 'offline_access', 'api:read'],
      prompt: 'consent',
      store,
      refreshAhead: false,
      dpop: {},
    };
  }

  it('loopbackLogin: a DPoP token whose key is stored; a later authenticator refreshes the bound refresh token with it; a swapped key cannot', async () => {
    const store = new MemoryTokenStore();
    const { context, page } = await isolatedPage(browser);
    let browsing: Promise<void> = Promise.resolve();
    const result = await loopbackLogin({
      ...options(store),
      open: (url) => {
        browsing = signInAndConsent(page, url);
      },
    });
    await browsing;
    await context.close();
    expect(result.token.tokenType).toBe('DPoP');
    const stored = await store.get(result.authenticator.tokenManager.key);
    expect(stored?.dpopKey).toContain('"d":');
    await result.authenticator.close();

    // Another run: no key configured, the stored one is used for the refresh and for requests.
    const auth = oauth2Auth({ grant: 'authorization_code', ...options(store) });
    await auth.tokenManager.rejectToken(result.token.accessToken);
    expect(oidc.count('refresh_token', 'ok')).toBe(1);
    const refreshed = await store.get(auth.tokenManager.key);
    expect(refreshed?.accessToken).not.toBe(result.token.accessToken);
    expect(refreshed?.dpopKey).toBe(stored?.dpopKey);
    const api = authFetch(auth, { origins: [oidc.issuer] });
    const me = await api(oidc.userinfoUrl);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ sub: 'alice' });
    await auth.close();

    // The refresh token is bound to the key: a record with another key cannot refresh.
    const other = await generateKeyPair('ES256', { extractable: true });
    const latest = await store.get(result.authenticator.tokenManager.key);
    const swapped = new MemoryTokenStore();
    await swapped.set(result.authenticator.tokenManager.key, { ...latest!, dpopKey: JSON.stringify({ ...(await exportJWK(other.privateKey)), alg: 'ES256' }), version: 1 });
    const thief = oauth2Auth({ grant: 'authorization_code', ...options(swapped) });
    await expect(thief.tokenManager.rejectToken(latest?.accessToken ?? '')).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    expect(oidc.events.at(-1)).toMatchObject({ grantType: 'refresh_token', ok: false, error: 'invalid_grant' });
    await thief.close();
  });

  it('deviceLogin: the polls carry proofs; the token is DPoP-bound and its key stored', async () => {
    const store = new MemoryTokenStore();
    const { context, page } = await isolatedPage(browser);
    let browsing: Promise<unknown> = Promise.resolve();
    const result = await deviceLogin({
      deviceAuthorizationUrl: oidc.deviceAuthorizationUrl,
      tokenUrl: oidc.tokenUrl,
      clientId: 'device-app',
      scope: ['openid', 'offline_access'],
      store,
      refreshAhead: false,
      dpop: {},
      onUserCode: (prompt) => {
        browsing = approveDevice(page, prompt.verificationUri, prompt.userCode);
      },
    });
    await browsing;
    await context.close();
    expect(result.token.tokenType).toBe('DPoP');
    expect((await store.get(result.authenticator.tokenManager.key))?.dpopKey).toContain('"d":');
    await result.authenticator.close();
  });
});
