// Token answers oidc-provider will not give, from a small node:http token endpoint.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryTokenStore, oauth2Auth, type OAuth2AuthOptions } from '../../src/index.js';
import { send } from '../servers/auth-client.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';
import { startTokenServer, tokenReply, type TokenServer } from '../servers/token-server.js';

let server: TokenServer;
let api: ResourceServer;
const issued = new Set<string>();

beforeAll(async () => {
  server = await startTokenServer();
  api = await startResourceServer((token) => issued.has(token));
});
afterAll(async () => {
  await api.close();
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

function client(extra: Partial<OAuth2AuthOptions> = {}) {
  return oauth2Auth({
    grant: 'client_credentials', tokenUrl: server.tokenUrl, clientId: 'app', clientSecret: 'app-secret', store: new MemoryTokenStore(),
    backoff: { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 }, ...extra,
  } as OAuth2AuthOptions);
}

function issue(token: string): string {
  issued.add(token);
  return token;
}

describe('token response shapes', () => {
  it('no expires_in (Salesforce style): the configured default lifetime, extra values kept', async () => {
    server.reply(() => ({ body: { access_token: issue('sf-token'), instance_url: 'https://eu1.my.salesforce.com', token_type: 'Bearer', issued_at: '1700000000000' } }));
    const auth = client({ response: { defaultExpiresIn: 7200, extra: { instanceUrl: 'instance_url' } } });
    const before = Date.now();
    const token = await auth.getToken();
    const after = Date.now();
    expect(token.expiresAt).toBeGreaterThanOrEqual(before + 7_200_000);
    expect(token.expiresAt).toBeLessThanOrEqual(after + 7_200_000);
    expect(token.extra).toEqual({ instanceUrl: 'https://eu1.my.salesforce.com' });
    expect((await send(auth, api.url)).status).toBe(200);
    await auth.close();
  });

  it('expires_at as an ISO string, epoch seconds, or a custom layout', async () => {
    const at = new Date(Date.now() + 2 * 3_600_000);
    at.setUTCMilliseconds(0);
    server.reply(() => ({ body: { access_token: issue('iso'), expires_at: at.toISOString() } }));
    const iso = client();
    expect((await iso.getToken()).expiresAt).toBe(at.getTime());
    await iso.close();

    server.reply(() => ({ body: { access_token: issue('epoch'), expires_at: at.getTime() / 1000 } }));
    const epoch = client();
    expect((await epoch.getToken()).expiresAt).toBe(at.getTime());
    await epoch.close();

    const pad = (value: number): string => String(value).padStart(2, '0');
    const custom = `${pad(at.getUTCDate())}/${pad(at.getUTCMonth() + 1)}/${at.getUTCFullYear()} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
    server.reply(() => ({ body: { data: { token: issue('custom'), valid_until: custom } } }));
    const layout = client({ response: { accessToken: 'data.token', expiresAt: 'data.valid_until', expiresAtFormat: { pattern: 'DD/MM/YYYY HH:mm:ss' } } });
    expect((await layout.getToken()).expiresAt).toBe(at.getTime());
    await layout.close();
  });

  it('a form-urlencoded answer (GitHub style), token_type in any case', async () => {
    server.reply(() => ({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `access_token=${issue('form-token')}&token_type=BEARER&scope=repo%2Cgist&expires_in=600`,
    }));
    const auth = client();
    const token = await auth.getToken();
    expect(token).toMatchObject({ accessToken: 'form-token', tokenType: 'Bearer', scope: 'repo,gist' });
    expect((await send(auth, api.url)).status).toBe(200);
    await auth.close();
  });

  it('absurd, zero, negative or NaN lifetimes give a finite, safe expiry', async () => {
    for (const expires_in of [0, -30, 'NaN', 1e18, '']) {
      server.reply(() => tokenReply({ expires_in }));
      const auth = client();
      const token = await auth.getToken();
      expect(Number.isFinite(token.expiresAt)).toBe(true);
      expect(token.expiresAt).toBeGreaterThan(Date.now());
      expect(token.expiresAt - Date.now()).toBeLessThanOrEqual(366 * 24 * 3_600_000);
      await auth.close();
    }
  });

  it('5xx answers are retried with backoff, and the request then succeeds', async () => {
    server.reply((_request, index) => (index < 2 ? { status: 503, body: { error: 'temporarily_unavailable' } } : { body: { access_token: issue('after-503'), expires_in: 60 } }));
    const auth = client();
    await expect(auth.getToken()).resolves.toMatchObject({ accessToken: 'after-503' });
    expect(server.requests).toHaveLength(3);
    await auth.close();
  });

  it('5xx until the retries run out: ERR_AUTH_TOKEN_REQUEST_FAILED, retryable, with the status', async () => {
    server.reply(() => ({ status: 502, body: '<html>bad gateway</html>' }));
    const auth = client();
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 502, retryable: true } });
    expect(server.requests).toHaveLength(3);
    await auth.close();
  });

  it('a slow endpoint is given up after requestTimeoutMs (ERR_AUTH_TIMEOUT) and retried', async () => {
    server.reply((_request, index) => (index === 0 ? { delayMs: 2_000, ...tokenReply() } : { body: { access_token: issue('fast'), expires_in: 60 } }));
    const auth = client({ requestTimeoutMs: 150 });
    await expect(auth.getToken()).resolves.toMatchObject({ accessToken: 'fast' });
    expect(server.requests).toHaveLength(2);
    await auth.close();
    server.reply(() => ({ delayMs: 2_000, ...tokenReply() }));
    const slow = client({ requestTimeoutMs: 100, backoff: { maxAttempts: 1 } });
    await expect(slow.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_TIMEOUT' });
    await slow.close();
  });

  it('a garbage 200 body is a retryable failure', async () => {
    server.reply((_request, index) => (index === 0 ? { body: 'Service Unavailable' } : index === 1 ? { body: { token: 'wrong-shape' } } : { body: { access_token: issue('ok'), expires_in: 60 } }));
    const auth = client();
    await expect(auth.getToken()).resolves.toMatchObject({ accessToken: 'ok' });
    expect(server.requests).toHaveLength(3);
    await auth.close();
  });

  it('an error inside a 200 answer (JSON or form) is that error, not garbage: not retried, code and status kept', async () => {
    server.reply(() => ({ body: { error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.' } }));
    const auth = client();
    const error: unknown = await auth.getToken().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 200, error: 'incorrect_client_credentials', retryable: false } });
    expect((error as Error).message).toContain('The client_id and/or client_secret passed are incorrect.');
    expect(server.requests).toHaveLength(1);
    await auth.close();

    server.requests.length = 0;
    server.reply(() => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'error=temporarily_unavailable' }));
    const busy = client();
    await expect(busy.getToken()).rejects.toMatchObject({ details: { status: 200, error: 'temporarily_unavailable', retryable: true } });
    expect(server.requests).toHaveLength(3);
    await busy.close();
  });

  it('invalid_grant inside a 200 answer to a refresh is ERR_AUTH_REAUTH_REQUIRED', async () => {
    server.reply(() => ({ body: { error: 'invalid_grant' } }));
    const auth = oauth2Auth({ grant: 'refresh_token', tokenUrl: server.tokenUrl, clientId: 'app', refreshToken: 'rt-gone', store: new MemoryTokenStore() });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED', details: { error: 'invalid_grant', status: 200 } });
    expect(server.requests).toHaveLength(1);
    await auth.close();
  });

  it('invalid_grant on a refresh is ERR_AUTH_REAUTH_REQUIRED, and no more token requests follow', async () => {
    server.reply(() => ({ status: 400, body: { error: 'invalid_grant', error_description: 'refresh token revoked' } }));
    const auth = oauth2Auth({ grant: 'refresh_token', tokenUrl: server.tokenUrl, clientId: 'app', refreshToken: 'rt-revoked', store: new MemoryTokenStore() });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED', details: { error: 'invalid_grant', status: 400 } });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    await expect(send(auth, api.url)).rejects.toMatchObject({ code: 'ERR_AUTH_REAUTH_REQUIRED' });
    expect(server.requests).toHaveLength(1);
    await auth.close();
  });

  it("requestFormat 'json': the same fields as one JSON object, a repeated parameter as an array", async () => {
    server.reply(() => ({ body: { access_token: issue('from-json'), expires_in: 60 } }));
    const auth = client({
      requestFormat: 'json', clientAuth: 'client_secret_post', scope: ['read', 'write'], extraParams: { tenant: 't1' },
      resource: ['https://a.example.com/', 'https://b.example.com/'],
    });
    await expect(auth.getToken()).resolves.toMatchObject({ accessToken: 'from-json' });
    const [received] = server.requests;
    expect(received?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received?.body ?? '')).toEqual({
      grant_type: 'client_credentials', client_id: 'app', client_secret: 'app-secret', scope: 'read write', tenant: 't1',
      resource: ['https://a.example.com/', 'https://b.example.com/'],
    });
    expect((await send(auth, api.url)).status).toBe(200);
    await auth.close();
  });

  it('a redirect from the token endpoint is not followed', async () => {
    server.reply(() => ({ status: 307, headers: { location: 'https://elsewhere.example.com/token' }, body: '' }));
    const auth = client({ backoff: { maxAttempts: 1 } });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 307, retryable: false } });
    expect(server.requests).toHaveLength(1);
    await auth.close();
  });
});
