// fetch and ky load undici (an optional peer dependency) only for an authenticator with `tls`,
// only when an https hop may carry it, and fail with a clear AuthError when it is not installed.
// Here `undici` is mocked as missing; test/conformance/tls.test.ts runs the real thing.
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearerAuth, isAuthError, noAuth, withTls } from '../../src/index.js';
import { startServer, type TestServer } from '../servers/http-server.js';

const loads = vi.hoisted(() => ({ count: 0 }));
vi.mock('undici', () => {
  loads.count++;
  throw new Error("Cannot find package 'undici'");
});

const { authFetch } = await import('../../adapters/fetch.js');
const { kyAuth } = await import('../../adapters/ky.js');

/** A real CA certificate, so that `tls` passes its checks without openssl. */
const ca = rootCertificates[0] ?? '';

describe('undici, loaded lazily', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('is not loaded for an authenticator without tls, nor for a plain-http hop', async () => {
    expect((await authFetch(bearerAuth({ token: 'tok-12345' }))(`${server.origin}/a`)).status).toBe(200);
    expect((await authFetch(withTls(noAuth(), { ca }))(`${server.origin}/b`)).status).toBe(200);
    expect(loads.count).toBe(0);
  });

  it('missing, it fails an https request with tls with ERR_AUTH_INVALID_CONFIG naming the package', async () => {
    const auth = withTls(noAuth(), { ca });
    for (const send of [authFetch(auth), kyAuth(auth).fetch]) {
      let error: unknown;
      try {
        await send('https://127.0.0.1:9/never-sent');
      } catch (caught) {
        error = caught;
      }
      expect(isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
      expect((error as Error).message).toMatch(/undici/);
      expect((error as { details: Record<string, unknown> }).details).toMatchObject({ field: 'tls', package: 'undici' });
    }
    expect(loads.count).toBeGreaterThan(0);
  });
});
