// Token, login and metadata answers are read with a 1 MiB cap while they stream: an endless or
// 100 MB body ends in an error that says the cap was passed, and the server sees its connection
// closed soon after the cap (bytes it wrote bounded; kernel socket buffers on loopback hold a
// few MiB, hence the 32 MiB bound, far below what reading the body would take).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceLogin, discoverAuthorizationServer, MemoryTokenStore, oauth2Auth, sessionTokenAuth, type AuthError } from '../../src/index.js';
import { startFloodServer, type FloodReply, type FloodServer } from './flood-server.js';

const cap = 1 << 20;
const bound = 32 * cap;
const hundredMb = 100 * 1000 * 1000;
/** A safety net only: with the cap, each case ends long before it. */
const lifecycle = { requestTimeoutMs: 20_000, backoff: { maxAttempts: 1 } };

let server: FloodServer;

beforeAll(async () => {
  // The device flow's first two steps answer at once; its profile request gets the flood.
  server = await startFloodServer({
    '/device': { device_code: 'device-code-0123456789', user_code: 'WDJB-MJHT', verification_uri: 'https://auth.example.com/device', expires_in: 600, interval: 1 },
    '/device-token': { access_token: 'device-access-0123456789', token_type: 'Bearer', expires_in: 3600 },
  });
});
afterAll(async () => {
  await server.close();
});

const callers: ReadonlyArray<{ readonly name: string; readonly prefix: string; call(): Promise<unknown> }> = [
  {
    name: 'an oauth2 token request',
    prefix: '{"token_type":"bearer","access_token":"',
    call: async () => {
      const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl: `${server.origin}/token`, clientId: 'app', clientSecret: 'cap-secret-1', store: new MemoryTokenStore(), ...lifecycle });
      try {
        return await auth.getToken();
      } finally {
        await auth.close();
      }
    },
  },
  {
    name: 'a session login',
    prefix: '{"token":"',
    call: async () => {
      const auth = sessionTokenAuth({ login: { url: `${server.origin}/login`, json: { user: 'u', password: 'cap-secret-2' } }, tokenPath: 'token', expiresIn: 'P1D', store: new MemoryTokenStore(), ...lifecycle });
      try {
        return await auth.getToken();
      } finally {
        await auth.close();
      }
    },
  },
  {
    name: "an interactive login's profile request",
    prefix: '{"sub":"',
    call: () =>
      deviceLogin({
        deviceAuthorizationUrl: `${server.origin}/device`,
        tokenUrl: `${server.origin}/device-token`,
        clientId: 'tv',
        store: new MemoryTokenStore(),
        refreshAhead: false,
        onUserCode: () => undefined,
        profile: { url: `${server.origin}/me` },
        signal: AbortSignal.timeout(20_000),
      }),
  },
  {
    name: 'a metadata request',
    prefix: '{"issuer":"',
    call: () => discoverAuthorizationServer(server.origin, { timeoutMs: 20_000 }),
  },
];

async function failure(call: () => Promise<unknown>, reply: FloodReply): Promise<{ error: AuthError; written: number }> {
  server.reply(reply);
  const closed = server.nextConnectionClosed();
  const error = (await call().then(
    () => undefined,
    (caught: unknown) => caught,
  )) as AuthError | undefined;
  // Safety net: a connection still open after 15 s counts as unbounded.
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<number>((resolve) => {
    timer = setTimeout(() => resolve(Number.POSITIVE_INFINITY), 15_000);
  });
  const written = await Promise.race([closed, gaveUp]);
  clearTimeout(timer);
  return { error: error as AuthError, written };
}

describe.each(callers)('$name', ({ call, prefix }) => {
  it('an endless 200 body: stopped at the cap, with an error that says so', async () => {
    const { error, written } = await failure(call, { status: 200, prefix });
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 200, retryable: false, maxResponseBytes: cap } });
    expect(error.message).toMatch(/passed the 1048576-byte limit/);
    expect(written).toBeGreaterThan(cap);
    expect(written).toBeLessThan(bound);
  });

  it('a 100 MB 200 body without Content-Length: stopped at the cap', async () => {
    const { error, written } = await failure(call, { status: 200, prefix, size: hundredMb });
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 200 } });
    expect(error.message).toMatch(/passed the 1048576-byte limit/);
    expect(written).toBeLessThan(bound);
  });

  it('a 100 MB 200 body that declares its length: not read at all', async () => {
    const { error, written } = await failure(call, { status: 200, prefix, size: hundredMb, declareLength: true });
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 200 } });
    expect(error.message).toMatch(/passed the 1048576-byte limit/);
    expect(written).toBeLessThan(bound);
  });
});

describe('error answers with a huge body', () => {
  it('a 400 token answer with a 100 MB body still reports its status, and the body is cut at the cap', async () => {
    const { error, written } = await failure(callers[0]!.call, { status: 400, prefix: '{"error":"invalid_client","error_description":"', size: hundredMb });
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 400, retryable: false } });
    expect(error.message).toMatch(/HTTP 400/);
    expect(written).toBeLessThan(bound);
  });

  it('a 503 login answer with an endless body still reports its status', async () => {
    const { error, written } = await failure(callers[1]!.call, { status: 503, prefix: 'unavailable' });
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 503, retryable: true } });
    expect(error.message).toMatch(/HTTP 503/);
    expect(written).toBeLessThan(bound);
  });
});
