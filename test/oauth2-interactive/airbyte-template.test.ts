// A consent-URL template written for Airbyte's declarative OAuth works as it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationUrl, handleCallback, MemoryTokenStore, type AuthorizationRequestOptions } from '../../src/index.js';
import { startTokenServer, type TokenServer } from '../servers/token-server.js';

describe("authorizationUrlTemplate with Airbyte's placeholder names", () => {
  it('fills {{client_id_value}}, {{ redirect_uri_value }}, {{scope_value}} and {{state_value}}', () => {
    const { url, pending } = authorizationUrl({
      authorizationUrlTemplate:
        'https://yourconnectorservice.com/oauth/consent?client_id={{client_id_value}}&redirect_uri={{ redirect_uri_value }}&state={{ state_value }}&scope={{scope_value}}',
      clientId: 'app 1',
      redirectUri: 'https://cloud.example.com/cb',
      scope: ['a:read', 'b:read'],
    });
    const params = new URL(url).searchParams;
    expect(params.get('client_id')).toBe('app 1');
    expect(params.get('redirect_uri')).toBe('https://cloud.example.com/cb');
    expect(params.get('scope')).toBe('a:read b:read');
    expect(params.getAll('state')).toEqual([pending.state]);
    expect(params.get('code_challenge_method')).toBe('S256');
  });

  it('still refuses a placeholder neither name set knows, listing both', () => {
    expect(() =>
      authorizationUrl({ authorizationUrlTemplate: 'https://a.example.com/auth?s={{client_secret_value}}', clientId: 'c', redirectUri: 'https://app.example.com/cb' }),
    ).toThrow(/placeholders among .*\{\{client_id_value\}\}.* \(got \{\{client_secret_value\}\}\)/);
  });
});

describe("Airbyte's configurable state (state: { min, max })", () => {
  let server: TokenServer;
  beforeAll(async () => {
    server = await startTokenServer();
  });
  afterAll(() => server.close());

  const template = 'https://yourconnectorservice.com/oauth/consent?client_id={{client_id_value}}&redirect_uri={{redirect_uri_value}}&state={{state_value}}';
  const base = { authorizationUrlTemplate: template, clientId: 'app', redirectUri: 'https://cloud.example.com/cb' } as const;

  it('each consent URL carries a state of min to max alphanumeric characters, the one the pending request expects', () => {
    const lengths = new Set<number>();
    for (let round = 0; round < 200; round += 1) {
      const { url, pending } = authorizationUrl({ ...base, state: { min: 16, max: 20 } });
      const state = new URL(url).searchParams.get('state') ?? '';
      expect(state).toMatch(/^[A-Za-z0-9]{16,20}$/);
      expect(pending.state).toBe(state);
      lengths.add(state.length);
    }
    expect([...lengths].sort()).toEqual([16, 17, 18, 19, 20]);
  });

  it("charset 'base64url' draws from A-Z a-z 0-9 - _; min equal to max gives that exact length", () => {
    const seen = new Set<string>();
    for (let round = 0; round < 100; round += 1) {
      const { pending } = authorizationUrl({ ...base, state: { min: 64, max: 64, charset: 'base64url' } });
      expect(pending.state).toMatch(/^[A-Za-z0-9_-]{64}$/);
      for (const char of pending.state) seen.add(char);
    }
    expect(seen.has('-') || seen.has('_')).toBe(true);
  });

  it('without state the default is kept: 43 base64url characters', () => {
    expect(authorizationUrl(base).pending.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    [{ min: 10, max: 27 }, 'state.min: expected an integer from 16 to 512 (a shorter state is easier to guess)'],
    [{ min: 20, max: 16 }, 'state.max: expected an integer from state.min to 512'],
    [{ min: 16, max: 600 }, 'state.max: expected an integer from state.min to 512'],
    [{ min: 16, max: 32, charset: 'hex' }, "state.charset: expected 'alphanumeric' or 'base64url'"],
    [{ min: 16, max: 32, length: 20 }, "state.length: expected one of 'min', 'max', 'charset'"],
    ['fixed-state-value', 'state: expected an object { min, max } giving the length of the state authwire generates (a fixed state is not possible)'],
  ])('refuses state %j', (state, message) => {
    let caught: unknown;
    try {
      authorizationUrl({ ...base, state } as AuthorizationRequestOptions);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'ERR_AUTH_INVALID_CONFIG' });
    expect((caught as Error).message).toContain(message);
  });

  it('a callback carrying such a state completes: the code is exchanged at the token endpoint and the token stored', async () => {
    const store = new MemoryTokenStore();
    const options = { ...base, tokenUrl: server.tokenUrl, clientSecret: 'cs', store, state: { min: 24, max: 24 } };
    const { url, pending } = authorizationUrl(options);
    const callback = new URL('https://cloud.example.com/cb');
    callback.searchParams.set('code', 'code-1');
    callback.searchParams.set('state', new URL(url).searchParams.get('state') ?? '');
    const { authenticator } = await handleCallback(callback, pending, options);
    expect(pending.state).toHaveLength(24);
    expect(server.requests).toHaveLength(1);
    expect(server.form(0).get('code')).toBe('code-1');
    await authenticator.close();
  });
});

describe("Airbyte's access token params (JSON encoded): accessTokenParams", () => {
  let server: TokenServer;
  beforeAll(async () => {
    server = await startTokenServer();
  });
  afterAll(() => server.close());

  const redirectUri = 'https://cloud.example.com/cb';
  const base = {
    authorizationUrlTemplate: 'https://yourconnectorservice.com/oauth/consent?client_id={{client_id_value}}&redirect_uri={{redirect_uri_value}}&state={{state_value}}',
    clientId: 'app-1',
    clientSecret: 'cs-1',
    clientAuth: 'client_secret_post',
    redirectUri,
  } as const;

  async function exchange(accessTokenParams: Record<string, string>): Promise<{ contentType: string | undefined; body: unknown }> {
    const seen = server.requests.length;
    const options = { ...base, tokenUrl: server.tokenUrl, store: new MemoryTokenStore(), accessTokenParams };
    const { pending } = authorizationUrl(options);
    const callback = new URL(redirectUri);
    callback.searchParams.set('code', 'code-7');
    callback.searchParams.set('state', pending.state);
    const { authenticator } = await handleCallback(callback, pending, options);
    await authenticator.close();
    const request = server.requests[seen];
    return { contentType: request?.headers['content-type'], body: JSON.parse(request?.body ?? 'null') };
  }

  it("an Airbyte spec's access_token_params as they are: the exchange is one JSON object with the standard fields and the extra ones", async () => {
    const { contentType, body } = await exchange({
      client_id: '{{ client_id_value }}',
      client_secret: '{{client_secret_value}}',
      redirect_uri: '{{ redirect_uri_value }}',
      account: 'acme',
      callback_for: 'app={{client_id_value}}',
    });
    expect(contentType).toMatch(/^application\/json/);
    expect(body).toEqual({
      grant_type: 'authorization_code',
      code: 'code-7',
      redirect_uri: redirectUri,
      code_verifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown,
      client_id: 'app-1',
      client_secret: 'cs-1',
      account: 'acme',
      callback_for: 'app=app-1',
    });
  });

  it.each([
    [{ client_id: 'other-app' }, "accessTokenParams.client_id: expected {{client_id_value}} or nothing (authwire sends client_id itself)"],
    [{ grant_type: 'password' }, 'accessTokenParams.grant_type: expected a parameter authwire does not set itself'],
    [{ secret: '{{client_secret_value}}' }, 'accessTokenParams.secret: expected placeholders among {{client_id_value}}, {{redirect_uri_value}} (got {{client_secret_value}})'],
    [{ n: 1 }, 'accessTokenParams.n: expected a string without line breaks'],
  ])('refuses %j before any token request', async (accessTokenParams, message) => {
    const seen = server.requests.length;
    await expect(prepare({ ...base, tokenUrl: server.tokenUrl, accessTokenParams })).rejects.toThrow(message);
    expect(server.requests).toHaveLength(seen);
  });

  it("client_secret in the body needs clientAuth 'client_secret_post'", async () => {
    await expect(prepare({ ...base, clientAuth: 'client_secret_basic', tokenUrl: server.tokenUrl, accessTokenParams: { client_secret: '{{client_secret_value}}' } })).rejects.toThrow(
      "accessTokenParams.client_secret: expected clientAuth: 'client_secret_post', which sends the client secret in this body",
    );
  });
});

/** handleCallback checks every option before it reads the callback. */
function prepare(options: Record<string, unknown>): Promise<unknown> {
  return handleCallback('https://cloud.example.com/cb?code=c&state=s', authorizationUrl(options as AuthorizationRequestOptions).pending, options as never);
}
