// interactiveAuth end to end against oidc-provider (registration and resource indicators on) and a
// resource server in the test, with headless Chromium doing the sign-ins: the first request's 401
// names the resource metadata, which names the authorization server; the client registers itself,
// the user signs in with the resource indicator sent; a 403 insufficient_scope then signs in once
// more for the union of the scopes, and the request succeeds. Through each of the four adapters.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactiveAuth, isAuthError, loopbackLogin, MemoryTokenStore } from '../../../src/index.js';
import { drivers } from '../../conformance/drivers/index.js';
import { chromiumPath, launchBrowser } from '../../servers/browser.js';
import { startServer, type TestServer } from '../../servers/http-server.js';
import { startDiscoveryServer, type DiscoveryServer } from '../../servers/oidc-discovery.js';
import { isolatedPage, signInAndConsent } from '../../oauth2-interactive/support/browser-steps.js';

let oidc: DiscoveryServer;
let api: TestServer;
let browser: Browser;
/** The scope each API path requires. */
const required: Record<string, string> = { '/api/read': 'api:read', '/api/write': 'api:write', '/api/admin': 'api:read' };
/** Paths that keep refusing whatever the token holds. */
const alwaysRefused = new Set(['/api/admin']);

describe.runIf(chromiumPath !== undefined)('interactiveAuth: discovery from a 401, registration, step-up, in headless Chromium', () => {
  beforeAll(async () => {
    oidc = await startDiscoveryServer();
    browser = await launchBrowser();
    api = await startServer(async (request, response) => {
      const resource = `${api.origin}/api`;
      const metadataUrl = `${api.origin}/.well-known/oauth-protected-resource/api`;
      if (request.url === '/.well-known/oauth-protected-resource/api') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ resource, authorization_servers: [oidc.issuer], scopes_supported: ['api:read'] }));
        return;
      }
      const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      const info = token === undefined ? undefined : await oidc.introspect(token);
      if (info === undefined || info.audience !== resource) {
        response.writeHead(401, { 'www-authenticate': `Bearer resource_metadata="${metadataUrl}"` });
        response.end();
        return;
      }
      const needed = required[request.url] ?? 'api:read';
      if (alwaysRefused.has(request.url) || !info.scope.split(' ').includes(needed)) {
        response.writeHead(403, { 'www-authenticate': `Bearer error="insufficient_scope", scope="${alwaysRefused.has(request.url) ? 'api:read' : needed}", resource_metadata="${metadataUrl}"` });
        response.end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ path: request.url, scope: info.scope }));
    });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await oidc?.close();
  });

  it.each(drivers)('$name: discovers, registers, signs in with the resource indicator, then steps up once for the union of the scopes', async (driver) => {
    const consentUrls: URL[] = [];
    let browsing: Promise<void> = Promise.resolve();
    const store = new MemoryTokenStore();
    const registrationsBefore = oidc.registrations.length;
    // authwire's own requests to the token endpoint, as sent: the resource indicator must be in each.
    const tokenRequests: URLSearchParams[] = [];
    const auth = interactiveAuth({
      store,
      scope: ['offline_access'],
      // Not pushed: the consent URL itself must carry the resource indicator and the scopes.
      pushedAuthorizationRequests: false,
      // The caller's own login: loopbackLogin with prompt=consent, which offline_access needs for a refresh token.
      login: (options) => loopbackLogin({ ...options, prompt: 'consent' }),
      fetch: async (input, init) => {
        if (input.href === `${oidc.issuer}/token`) tokenRequests.push(new URLSearchParams(String(init.body)));
        return globalThis.fetch(input, init);
      },
      open: (url) => {
        consentUrls.push(new URL(url));
        browsing = isolatedPage(browser).then(async ({ context, page }) => {
          await signInAndConsent(page, url);
          await page.waitForURL(/127\.0\.0\.1:\d+\/callback/);
          await context.close();
        });
      },
    });
    const client = driver.create(auth, { adapter: { origins: [api.origin] } });

    const read = await client.request({ url: `${api.origin}/api/read` });
    await browsing;
    expect(read.status).toBe(200);
    expect(oidc.registrations.length - registrationsBefore).toBe(1);
    expect(consentUrls).toHaveLength(1);
    expect(consentUrls[0]?.searchParams.get('resource')).toBe(`${api.origin}/api`);
    expect(consentUrls[0]?.searchParams.get('scope')).toBe('offline_access api:read');
    expect(auth.current()).toMatchObject({ server: { issuer: oidc.issuer }, resource: `${api.origin}/api`, scope: ['offline_access', 'api:read'] });

    const write = await client.request({ url: `${api.origin}/api/write` });
    await browsing;
    expect(write.status).toBe(200);
    expect(JSON.parse(write.body)).toMatchObject({ scope: expect.stringContaining('api:write') });
    expect(consentUrls).toHaveLength(2);
    expect(consentUrls[1]?.searchParams.get('scope')).toBe('offline_access api:read api:write');
    expect(consentUrls[1]?.searchParams.get('resource')).toBe(`${api.origin}/api`);

    // A refresh sends the resource indicator too.
    const state = auth.current();
    if (state === undefined) throw new Error('no state after sign-in');
    await state.authenticator.tokenManager.rejectToken((await state.authenticator.getToken()).accessToken);
    expect(tokenRequests.map((body) => body.get('grant_type'))).toEqual(['authorization_code', 'authorization_code', 'refresh_token']);
    for (const body of tokenRequests) expect(body.getAll('resource')).toEqual([`${api.origin}/api`]);

    // A resource that refuses a scope the token already has: an error, no third sign-in.
    const error = await client.error({ url: `${api.origin}/api/admin` });
    expect(isAuthError(error, 'ERR_AUTH_INSUFFICIENT_SCOPE')).toBe(true);
    expect(consentUrls).toHaveLength(2);
    expect(oidc.registrations.length - registrationsBefore).toBe(1);
    client.close();
    await auth.close();
  });
});
