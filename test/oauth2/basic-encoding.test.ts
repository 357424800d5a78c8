// What a token server receives in Authorization: Basic for a secret holding + % : and a space:
// form-encoded first by default (RFC 6749 §2.3.1), as it is with basicEncoding 'plain' (RFC 7617,
// what Appsmith and Airbyte expect). A client id with ':' cannot be sent plainly: refused at creation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuth, MemoryTokenStore, oauth2Auth, type OAuth2AuthOptions, type TokenAuthenticator } from '../../src/index.js';
import { everythingShown } from '../conformance/support.js';
import { startTokenServer, type TokenServer } from '../servers/token-server.js';

let server: TokenServer;

beforeAll(async () => {
  server = await startTokenServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

const clientId = 'app id+1';
const clientSecret = 'se+cr%et: with space';

async function received(auth: TokenAuthenticator): Promise<string> {
  server.requests.length = 0;
  await auth.getToken();
  await auth.close();
  const header = String(server.requests[0]?.headers.authorization);
  expect(header).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
  expect(server.form(0).has('client_secret')).toBe(false);
  return Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
}

const options = (extra: Partial<OAuth2AuthOptions>): OAuth2AuthOptions =>
  ({ grant: 'client_credentials', tokenUrl: server.tokenUrl, clientId, clientSecret, store: new MemoryTokenStore(), ...extra }) as OAuth2AuthOptions;

describe('client_secret_basic encodings', () => {
  it('default (RFC 6749 §2.3.1): id and secret are form-urlencoded before base64', async () => {
    expect(await received(oauth2Auth(options({})))).toBe('app+id%2B1:se%2Bcr%25et%3A+with+space');
  });

  it("basicEncoding 'form' is the default spelled out", async () => {
    expect(await received(oauth2Auth(options({ basicEncoding: 'form' })))).toBe('app+id%2B1:se%2Bcr%25et%3A+with+space');
  });

  it("basicEncoding 'plain': base64(id:secret) as it is, UTF-8", async () => {
    expect(await received(oauth2Auth(options({ basicEncoding: 'plain' })))).toBe(`${clientId}:${clientSecret}`);
    expect(await received(oauth2Auth(options({ basicEncoding: 'plain', clientSecret: 'ключ ✓' })))).toBe(`${clientId}:ключ ✓`);
  });

  it("the config form takes basicEncoding 'plain' too", async () => {
    const auth = createAuth(
      { type: 'oauth2', grant: 'client_credentials', tokenUrl: server.tokenUrl, clientId, clientSecret: { env: 'SECRET' }, basicEncoding: 'plain' },
      { env: { SECRET: clientSecret }, store: new MemoryTokenStore() },
    ) as TokenAuthenticator;
    expect(await received(auth)).toBe(`${clientId}:${clientSecret}`);
  });

  it("a client id holding ':' is refused with 'plain' at creation, naming the field and not the secret", () => {
    let thrown: unknown;
    try {
      oauth2Auth(options({ basicEncoding: 'plain', clientId: 'tenant:app' }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'ERR_AUTH_INVALID_CONFIG', message: expect.stringMatching(/^clientId: expected a client id without ':' for basicEncoding 'plain'/) });
    expect(everythingShown(thrown)).not.toContain(clientSecret);
    // The default form-encodes the ':' and works.
    expect(() => oauth2Auth(options({ clientId: 'tenant:app' }))).not.toThrow();
  });

  it('basicEncoding is refused with another client authentication method or an unknown value', () => {
    expect(() => oauth2Auth(options({ clientAuth: 'client_secret_post', basicEncoding: 'plain' }))).toThrow(/^basicEncoding: expected only with clientAuth 'client_secret_basic'/);
    expect(() => oauth2Auth(options({ basicEncoding: 'raw' as 'plain' }))).toThrow(/^basicEncoding: expected 'form' or 'plain'/);
  });
});
