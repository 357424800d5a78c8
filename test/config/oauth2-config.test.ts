import { afterEach, describe, expect, it } from 'vitest';
import { createAuth, MemoryTokenStore, parseAuthConfig } from '../../src/index.js';
import { authRequest } from '../core/request.js';
import { startTokenServer, tokenReply, type TokenServer } from '../servers/token-server.js';

let server: TokenServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createAuth with type oauth2', () => {
  it('runs the client_credentials grant with a secret from the environment', async () => {
    server = await startTokenServer(() => tokenReply({ access_token: 'at-from-config', expires_in: 3600 }));
    const auth = createAuth(
      { type: 'oauth2', grant: 'client_credentials', tokenUrl: server.tokenUrl, clientId: 'app', clientSecret: { env: 'APP_SECRET' }, scope: ['read', 'write'] },
      { env: { APP_SECRET: 's3cr3t:+/' }, store: new MemoryTokenStore() },
    );
    const request = authRequest();
    await auth.authenticate(request, { attempt: 0 });
    expect(request.headers.get('authorization')).toBe('Bearer at-from-config');
    const basic = Buffer.from(String(server.requests[0]?.headers.authorization).replace(/^Basic /, ''), 'base64').toString();
    expect(basic).toBe(`app:${encodeURIComponent('s3cr3t:+/')}`);
    expect(server.form(0).get('scope')).toBe('read write');
    await auth.close?.();
  });

  it("requestFormat 'json' sends the token request as JSON; another value is refused, naming the field", async () => {
    server = await startTokenServer(() => tokenReply({ access_token: 'at-json', expires_in: 3600 }));
    const auth = createAuth(
      { type: 'oauth2', grant: 'client_credentials', tokenUrl: server.tokenUrl, clientId: 'app', clientSecret: 'app-secret', clientAuth: 'client_secret_post', requestFormat: 'json' },
      { store: new MemoryTokenStore() },
    );
    const request = authRequest();
    await auth.authenticate(request, { attempt: 0 });
    expect(request.headers.get('authorization')).toBe('Bearer at-json');
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ grant_type: 'client_credentials', client_id: 'app', client_secret: 'app-secret' });
    await auth.close?.();
    expect(() => parseAuthConfig({ type: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://a.example.com/t', clientId: 'a', requestFormat: 'xml' }))
      .toThrow(/oauth2\.requestFormat/);
  });

  it('refuses a plain-http token endpoint off loopback, naming the field', () => {
    expect(() => parseAuthConfig({ type: 'oauth2', grant: 'client_credentials', tokenUrl: 'http://auth.example.com/token', clientId: 'a' }))
      .toThrow('oauth2.tokenUrl: expected an https URL (or set allowInsecureHttp: true)');
    expect(() => parseAuthConfig({ type: 'oauth2', grant: 'password', clientId: 'a' })).toThrow('oauth2.tokenUrl: expected an https URL');
    expect(() => parseAuthConfig({ type: 'oauth2', grant: 'implicit', tokenUrl: 'https://a/t' })).toThrow(/oauth2\.grant/);
  });

  it('refuses basicEncoding where it cannot apply and a missing client id where the grant needs one, naming the field and no secret', () => {
    const tokenUrl = 'https://auth.example.com/token';
    const secret = 'client-secret-9e4b';
    const message = (config: unknown): string => {
      try {
        parseAuthConfig(config);
      } catch (error) {
        return String((error as Error).message);
      }
      return 'accepted';
    };
    expect(message({ type: 'oauth2', grant: 'client_credentials', tokenUrl, clientId: 'a', clientSecret: secret, clientAuth: 'client_secret_post', basicEncoding: 'plain' }))
      .toBe("oauth2.basicEncoding: expected only with clientAuth 'client_secret_basic' (the default with a clientSecret)");
    expect(message({ type: 'oauth2', grant: 'client_credentials', tokenUrl, clientId: 'tenant:app', clientSecret: secret, basicEncoding: 'plain' }))
      .toBe("oauth2.clientId: expected a client id without ':' for basicEncoding 'plain' (the server splits id and secret at the first ':')");
    expect(message({ type: 'oauth2', grant: 'client_credentials', tokenUrl, clientSecret: secret })).toBe('oauth2.clientId: expected a client id (only password, refresh_token, jwt_bearer with client authentication none can do without one)');
    expect(message({ type: 'oauth2', grant: 'password', tokenUrl, username: 'u', password: secret })).toBe('accepted');
  });

  it('leaves the grant-specific checks to the factory, which names the field', () => {
    expect(() => createAuth({ type: 'oauth2', grant: 'refresh_token', tokenUrl: 'https://auth.example.com/token', clientId: 'a' }))
      .toThrow(/refreshToken/);
  });
});
