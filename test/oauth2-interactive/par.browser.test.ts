// Pushed authorization requests (RFC 9126) against oidc-provider with PAR required (and DPoP on,
// a nonce required on every proof), driven by headless Chromium: loopbackLogin and
// authorizationUrl push the parameters with the client's authentication, the browser URL holds
// only client_id and request_uri, and the login completes. Without a push the server refuses
// the authorization request; a refused push names the OAuth error and holds no secret.
import { inspect } from 'node:util';
import { decodeProtectedHeader, calculateJwkThumbprint, type JWK } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizationUrl, createAuth, discoverAuthorizationServer, handleCallback, isAuthError, loopbackLogin, MemoryTokenStore,
  type AuthorizationServerMetadata, type LoopbackLoginOptions,
} from '../../src/index.js';
import { chromiumPath, launchBrowser } from '../servers/browser.js';
import { dpopFeature } from '../servers/oidc.js';
import { startInteractiveServer, WEB_CLIENT_SECRET, type InteractiveServer } from '../servers/oidc-interactive.js';
import { captureCallback, isolatedPage, signInAndConsent, waitForCallback } from './support/browser-steps.js';

let oidc: InteractiveServer;
let browser: Browser;
let metadata: AuthorizationServerMetadata;
const redirectUri = 'http://127.0.0.1:48214/callback';

describe.runIf(chromiumPath !== undefined)('pushed authorization requests (oidc-provider, PAR required)', () => {
  beforeAll(async () => {
    oidc = await startInteractiveServer({
      features: { pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true }, dPoP: dpopFeature },
      clients: [{
        client_id: 'web-par', client_secret: WEB_CLIENT_SECRET, token_endpoint_auth_method: 'client_secret_basic', application_type: 'web',
        redirect_uris: [redirectUri], response_types: ['code'], grant_types: ['authorization_code', 'refresh_token'], scope: 'openid offline_access',
      }],
    });
    browser = await launchBrowser();
    metadata = await discoverAuthorizationServer(oidc.issuer);
  });
  afterAll(async () => {
    await browser?.close();
    await oidc?.close();
  });

  function loginOptions(store: MemoryTokenStore): Omit<LoopbackLoginOptions, 'open'> {
    return { ...metadata, clientId: 'cli-app', scope: ['openid', 'offline_access'], prompt: 'consent', store, refreshAhead: false };
  }

  it('discovery reads the PAR endpoint and that the server requires it', () => {
    expect(metadata).toMatchObject({ pushedAuthorizationRequestEndpoint: `${oidc.issuer}/request`, requirePushedAuthorizationRequests: true });
  });

  it('loopbackLogin pushes the parameters; the browser URL holds only client_id and request_uri; the login completes', async () => {
    const store = new MemoryTokenStore();
    const { context, page } = await isolatedPage(browser);
    const before = oidc.pushes.length;
    const opened: string[] = [];
    let browsing: Promise<void> = Promise.resolve();
    const result = await loopbackLogin({
      ...loginOptions(store),
      open: (url) => {
        opened.push(url);
        browsing = signInAndConsent(page, url);
      },
    });
    await browsing;
    await context.close();
    const url = new URL(opened[0] ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(oidc.authorizationEndpoint);
    expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(url.searchParams.get('client_id')).toBe('cli-app');
    const pushes = oidc.pushes.slice(before);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ status: 201, params: { client_id: 'cli-app', response_type: 'code', code_challenge_method: 'S256', scope: 'openid offline_access' } });
    expect(pushes[0]?.params['redirect_uri']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(url.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    expect(result.token.refreshToken).toBeDefined();
    expect(oidc.count('authorization_code', 'ok')).toBeGreaterThanOrEqual(1);
    await result.authenticator.close();
  });

  it('authorizationUrl with pushedAuthorizationRequests: true pushes with client_secret_basic; handleCallback completes the login', async () => {
    const store = new MemoryTokenStore();
    const options = { ...metadata, clientId: 'web-par', clientSecret: WEB_CLIENT_SECRET, redirectUri, scope: ['openid', 'offline_access'], prompt: 'consent', store } as const;
    const before = oidc.pushes.length;
    const { url, pending } = await authorizationUrl({ ...options, pushedAuthorizationRequests: true });
    expect([...new URL(url).searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    const pushed = oidc.pushes.slice(before);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]?.authorization).toMatch(/^Basic /);
    expect(pushed[0]?.params['client_secret']).toBeUndefined();
    expect(pushed[0]?.params['state']).toBe(pending.state);
    const { context, page } = await isolatedPage(browser);
    const callback = await captureCallback(page, url, redirectUri);
    await context.close();
    const { token, authenticator } = await handleCallback(callback, pending, options);
    expect(token.accessToken).not.toBe('');
    await authenticator.close();
  });

  it('without a push the server refuses the authorization request; authorizationUrl refuses to build one for a server that requires pushes', async () => {
    const { pushedAuthorizationRequestEndpoint: _endpoint, requirePushedAuthorizationRequests: _required, ...plain } = metadata;
    const options = { ...plain, clientId: 'web-par', clientSecret: WEB_CLIENT_SECRET, redirectUri, scope: ['openid'], store: new MemoryTokenStore() };
    const { url, pending } = authorizationUrl(options);
    expect(new URL(url).searchParams.get('code_challenge')).not.toBeNull();
    const { context, page } = await isolatedPage(browser);
    const delivered = waitForCallback(page, redirectUri);
    await page.goto(url, { waitUntil: 'domcontentloaded' }).catch(() => undefined); // nothing listens on the redirect URI
    const callback = new URL(await delivered);
    await context.close();
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')?.toLowerCase()).toContain('pushed authorization request must be used');
    await expect(handleCallback(callback, pending, options)).rejects.toMatchObject({ code: 'ERR_AUTH_CALLBACK', details: { reason: 'error_response', error: 'invalid_request' } });

    let refused: unknown;
    try {
      authorizationUrl({ ...metadata, clientId: 'web-par', redirectUri });
    } catch (error) {
      refused = error;
    }
    expect(isAuthError(refused, 'ERR_AUTH_INVALID_CONFIG') && refused.details['field']).toBe('pushedAuthorizationRequests');
    await expect(loopbackLogin({ ...loginOptions(new MemoryTokenStore()), pushedAuthorizationRequests: false })).rejects.toMatchObject({
      code: 'ERR_AUTH_INVALID_CONFIG', details: { field: 'pushedAuthorizationRequests' },
    });
  });

  it('a refused push is ERR_AUTH_TOKEN_REQUEST_FAILED naming the OAuth error, without the secret; the browser is never opened', async () => {
    let opened = 0;
    const error: unknown = await loopbackLogin({
      ...loginOptions(new MemoryTokenStore()),
      clientId: 'web-app',
      clientSecret: 'wrong secret value 123',
      open: () => {
        opened += 1;
      },
    }).then(() => undefined, (caught: unknown) => caught);
    expect(opened).toBe(0);
    expect(isAuthError(error, 'ERR_AUTH_TOKEN_REQUEST_FAILED')).toBe(true);
    expect(isAuthError(error) && error.details).toMatchObject({ status: 401, error: 'invalid_client', reason: 'pushed_authorization_request' });
    expect(String(error)).toContain('pushed authorization request');
    const text = `${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 10 })}`;
    expect(text).not.toContain('wrong secret value 123');
    expect(text).not.toContain(Buffer.from('web-app:wrong+secret+value+123').toString('base64'));
  });

  it('with DPoP: the push carries a proof (one retry for the nonce); the code is bound to the key the exchange proves with', async () => {
    const store = new MemoryTokenStore();
    const { context, page } = await isolatedPage(browser);
    const before = oidc.pushes.length;
    let browsing: Promise<void> = Promise.resolve();
    const result = await loopbackLogin({
      ...loginOptions(store),
      dpop: {},
      open: (url) => {
        browsing = signInAndConsent(page, url);
      },
    });
    await browsing;
    await context.close();
    const pushes = oidc.pushes.slice(before);
    expect(pushes.map((push) => [push.status, push.error])).toEqual([[400, 'use_dpop_nonce'], [201, undefined]]);
    expect(result.token.tokenType).toBe('DPoP');
    const proofKey = decodeProtectedHeader(pushes[1]?.dpop ?? '').jwk as JWK;
    const stored = JSON.parse((await store.get(result.authenticator.tokenManager.key))?.dpopKey ?? '{}') as JWK;
    const { d: _d, ...publicPart } = stored;
    expect(await calculateJwkThumbprint(proofKey)).toBe(await calculateJwkThumbprint(publicPart));
    await result.authenticator.close();
  });

  it('the config form takes pushedAuthorizationRequests for oauth2Interactive', async () => {
    const auth = createAuth({ type: 'oauth2Interactive', clientId: 'cli-app', pushedAuthorizationRequests: true });
    expect(auth.name).toBe('oauth2:interactive');
    await auth.close?.();
    expect(() => createAuth({ type: 'oauth2Interactive', clientId: 'cli-app', pushedAuthorizationRequests: 'yes' } as never)).toThrow(/pushedAuthorizationRequests/);
  });
});
