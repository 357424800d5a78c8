// What authwire sends to the token endpoint, as the endpoint receives it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryTokenStore, oauth2Auth, type AuthContext, type AuthRequest, type OAuth2AuthOptions } from '../../src/index.js';
import { startTokenServer, tokenReply, type TokenServer } from '../servers/token-server.js';

let server: TokenServer;

beforeAll(async () => {
  server = await startTokenServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.reply(() => tokenReply());
});

const secret = 'p@ss word:+/%&=é';

function auth(extra: Partial<OAuth2AuthOptions>) {
  return oauth2Auth({ grant: 'client_credentials', tokenUrl: server.tokenUrl, clientId: 'my client', clientSecret: secret, store: new MemoryTokenStore(), ...extra } as OAuth2AuthOptions);
}

describe('token requests', () => {
  it('client_secret_basic: id and secret form-urlencoded, then base64 (RFC 6749 §2.3.1); nothing in the URL', async () => {
    const client = auth({});
    await client.getToken();
    const request = server.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/oauth/token');
    expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request.headers.accept).toBe('application/json');
    const decoded = Buffer.from(String(request.headers.authorization).replace(/^Basic /, ''), 'base64').toString('utf8');
    expect(decoded).toBe('my+client:p%40ss+word%3A%2B%2F%25%26%3D%C3%A9');
    expect(server.form(0).get('grant_type')).toBe('client_credentials');
    expect(server.form(0).has('client_secret')).toBe(false);
    await client.close();
  });

  it('client_secret_post: credentials in the body, never the query', async () => {
    const client = auth({ clientAuth: 'client_secret_post', tokenUrl: `${server.tokenUrl}?tenant=acme` });
    await client.getToken();
    const request = server.requests[0]!;
    expect(request.url).toBe('/oauth/token?tenant=acme');
    expect(request.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(server.form(0))).toEqual({ grant_type: 'client_credentials', client_id: 'my client', client_secret: secret });
    await client.close();
  });

  it('scope with a custom separator, audience, resource indicators, extra params and headers', async () => {
    const client = auth({
      scope: ['read', 'write'], scopeSeparator: ',', audience: 'https://api.example.com', resource: ['https://a.example.com', 'https://b.example.com'],
      extraParams: { tenant: 'acme' }, extraHeaders: { 'X-Request-Source': 'tests' },
    });
    await client.getToken();
    const form = server.form(0);
    expect(form.get('scope')).toBe('read,write');
    expect(form.get('audience')).toBe('https://api.example.com');
    expect(form.getAll('resource')).toEqual(['https://a.example.com', 'https://b.example.com']);
    expect(form.get('tenant')).toBe('acme');
    expect(server.requests[0]!.headers['x-request-source']).toBe('tests');
    await client.close();
  });

  it('parameter names can be overridden (client_id → app_id, ...)', async () => {
    const client = auth({ clientAuth: 'client_secret_post', paramNames: { client_id: 'app_id', client_secret: 'app_secret', scope: 'scopes' }, scope: ['x'] });
    await client.getToken();
    expect(Object.fromEntries(server.form(0))).toEqual({ grant_type: 'client_credentials', scopes: 'x', app_id: 'my client', app_secret: secret });
    await client.close();
  });

  it('refresh: the scope is sent only when scopeOnRefresh is on; the stored refresh token is sent', async () => {
    for (const scopeOnRefresh of [false, true]) {
      server.requests.length = 0;
      const client = oauth2Auth({
        grant: 'refresh_token', tokenUrl: server.tokenUrl, clientId: 'public-app', refreshToken: 'rt-initial', scope: ['read'], scopeOnRefresh, store: new MemoryTokenStore(),
      });
      await client.getToken();
      const form = server.form(0);
      expect(form.get('grant_type')).toBe('refresh_token');
      expect(form.get('refresh_token')).toBe('rt-initial');
      expect(form.get('client_id')).toBe('public-app'); // clientAuth none: the id alone, in the body
      expect(form.get('scope')).toBe(scopeOnRefresh ? 'read' : null);
      await client.close();
    }
  });

  it('a rotated refresh token replaces the old one and the old one is never sent again', async () => {
    let n = 0;
    server.reply(() => tokenReply({ refresh_token: `rt-${++n}`, expires_in: 1 }));
    const client = oauth2Auth({ grant: 'refresh_token', tokenUrl: server.tokenUrl, clientId: 'app', refreshToken: 'rt-0', store: new MemoryTokenStore(), refreshAhead: false });
    for (let i = 0; i < 3; i += 1) {
      const token = await client.getToken();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, token.expiresAt - Date.now() + 5)));
    }
    await client.getToken();
    expect(server.requests.map((_, index) => server.form(index).get('refresh_token'))).toEqual(['rt-0', 'rt-1', 'rt-2', 'rt-3']);
    await client.close();
  });

  it('a plain-http token endpoint is refused unless it is loopback or allowInsecureHttp is set', () => {
    expect(() => auth({ tokenUrl: 'http://auth.example.com/token' })).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INSECURE_URL' }));
    expect(() => auth({ tokenUrl: 'http://auth.example.com/token', allowInsecureHttp: true })).not.toThrow();
    expect(() => auth({ tokenUrl: 'http://localhost:1/token' })).not.toThrow();
    expect(() => auth({ tokenUrl: 'https://user:pw@auth.example.com/token' })).toThrow(/tokenUrl/);
  });
});

describe('token placement', () => {
  const request = (): AuthRequest => ({ method: 'GET', url: new URL('https://api.example.com/items?page=2'), headers: new Headers(), body: { type: 'none' } });

  it('defaults to Authorization: Bearer; any header and prefix can be chosen', async () => {
    server.reply(() => tokenReply({ access_token: 'tok-1' }));
    const standard = auth({});
    const req = request();
    const context: AuthContext = { attempt: 0 };
    await standard.authenticate(req, context);
    expect(req.headers.get('authorization')).toBe('Bearer tok-1');
    expect(context.credential).toBe('tok-1');
    await standard.close();

    const custom = auth({ placement: { in: 'header', name: 'X-Auth-Token', prefix: 'Token' } });
    const other = request();
    await custom.authenticate(other, { attempt: 0 });
    expect(other.headers.get('x-auth-token')).toBe('Token tok-1');
    expect(other.headers.has('authorization')).toBe(false);
    await custom.close();
  });

  it('the query string only when asked for', async () => {
    server.reply(() => tokenReply({ access_token: 'tok-q' }));
    const client = auth({ placement: { in: 'query', name: 'access_token' } });
    const req = request();
    await client.authenticate(req, { attempt: 0 });
    expect(req.url.searchParams.get('access_token')).toBe('tok-q');
    expect(req.url.searchParams.get('page')).toBe('2');
    await client.close();
  });
});
