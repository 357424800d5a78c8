// ID token signatures against oidc-provider's own JWKS (read through the issuer's metadata), in
// loopbackLogin and deviceLogin, driven by headless Chromium. The provider signs with an RSA key
// (RS256 clients) and an EC key (ES256 clients); its JWKS endpoint publishes only the kids the test
// names. A token signed by a key the JWKS does not hold is refused after one more read of the set
// and nothing is stored; once the key is published (rotation) the next login reads the set once
// more and succeeds, and later logins use the cached set.
import { exportJWK, generateKeyPair } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceLogin, isAuthError, loopbackLogin, MemoryTokenStore, type LoopbackLoginOptions } from '../../src/index.js';
import { chromiumPath, launchBrowser } from '../servers/browser.js';
import { LOOPBACK_REDIRECT, startInteractiveServer, type InteractiveServer } from '../servers/oidc-interactive.js';
import { approveDevice, isolatedPage, signInAndConsent } from './support/browser-steps.js';

let oidc: InteractiveServer;
let browser: Browser;
let published: string[] = ['rsa-1'];
const scope = 'openid offline_access';

async function privateJwk(alg: 'RS256' | 'ES256', kid: string): Promise<Record<string, unknown>> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (!isAuthError(error)) throw error;
    return { code: error.code, reason: error.details['reason'] };
  }
  throw new Error('expected the login to be refused');
}

describe.runIf(chromiumPath !== undefined)("ID token signatures against oidc-provider's JWKS", () => {
  beforeAll(async () => {
    const keys = [await privateJwk('RS256', 'rsa-1'), await privateJwk('ES256', 'ec-2')];
    const native = { application_type: 'native', token_endpoint_auth_method: 'none', id_token_signed_response_alg: 'ES256', scope };
    oidc = await startInteractiveServer({
      jwks: { keys },
      publishedKids: () => published,
      clients: [
        { client_id: 'cli-es', redirect_uris: [LOOPBACK_REDIRECT], response_types: ['code'], grant_types: ['authorization_code', 'refresh_token'], ...native },
        { client_id: 'device-es', redirect_uris: [], response_types: [], grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'], ...native },
      ],
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await oidc?.close();
  });

  async function login(clientId: string, store: MemoryTokenStore) {
    const { context, page } = await isolatedPage(browser);
    let browsing: Promise<void> = Promise.resolve();
    const options: LoopbackLoginOptions = {
      authorizationEndpoint: oidc.authorizationEndpoint,
      tokenUrl: oidc.tokenUrl,
      issuer: oidc.issuer,
      clientId,
      scope: scope.split(' '),
      prompt: 'consent',
      store,
      refreshAhead: false,
      allowInsecureHttp: true,
      open: (url) => {
        browsing = signInAndConsent(page, url);
      },
    };
    try {
      return await loopbackLogin(options);
    } finally {
      await browsing;
      await context.close();
    }
  }

  async function device(clientId: string, store: MemoryTokenStore) {
    const { context, page } = await isolatedPage(browser);
    let browsing: Promise<unknown> = Promise.resolve();
    try {
      return await deviceLogin({
        deviceAuthorizationUrl: oidc.deviceAuthorizationUrl,
        tokenUrl: oidc.tokenUrl,
        issuer: oidc.issuer,
        clientId,
        scope: scope.split(' '),
        store,
        refreshAhead: false,
        allowInsecureHttp: true,
        onUserCode: (prompt) => {
          browsing = approveDevice(page, prompt.verificationUri, prompt.userCode);
        },
      });
    } finally {
      await browsing;
      await context.close();
    }
  }

  it('loopbackLogin: an ID token signed by a published key is accepted (JWKS from the metadata, read once)', async () => {
    const store = new MemoryTokenStore();
    const result = await login('cli-app', store);
    expect(result.token.idToken?.split('.')).toHaveLength(3);
    expect(store.size).toBe(1);
    expect(oidc.jwksReads()).toBe(1);
    await result.authenticator.close();
  });

  it('deviceLogin: signed by a key the JWKS does not publish: refused after one more read, nothing stored', async () => {
    const store = new MemoryTokenStore();
    expect(await refusal(device('device-es', store))).toEqual({ code: 'ERR_AUTH_CALLBACK', reason: 'id_token_unknown_key' });
    expect(store.size).toBe(0);
    expect(oidc.jwksReads()).toBe(2);
  });

  it('loopbackLogin: signed by a key the JWKS does not publish: refused, nothing stored', async () => {
    const store = new MemoryTokenStore();
    expect(await refusal(login('cli-es', store))).toEqual({ code: 'ERR_AUTH_CALLBACK', reason: 'id_token_unknown_key' });
    expect(store.size).toBe(0);
    expect(oidc.jwksReads()).toBe(3);
  });

  it('key rotation: once the new key is published, one more read of the JWKS and the login succeeds; later logins use the cached set', async () => {
    published = ['rsa-1', 'ec-2'];
    const store = new MemoryTokenStore();
    const first = await login('cli-es', store);
    expect(JSON.parse(Buffer.from(first.token.idToken?.split('.')[0] ?? '', 'base64url').toString())).toMatchObject({ alg: 'ES256', kid: 'ec-2' });
    expect(oidc.jwksReads()).toBe(4);
    await first.authenticator.close();

    const second = await device('device-es', new MemoryTokenStore());
    expect(second.token.idToken).toBeDefined();
    const third = await login('cli-app', new MemoryTokenStore());
    expect(third.token.idToken).toBeDefined();
    expect(oidc.jwksReads()).toBe(4);
    await second.authenticator.close();
    await third.authenticator.close();
  });
});
