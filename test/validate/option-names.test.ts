// Misspelt options, secrets given as undefined and doubled token schemes fail when the
// authenticator (store, vault, adapter) is created, with the option named and no value shown.
import { inspect } from 'node:util';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axiosAuth } from '../../adapters/axios.js';
import { authFetch } from '../../adapters/fetch.js';
import { gotAuth } from '../../adapters/got.js';
import { kyAuth } from '../../adapters/ky.js';
import { apiKeyAuth, authorizationUrl, basicAuth, bearerAuth, createAuth, createVault, EncryptedTokenStore, FileTokenStore, isAuthError, jwtAuth, MemoryTokenStore, noAuth, oauth2Auth, selectiveAuth, sessionTokenAuth, type AuthError } from '../../src/index.js';
import { githubAuth, stripeAuth } from '../../src/entries/providers.js';
import { RedisTokenStore } from '../../src/stores/redis.js';
import { startServer, type TestServer } from '../servers/http-server.js';

const SECRET = 'sk_test_SECRET-value-4242';
const tokenUrl = 'https://auth.example.com/token';

/** The AuthError `create` throws; fails the test when it does not throw one. */
function refusal(create: () => unknown): AuthError {
  try {
    create();
  } catch (error) {
    if (isAuthError(error)) return error;
    throw error;
  }
  throw new Error('expected ERR_AUTH_INVALID_CONFIG, but the call succeeded');
}

/** Everything a caller could print of an error. */
function shown(error: AuthError): string {
  return [error.message, JSON.stringify(error.toJSON()), inspect(error, { depth: Infinity, showHidden: true })].join('\n');
}

describe('an unknown option is refused at creation, naming it and the closest valid one', () => {
  const cases: ReadonlyArray<[string, () => unknown, string, string]> = [
    ['basicAuth', () => basicAuth({ username: 'u', password: SECRET, pasword: SECRET } as never), 'pasword', 'password'],
    ['bearerAuth', () => bearerAuth({ token: SECRET, prefx: 'JWT' } as never), 'prefx', 'prefix'],
    ['apiKeyAuth', () => apiKeyAuth({ key: SECRET, in: 'header', name: 'X-Key', prefex: 'Token' } as never), 'prefex', 'prefix'],
    ['jwtAuth', () => jwtAuth({ secret: SECRET.repeat(2), lifetime: 60 } as never), 'lifetime', 'lifetimeSeconds'],
    ['oauth2Auth', () => oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId: 'app', clientSecret: SECRET, scopes: ['a'] } as never), 'scopes', 'scope'],
    // The same name in another case wins over a shorter name it starts with ('scope').
    ['oauth2Auth', () => oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId: 'app', clientSecret: SECRET, ScopeSeparator: ',' } as never), 'ScopeSeparator', 'scopeSeparator'],
    ['oauth2Auth', () => oauth2Auth({ grant: 'refresh_token', tokenUrl, clientId: 'app', refreshToken: SECRET, refreshtoken: SECRET } as never), 'refreshtoken', 'refreshToken'],
    ['oauth2Auth', () => oauth2Auth({ grant: 'password', tokenUrl, clientId: 'app', username: 'u', password: SECRET, user: 'u' } as never), 'user', 'username'],
    ['oauth2Auth', () => oauth2Auth({ grant: 'jwt_bearer', tokenUrl, clientId: 'app', serviceaccount: '{}' } as never), 'serviceaccount', 'serviceAccount'],
    ['oauth2Auth', () => oauth2Auth({ grant: 'authorization_code', tokenUrl, clientId: 'app', redirectUrl: 'https://app.example.com/cb' } as never), 'redirectUrl', 'redirectUri'],
    ['oauth2Auth', () => oauth2Auth({ grant: 'device_code', tokenUrl, clientId: 'app', deviceAuthorizationUri: 'https://auth.example.com/device' } as never), 'deviceAuthorizationUri', 'deviceAuthorizationUrl'],
    ['oauth2Auth.clientAssertion', () => oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId: 'app', clientAuth: 'private_key_jwt', clientAssertion: { privatekey: SECRET } } as never), 'privatekey', 'privateKey'],
    ['sessionTokenAuth', () => sessionTokenAuth({ login: { url: 'https://app.example.com/login', json: {} }, tokenPath: 'token', expiresIn: 'P1D', injct: { in: 'header', name: 'X-S' } } as never), 'injct', 'inject'],
    ['sessionTokenAuth.login', () => sessionTokenAuth({ login: { url: 'https://app.example.com/login', jsn: {} }, tokenPath: 'token', expiresIn: 'P1D' } as never), 'jsn', 'json'],
    ['selectiveAuth', () => selectiveAuth({ select: () => 'a', options: { a: noAuth() }, option: {} } as never), 'option', 'options'],
    ['selectiveAuth.select', () => selectiveAuth({ select: { config: { t: 'a' }, path: 't', paths: ['t'] }, options: { a: noAuth() } } as never), 'paths', 'path'],
    ['stripeAuth', () => stripeAuth({ secretKey: SECRET, apiversion: '2024-06-20' } as never), 'apiversion', 'apiVersion'],
    ['githubAuth', () => githubAuth({ token: SECRET, apiVersoin: '2022-11-28' } as never), 'apiVersoin', 'apiVersion'],
    ['FileTokenStore', () => new FileTokenStore({ path: '/tmp/authwire-never-written.json', lockTimeout: 5 } as never), 'lockTimeout', 'lockTimeoutMs'],
    ['EncryptedTokenStore', () => new EncryptedTokenStore({ store: new MemoryTokenStore(), keys: { k1: SECRET }, currentKeyId: 'k1', curentKeyId: 'k1' } as never), 'curentKeyId', 'currentKeyId'],
    ['RedisTokenStore', () => new RedisTokenStore({ client: {}, prefx: 'app:' } as never), 'prefx', 'prefix'],
    ['createVault', () => createVault({ a: noAuth() }, { timeout: 5 } as never), 'timeout', 'timeoutMs'],
    ['authorizationUrl', () => authorizationUrl({ authorizationEndpoint: 'https://auth.example.com/authorize', clientId: 'app', redirectUrl: 'https://app.example.com/cb' } as never), 'redirectUrl', 'redirectUri'],
    ['authFetch', () => authFetch(noAuth(), { origin: ['https://api.example.com'] } as never), 'origin', 'origins'],
    ['kyAuth', () => kyAuth(noAuth(), { fetsh: fetch } as never), 'fetsh', 'fetch'],
    ['gotAuth', () => gotAuth(noAuth(), { allowInsecureHTTP: true } as never), 'allowInsecureHTTP', 'allowInsecureHttp'],
    ['axiosAuth', () => axiosAuth(axios.create(), noAuth(), { orgins: ['https://api.example.com'] } as never), 'orgins', 'origins'],
  ];

  it.each(cases)('%s: %s', (where, create, option, suggestion) => {
    const error = refusal(create);
    expect(error.code).toBe('ERR_AUTH_INVALID_CONFIG');
    expect(error.message).toContain(`${where}: unknown option '${option}' (did you mean '${suggestion}'?)`);
    expect(error.details['field']).toBe(`${where}.${option}`);
    expect(shown(error)).not.toContain(SECRET);
  });

  it('a name far from every valid one gets the list of valid names instead', () => {
    const error = refusal(() => basicAuth({ username: 'u', password: 'p', realm: 'x' } as never));
    expect(error.message).toBe("basicAuth: unknown option 'realm'; expected one of 'username', 'password'");
  });

  it('the names discoverAuthorizationServer returns may be spread into oauth2Auth', () => {
    const metadata = { issuer: 'https://auth.example.com', tokenUrl, authorizationEndpoint: 'https://auth.example.com/authorize', userinfoUrl: 'https://auth.example.com/me', requireIssuerInResponse: true };
    expect(() => oauth2Auth({ ...metadata, grant: 'client_credentials', clientId: 'app', clientSecret: SECRET })).not.toThrow();
  });
});

describe('a secret option given as undefined (an unset environment variable) is refused', () => {
  const cases: ReadonlyArray<[string, () => unknown, string]> = [
    ['oauth2Auth: clientSecret is undefined — is its environment variable set? Omit the key for a public client.', () => oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId: 'app', clientSecret: undefined } as never), 'oauth2Auth.clientSecret'],
    ['oauth2Auth: refreshToken is undefined — is its environment variable set?', () => oauth2Auth({ grant: 'refresh_token', tokenUrl, clientId: 'app', refreshToken: undefined } as never), 'oauth2Auth.refreshToken'],
    ['basicAuth: password is undefined — is its environment variable set?', () => basicAuth({ username: 'u', password: undefined } as never), 'basicAuth.password'],
    ['bearerAuth: token is undefined — is its environment variable set?', () => bearerAuth({ token: undefined } as never), 'bearerAuth.token'],
    ['apiKeyAuth: key is undefined — is its environment variable set?', () => apiKeyAuth({ key: undefined, in: 'query', name: 'k' } as never), 'apiKeyAuth.key'],
    ['jwtAuth: privateKey is undefined — is its environment variable set?', () => jwtAuth({ privateKey: undefined } as never), 'jwtAuth.privateKey'],
    ['stripeAuth: secretKey is undefined — is its environment variable set?', () => stripeAuth({ secretKey: undefined } as never), 'stripeAuth.secretKey'],
  ];

  it.each(cases)('%s', (message, create, field) => {
    const error = refusal(create);
    expect(error.code).toBe('ERR_AUTH_INVALID_CONFIG');
    expect(error.message).toBe(message);
    expect(error.details['field']).toBe(field);
  });

  it('leaving clientSecret out still makes a public client', () => {
    expect(() => oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId: 'app' })).not.toThrow();
  });
});

describe('bearerAuth: a token that already starts with its scheme', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("a static 'Bearer x' token is refused at creation, naming the prefix option", () => {
    const error = refusal(() => bearerAuth({ token: `Bearer ${SECRET}` }));
    expect(error.message).toBe(
      "bearer.token: the token starts with 'Bearer ', which bearerAuth adds itself (the prefix option), so it would be sent as 'Bearer Bearer …'; pass the bare token, or set prefix: '' to send the value as it is",
    );
    expect(shown(error)).not.toContain(SECRET);
    expect(() => bearerAuth({ token: `jwt ${SECRET}`, prefix: 'JWT' })).toThrow(/starts with 'JWT '/);
    expect(() => bearerAuth({ token: `Bearer ${SECRET}`, placement: { in: 'header', name: 'Authorization', prefix: 'Bearer' } })).toThrow(/placement\.prefix/);
  });

  it("prefix: '' sends such a token as it is", async () => {
    const api = authFetch(bearerAuth({ token: `Bearer ${SECRET}`, prefix: '' }));
    expect((await api(`${server.origin}/items`)).status).toBe(200);
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('a getToken result with the scheme fails that request without sending it, and without the token in the error', async () => {
    const before = server.requests.length;
    const api = authFetch(bearerAuth({ getToken: () => `Bearer ${SECRET}` }));
    const error = await api(`${server.origin}/items`).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
    expect((error as AuthError).message).toMatch(/^bearer\.getToken: getToken returned a token that starts with 'Bearer '/);
    expect(shown(error as AuthError)).not.toContain(SECRET);
    expect(server.requests.length).toBe(before);
  });
});

describe("selectiveAuth: a path as an array of segments (Airbyte's authenticator_selection_path)", () => {
  it('reads the option name segment by segment, a segment with a dot included', async () => {
    const config = { credentials: { 'auth.type': 'token' } };
    const auth = selectiveAuth({ select: { config, path: ['credentials', 'auth.type'] }, options: { token: bearerAuth({ token: 'abc' }), none: noAuth() } });
    expect(auth.name).toBe('selective(token: bearer)');
    expect(() => selectiveAuth({ select: { config, path: [] }, options: { none: noAuth() } })).toThrow(/selective\.select\.path: expected/);
    expect(() => selectiveAuth({ select: { config, path: ['credentials', ''] }, options: { none: noAuth() } })).toThrow(/selective\.select\.path: expected/);
  });
});

describe('createAuth: a selective path as an array of segments', () => {
  it('chooses the option the segments lead to', () => {
    const auth = createAuth(
      { type: 'selective', path: ['credentials', 'auth_type'], options: { api_key: { type: 'apiKey', key: 'k-1', in: 'header', name: 'X-Key' }, none: { type: 'none' } } },
      { values: { credentials: { auth_type: 'api_key' } } },
    );
    expect(auth.name).toBe('selective(api_key: api-key)');
  });
});
