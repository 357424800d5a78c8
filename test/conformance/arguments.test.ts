// Wrong calls fail where they are made, with ERR_AUTH_INVALID_CONFIG saying what was expected,
// the same in every adapter; and authwire is installed once per client: a second installation
// is refused (several authenticators go in one combineAuth()).
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axiosAuth } from '../../adapters/axios.js';
import { authFetch } from '../../adapters/fetch.js';
import { gotAuth } from '../../adapters/got.js';
import { kyAuth } from '../../adapters/ky.js';
import { apiKeyAuth, bearerAuth, isAuthError, type Authenticator } from '../../src/index.js';
import { startServer, type TestServer } from '../servers/http-server.js';
import { useTestServer } from './server-fixture.js';
import { kyMajor } from './drivers/ky.js';

const token = 'tok_args_5b1e9c3d7a';
const auth = (): Authenticator => bearerAuth({ token });

/** What `run` threw, which must be an ERR_AUTH_INVALID_CONFIG AuthError holding no secret. */
function invalid(run: () => unknown): string {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(isAuthError(thrown, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
  const { message } = thrown as Error;
  expect(message).not.toContain(token);
  return message;
}

type Call = (authenticator: unknown, options?: unknown) => unknown;
const adapters: ReadonlyArray<{ name: string; install: Call }> = [
  { name: 'axiosAuth', install: (authenticator, options) => axiosAuth(axios.create(), authenticator as Authenticator, options as object) },
  { name: 'gotAuth', install: (authenticator, options) => gotAuth(authenticator as Authenticator, options as object) },
  { name: 'kyAuth', install: (authenticator, options) => kyAuth(authenticator as Authenticator, options as object) },
  { name: 'authFetch', install: (authenticator, options) => authFetch(authenticator as Authenticator, options as object) },
];

describe.each(adapters)('$name: wrong calls', ({ name, install }) => {
  it('a Promise of an authenticator (a missing await) is refused, saying so', () => {
    expect(invalid(() => install(Promise.resolve(auth())))).toBe(`${name}: authenticator: expected an Authenticator (bearerAuth(), oauth2Auth(), createAuth() and the other factories make one), got a Promise (a missing await?)`);
  });

  it('no authenticator, or something else, is refused', () => {
    expect(invalid(() => install(undefined))).toMatch(new RegExp(`^${name}: authenticator: expected an Authenticator .*, got nothing$`));
    expect(invalid(() => install({ name: 'x' }))).toMatch(/got an object$/);
    expect(invalid(() => install(got))).toMatch(/got a got instance$/);
  });

  it("origins: 'https://…' as a string is refused, saying to wrap it in a list", () => {
    expect(invalid(() => install(auth(), { origins: 'https://api.example.com' }))).toBe(
      `${name}: options.origins: expected an array of origin strings (wrap one origin in a list: origins: ['https://…']), got a string`,
    );
    expect(invalid(() => install(auth(), { origins: ['not a url'] }))).toMatch(/origins\[0\]: expected an absolute URL/);
  });

  it('allowInsecureHttp that is not a boolean, and options that are not an object, are refused', () => {
    expect(invalid(() => install(auth(), { allowInsecureHttp: 'yes' }))).toMatch(/options\.allowInsecureHttp: expected true or false, got a string$/);
    expect(invalid(() => install(auth(), 'https://api.example.com'))).toMatch(/options: expected an options object .*, got a string$/);
  });
});

describe('axiosAuth: the instance', () => {
  it('axiosAuth(auth): the authenticator in the instance’s place is refused, saying to pass the instance first', () => {
    const message = invalid(() => (axiosAuth as unknown as (a: unknown) => unknown)(auth()));
    expect(message).toBe('axiosAuth: instance: expected an axios instance (axios or axios.create()): pass the instance first, axiosAuth(instance, authenticator), got an Authenticator');
  });

  it('a got or ky instance is refused, named', () => {
    expect(invalid(() => axiosAuth(got as never, auth()))).toMatch(/expected an axios instance \(axios or axios\.create\(\)\), got a got instance$/);
    expect(invalid(() => axiosAuth(ky as never, auth()))).toMatch(/got a ky instance$/);
  });
});

describe('gotAuth given to ky', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('ky.extend(gotAuth(auth)) fails on its first request, pointing to kyAuth, and nothing is sent', async () => {
    const client = ky.create({ retry: 0 }).extend(gotAuth(auth()) as never);
    const error = await client.get(`${server.origin}/items`).then(() => undefined, (caught: unknown) => caught);
    expect(isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
    expect((error as Error).message).toBe('gotAuth: its hooks are for got (got.extend(gotAuth(auth))); ky takes kyAuth(auth)');
    expect(server.requests).toHaveLength(0);
  });
});

describe('installed twice on one client: refused, in every adapter', () => {
  let server!: TestServer;
  useTestServer((started) => {
    server = started;
  });
  const second = apiKeyAuth({ key: 'key_args_2c8e4a6f1b', in: 'header', name: 'X-API-Key' });
  const alreadyInstalled = /already has authwire installed; install it once \(remove the first, or put several authenticators in one combineAuth\(\)\)/;

  it('axios: the second axiosAuth on an instance fails at the call; after removing the first it may be installed again', () => {
    const instance = axios.create();
    const remove = axiosAuth(instance, auth());
    expect(invalid(() => axiosAuth(instance, second))).toMatch(alreadyInstalled);
    remove();
    expect(() => axiosAuth(instance, second)).not.toThrow();
  });

  it('got: two gotAuth extensions on one instance fail on the request, and nothing is sent', async () => {
    const client = got.extend({ retry: { limit: 0 } }, gotAuth(auth()), gotAuth(second));
    const error = await client.get(`${server.origin}/items`).then(() => undefined, (caught: unknown) => caught);
    expect(isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
    expect((error as Error).message).toMatch(alreadyInstalled);
    expect(server.requests).toHaveLength(0);
  });

  // ky 2 leaves `fetch` out of the options its hooks see, so there kyAuth cannot tell: ky 1 only.
  it.runIf(kyMajor === 1)('ky 1: two kyAuth extensions on one instance fail on the request, and nothing is sent', async () => {
    const client = ky.create({ retry: 0 }).extend(kyAuth(auth())).extend(kyAuth(second));
    const error = await client.get(`${server.origin}/items`).then(() => undefined, (caught: unknown) => caught);
    expect(isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')).toBe(true);
    expect((error as Error).message).toMatch(alreadyInstalled);
    expect(server.requests).toHaveLength(0);
  });

  it('fetch: authFetch (or kyAuth) wrapping a fetch authwire is installed in fails at the call', () => {
    const inner = authFetch(auth());
    expect(invalid(() => authFetch(second, { fetch: inner }))).toMatch(alreadyInstalled);
    expect(invalid(() => kyAuth(second, { fetch: inner }))).toMatch(alreadyInstalled);
  });
});
