// authorizationUrl: the parameters of the request, scopes and their separator, extra parameters,
// parameter-name overrides, the consent-URL template, and what is refused.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { authorizationUrl, PendingAuthorization, type AuthorizationRequestOptions } from '../../src/index.js';

const base: AuthorizationRequestOptions = {
  authorizationEndpoint: 'https://auth.example.com/oauth/authorize?tenant=acme',
  clientId: 'my app',
  redirectUri: 'https://app.example.com/oauth/callback',
};

function query(url: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of new URL(url).searchParams) (out[key] ??= []).push(value);
  return out;
}

describe('authorizationUrl', () => {
  it('sends response_type=code, the client, redirect URI, scope, state and PKCE; keeps the endpoint\'s own query', () => {
    const { url, pending } = authorizationUrl({ ...base, scope: ['read', 'write'] });
    expect(url.startsWith('https://auth.example.com/oauth/authorize?tenant=acme&')).toBe(true);
    expect(query(url)).toEqual({
      tenant: ['acme'],
      response_type: ['code'],
      client_id: ['my app'],
      redirect_uri: ['https://app.example.com/oauth/callback'],
      scope: ['read write'],
      state: [pending.state],
      code_challenge: [expect.stringMatching(/^[\w-]{43}$/)],
      code_challenge_method: ['S256'],
    });
    expect(url).toContain('scope=read%20write'); // %20, not +
    expect(pending).toMatchObject({ clientId: 'my app', redirectUri: 'https://app.example.com/oauth/callback', nonce: undefined, authorizationOrigin: 'https://auth.example.com' });
    expect(pending.expiresAt - pending.createdAt).toBe(600_000);
  });

  it('adds a nonce when openid is in the scope (or when asked), and honours the scope separator', () => {
    const oidc = authorizationUrl({ ...base, scope: ['openid', 'email'], scopeSeparator: ',' });
    expect(query(oidc.url)['scope']).toEqual(['openid,email']);
    expect(query(oidc.url)['nonce']).toEqual([oidc.pending.nonce]);
    expect(oidc.pending.nonce).toMatch(/^[\w-]{43}$/);
    expect(query(authorizationUrl({ ...base, scope: ['openid'], nonce: false }).url)['nonce']).toBeUndefined();
    expect(query(authorizationUrl({ ...base, nonce: true }).url)['nonce']).toHaveLength(1);
  });

  it('extra parameters: prompt, access_type, token_access_type, audience, resource, authorizationParams', () => {
    const { url } = authorizationUrl({
      ...base,
      prompt: 'consent',
      accessType: 'offline',
      tokenAccessType: 'offline',
      audience: 'https://api.example.com',
      resource: ['https://a.example.com/', 'https://b.example.com/'],
      authorizationParams: { login_hint: 'alice@example.com', hd: 'example.com' },
    });
    expect(query(url)).toMatchObject({
      prompt: ['consent'], access_type: ['offline'], token_access_type: ['offline'], audience: ['https://api.example.com'],
      resource: ['https://a.example.com/', 'https://b.example.com/'], login_hint: ['alice@example.com'], hd: ['example.com'],
    });
  });

  it('parameter-name overrides for client_id, redirect_uri, scope and state', () => {
    const { url, pending } = authorizationUrl({
      ...base,
      scope: ['basic'],
      paramNames: { client_id: 'app_id', redirect_uri: 'redirect_url', scope: 'perms', state: 'csrf' },
    });
    const params = query(url);
    expect(params).toMatchObject({ app_id: ['my app'], redirect_url: ['https://app.example.com/oauth/callback'], perms: ['basic'], csrf: [pending.state] });
    for (const name of ['client_id', 'redirect_uri', 'scope', 'state']) expect(params[name]).toBeUndefined();
  });

  it('fills a URL template, URL-encoding each value, and appends what security needs when the template lacks it', () => {
    const { url, pending } = authorizationUrl({
      authorizationUrlTemplate:
        'https://www.example.com/oauth2/authorize?client_key={{client_id}}&redirect={{ redirect_uri }}&perms={{scope}}&csrf={{state}}&challenge_hint=x',
      clientId: 'id&with=odd chars',
      redirectUri: 'https://app.example.com/cb?x=1',
      scope: ['a:b', 'c'],
      paramNames: { state: 'csrf' },
    });
    expect(url).toContain('client_key=id%26with%3Dodd%20chars');
    expect(url).toContain('redirect=https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1');
    expect(url).toContain('perms=a%3Ab%20c');
    const params = query(url);
    expect(params).toMatchObject({ csrf: [pending.state], code_challenge_method: ['S256'], response_type: ['code'], challenge_hint: ['x'] });
    expect(params['code_challenge']).toEqual([expect.stringMatching(/^[\w-]{43}$/)]);
    expect(params['state']).toBeUndefined();

    const full = authorizationUrl({
      authorizationUrlTemplate: 'https://a.example.com/auth?response_type=code&client_id={{client_id}}&redirect_uri={{redirect_uri}}&scope={{scope}}&state={{state}}&code_challenge={{code_challenge}}&code_challenge_method=S256',
      clientId: 'c',
      redirectUri: 'https://app.example.com/cb',
    });
    const fullParams = query(full.url);
    expect(fullParams['code_challenge']).toHaveLength(1);
    expect(fullParams['state']).toEqual([full.pending.state]);
  });

  it('refuses unknown placeholders, a plain code challenge method, a fixed state, and reserved authorizationParams', () => {
    const template = (authorizationUrlTemplate: string) => () => authorizationUrl({ authorizationUrlTemplate, clientId: 'c', redirectUri: 'https://app.example.com/cb' });
    expect(template('https://a.example.com/auth?secret={{client_secret}}')).toThrow(/placeholders among/);
    expect(template('https://a.example.com/auth?x={{state}')).toThrow(/well-formed/);
    expect(template('https://a.example.com/auth?code_challenge={{code_challenge}}&code_challenge_method=plain')).toThrow(/code_challenge_method/);
    expect(template('https://a.example.com/auth?state=fixed')).toThrow(/state/);
    expect(template('http://a.example.com/auth?c={{client_id}}')).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INSECURE_URL' }));
    for (const name of ['state', 'code_challenge', 'code_challenge_method', 'response_type', 'nonce', 'redirect_uri', 'prompt']) {
      expect(() => authorizationUrl({ ...base, prompt: 'login', authorizationParams: { [name]: 'x' } })).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INVALID_CONFIG' }));
    }
    expect(() => authorizationUrl({ ...base, authorizationParams: { response_mode: 'fragment' } })).toThrow(/response_mode/);
  });

  it('refuses a missing or insecure endpoint or redirect URI, and both endpoint and template', () => {
    expect(() => authorizationUrl({ clientId: 'c', redirectUri: 'https://app.example.com/cb' })).toThrow(/authorizationEndpoint/);
    expect(() => authorizationUrl({ ...base, authorizationUrlTemplate: 'https://a.example.com/{{state}}' })).toThrow(/one of them/);
    expect(() => authorizationUrl({ ...base, authorizationEndpoint: 'http://auth.example.com/authorize' })).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INSECURE_URL' }));
    expect(() => authorizationUrl({ ...base, redirectUri: 'http://app.example.com/cb' })).toThrow(expect.objectContaining({ code: 'ERR_AUTH_INSECURE_URL' }));
    expect(() => authorizationUrl({ ...base, redirectUri: 'javascript:alert(1)' })).toThrow(/redirectUri/);
    expect(() => authorizationUrl({ ...base, redirectUri: 'https://app.example.com/cb#frag' })).toThrow(/fragment/);
    const { redirectUri: _omit, ...withoutRedirect } = base;
    expect(() => authorizationUrl(withoutRedirect)).toThrow(/redirectUri/);
    expect(authorizationUrl({ ...base, redirectUri: 'http://127.0.0.1:8765/cb' }).pending.redirectUri).toBe('http://127.0.0.1:8765/cb');
    expect(authorizationUrl({ ...base, redirectUri: 'com.example.app:/oauth2redirect' }).pending.redirectUri).toBe('com.example.app:/oauth2redirect');
  });

  it('the pending request shows no verifier in JSON or inspect, and survives a round trip through a record', () => {
    const { pending } = authorizationUrl({ ...base, scope: ['openid'] });
    const { codeVerifier } = pending.toRecord();
    expect(JSON.stringify(pending)).not.toContain(codeVerifier);
    expect(inspect(pending, { depth: 10, showHidden: true })).not.toContain(codeVerifier);
    expect(JSON.stringify(pending)).toContain(pending.state);
    const restored = PendingAuthorization.fromRecord(JSON.parse(JSON.stringify(pending.toRecord())));
    expect(restored.toRecord()).toEqual(pending.toRecord());
    expect(() => PendingAuthorization.fromRecord({ ...pending.toRecord(), codeVerifier: 'short' })).toThrow(/codeVerifier/);
  });
});
