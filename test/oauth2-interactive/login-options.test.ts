// loopbackLogin and deviceLogin refuse a misspelt option before anything happens: no server is
// contacted, no consent URL is handed out, and the message names the option and the closest valid one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceLogin, isAuthError, loopbackLogin, type AuthError } from '../../src/index.js';
import { startServer, type TestServer } from '../servers/http-server.js';

const SECRET = 'login-client-secret-4242';
let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

async function refusal(login: Promise<unknown>): Promise<AuthError> {
  const error: unknown = await login.then(
    () => new Error('expected the login to fail, but it succeeded'),
    (reason: unknown) => reason,
  );
  if (isAuthError(error)) return error;
  throw error;
}

describe('interactive logins refuse unknown option names', () => {
  const opened: string[] = [];
  const loopback = (extra: Record<string, unknown>): Promise<unknown> =>
    loopbackLogin({
      authorizationEndpoint: `${server.origin}/authorize`,
      tokenUrl: `${server.origin}/token`,
      clientId: 'cli',
      clientSecret: SECRET,
      allowInsecureHttp: true,
      open: (url: string) => {
        opened.push(url);
      },
      timeoutMs: 5_000,
      ...extra,
    } as never);
  const device = (extra: Record<string, unknown>): Promise<unknown> =>
    deviceLogin({
      deviceAuthorizationUrl: `${server.origin}/device`,
      tokenUrl: `${server.origin}/token`,
      clientId: 'tv',
      clientSecret: SECRET,
      allowInsecureHttp: true,
      onUserCode: () => undefined,
      ...extra,
    } as never);

  const cases: ReadonlyArray<[string, string, string, () => Promise<unknown>]> = [
    ['loopbackLogin', 'scopes', 'scope', () => loopback({ scopes: ['openid'] })],
    ['loopbackLogin', 'callbackPth', 'callbackPath', () => loopback({ callbackPth: '/cb' })],
    ['loopbackLogin', 'timeout', 'timeoutMs', () => loopback({ timeout: 1000 })],
    ['loopbackLogin.clientAssertion', 'privatekey', 'privateKey', () => loopback({ clientAuth: 'private_key_jwt', clientAssertion: { privatekey: SECRET } })],
    ['deviceLogin', 'scopes', 'scope', () => device({ scopes: ['openid'] })],
    ['deviceLogin', 'onUsercode', 'onUserCode', () => device({ onUsercode: () => undefined })],
    ['deviceLogin', 'deviceAuthorizationUri', 'deviceAuthorizationUrl', () => device({ deviceAuthorizationUri: `${server.origin}/device` })],
  ];

  it.each(cases)('%s: %s (did you mean %s?)', async (where, option, suggestion, login) => {
    const error = await refusal(login());
    expect(error.code).toBe('ERR_AUTH_INVALID_CONFIG');
    expect(error.message).toContain(`${where}: unknown option '${option}' (did you mean '${suggestion}'?)`);
    expect(error.details['field']).toBe(`${where}.${option}`);
    expect(JSON.stringify(error.toJSON()) + error.message).not.toContain(SECRET);
    expect(server.requests).toEqual([]);
    expect(opened).toEqual([]);
  });

  it('loopbackLogin takes a redirectUri from options shared with authorizationUrl, and sends its own', async () => {
    const controller = new AbortController();
    const urls: string[] = [];
    const login = loopback({
      redirectUri: 'https://app.example.com/cb',
      open: (url: string) => {
        urls.push(url);
        controller.abort();
      },
      signal: controller.signal,
    });
    expect((await refusal(login)).code).toBe('ERR_AUTH_ABORTED');
    expect(urls).toHaveLength(1);
    expect(new URL(urls[0] ?? '').searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  });

  it('a clientSecret given as undefined (an unset environment variable) is refused by name', async () => {
    const error = await refusal(device({ clientSecret: undefined }));
    expect(error.message).toBe('deviceLogin: clientSecret is undefined — is its environment variable set? Omit the key for a public client.');
  });
});
