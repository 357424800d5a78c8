// loopbackLogin without a browser: `open` plays the browser with plain HTTP requests to the
// loopback. The page, its headers, Host and path checks, fixed ports, timeout, abort, a failing
// `open`, and that nothing listens afterwards whatever happened.
import { request as httpRequest, createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAuthError, loopbackLogin, MemoryTokenStore, type LoopbackLoginOptions } from '../../src/index.js';
import { startTokenServer, tokenReply, type TokenServer } from '../servers/token-server.js';

const issuer = 'https://auth.example.com';
let server: TokenServer;
let store: MemoryTokenStore;

beforeAll(async () => {
  server = await startTokenServer();
});
afterAll(() => server.close());
beforeEach(() => {
  store = new MemoryTokenStore();
  server.reply(() => tokenReply({ refresh_token: 'refresh-abcdef0123456789' }));
});

function options(extra: Partial<LoopbackLoginOptions> = {}): LoopbackLoginOptions {
  return { authorizationEndpoint: `${issuer}/authorize`, tokenUrl: server.tokenUrl, issuer, clientId: 'cli', store, refreshAhead: false, ...extra };
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A GET with full control of the Host header (fetch does not allow setting it). */
function get(url: string, host?: string, method = 'GET'): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method, headers: host === undefined ? {} : { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The callback URL a browser would be sent to, with the state and iss from the consent URL. */
function callbackFor(consentUrl: string, params: Record<string, string>): string {
  const consent = new URL(consentUrl).searchParams;
  const url = new URL(consent.get('redirect_uri') ?? '');
  for (const [key, value] of Object.entries({ state: consent.get('state') ?? '', iss: issuer, ...params })) url.searchParams.set(key, value);
  return url.href;
}

function portOf(consentUrl: string): number {
  return Number(new URL(new URL(consentUrl).searchParams.get('redirect_uri') ?? '').port);
}

function closed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Plays the browser in the background: `open` must not wait for the callback it triggers. */
function browse(run: (url: string) => Promise<void>): { open: (url: string) => void; done: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  return {
    open: (url) => {
      running = run(url);
    },
    done: () => running,
  };
}

async function settle(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('loopbackLogin', () => {
  it('answers the browser with a page that holds no token, with safe headers, stores the token and closes', async () => {
    let page: Answer | undefined;
    let port = 0;
    const browser = browse(async (url) => {
      port = portOf(url);
      expect(new URL(url).searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/callback`);
      page = await get(callbackFor(url, { code: 'c0de' }));
    });
    const result = await loopbackLogin(options({ open: browser.open }));
    await browser.done();
    expect(port).toBeGreaterThan(0);
    expect(page?.status).toBe(200);
    expect(page?.body).toContain('data-outcome="success"');
    expect(page?.body).not.toContain(result.token.accessToken);
    expect(page?.body).not.toContain('refresh-abcdef0123456789');
    expect(page?.headers).toMatchObject({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'content-security-policy': expect.stringContaining("default-src 'none'"),
    });
    expect(await closed(port)).toBe(true);
    expect((await store.get(result.authenticator.tokenManager.key))?.accessToken).toBe(result.token.accessToken);
    expect(Object.fromEntries(server.form(server.requests.length - 1))).toMatchObject({ redirect_uri: `http://127.0.0.1:${port}/callback`, code: 'c0de' });
    await result.authenticator.close();
  });

  it('ignores requests with another Host (DNS rebinding), other paths and methods; the real callback still completes', async () => {
    const seen: number[] = [];
    const browser = browse(async (url) => {
      const callback = callbackFor(url, { code: 'c' });
      expect(callback).toContain('/oauth/done?');
      seen.push((await get(callback, 'evil.example.com')).status);
      seen.push((await get(new URL('/favicon.ico', callback).href)).status);
      seen.push((await get(callback, undefined, 'POST')).status);
      seen.push((await get(callback)).status);
    });
    const result = await loopbackLogin(options({ callbackPath: '/oauth/done', open: browser.open }));
    await browser.done();
    expect(seen).toEqual([400, 404, 405, 200]);
    await result.authenticator.close();
  });

  it('a refused callback ends the login with its error and an escaped failure page; nothing stored', async () => {
    let page: Answer | undefined;
    let port = 0;
    const browser = browse(async (url) => {
      port = portOf(url);
      page = await get(callbackFor(url, { error: 'access_denied', error_description: '<script>alert(1)</script> no thanks' }));
    });
    const error = await settle(loopbackLogin(options({ open: browser.open })));
    await browser.done();
    expect(isAuthError(error, 'ERR_AUTH_ACCESS_DENIED')).toBe(true);
    expect(page?.status).toBe(400);
    expect(page?.body).toContain('data-outcome="failure"');
    expect(page?.body).not.toContain('<script>');
    expect(page?.body).toContain('&#60;script&#62;');
    expect(page?.body).toContain('ERR_AUTH_ACCESS_DENIED');
    expect(await closed(port)).toBe(true);
    expect(store.size).toBe(0);
  });

  it('listens on a fixed port when asked, and says so when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    const busy = await settle(loopbackLogin(options({ port: taken, open: () => undefined })));
    expect(busy).toMatchObject({ code: 'ERR_AUTH_CALLBACK', details: { reason: 'listen', port: taken } });
    await new Promise<void>((resolve) => blocker.close(() => resolve()));

    const browser = browse(async (url) => {
      expect(portOf(url)).toBe(taken);
      await get(callbackFor(url, { code: 'c' }));
    });
    const result = await loopbackLogin(options({ port: taken, open: browser.open }));
    await browser.done();
    expect(await closed(taken)).toBe(true);
    await result.authenticator.close();
  });

  it('times out (ERR_AUTH_TIMEOUT) and aborts (ERR_AUTH_ABORTED) with nothing listening afterwards', async () => {
    let port = 0;
    const timedOut = await settle(loopbackLogin(options({ timeoutMs: 100, open: (url) => void (port = portOf(url)) })));
    expect(timedOut).toMatchObject({ code: 'ERR_AUTH_TIMEOUT' });
    expect(await closed(port)).toBe(true);

    const controller = new AbortController();
    const aborted = await settle(
      loopbackLogin(
        options({
          signal: controller.signal,
          open: (url) => {
            port = portOf(url);
            controller.abort();
          },
        }),
      ),
    );
    expect(aborted).toMatchObject({ code: 'ERR_AUTH_ABORTED' });
    expect(await closed(port)).toBe(true);

    const open = vi.fn();
    expect(await settle(loopbackLogin(options({ signal: AbortSignal.abort(), open })))).toMatchObject({ code: 'ERR_AUTH_ABORTED' });
    expect(open).not.toHaveBeenCalled();
    expect(store.size).toBe(0);
  });

  it('a failing open callback ends the login, and the server closes', async () => {
    let port = 0;
    const error = await settle(
      loopbackLogin(
        options({
          open: (url) => {
            port = portOf(url);
            throw new Error('no browser');
          },
        }),
      ),
    );
    expect(error).toMatchObject({ code: 'ERR_AUTH_CALLBACK', details: { reason: 'open' } });
    expect(await closed(port)).toBe(true);
  });

  it('by default prints the URL to stderr; bad options fail before anything listens', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const error = await settle(loopbackLogin(options({ timeoutMs: 50 })));
      expect(error).toMatchObject({ code: 'ERR_AUTH_TIMEOUT' });
      expect(String(write.mock.calls[0]?.[0])).toContain(`${issuer}/authorize?`);
    } finally {
      write.mockRestore();
    }
    expect(await settle(loopbackLogin(options({ port: 70_000 })))).toMatchObject({ code: 'ERR_AUTH_INVALID_CONFIG', details: { field: 'port' } });
    expect(await settle(loopbackLogin(options({ tokenUrl: 'http://auth.example.com/token' })))).toMatchObject({ code: 'ERR_AUTH_INSECURE_URL' });
    expect(await settle(loopbackLogin(options({ authorizationParams: { state: 'x' } })))).toMatchObject({ code: 'ERR_AUTH_INVALID_CONFIG' });
  });
});
