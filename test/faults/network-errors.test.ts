// Network failures of the requests authwire sends itself (token request, session login) are told
// apart: `details.reason`, the words of the message, the cause (code and message) in
// `util.inspect`, no secret anywhere reachable from the error; a TLS certificate error is tried
// once, a refused or reset connection as often as the backoff allows.
import { inspect } from 'node:util';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore, oauth2Auth, sessionTokenAuth, type AuthError, type BackoffOptions, type NetworkErrorReason, type TokenErrorEvent } from '../../src/index.js';
import { leaksIn } from '../conformance/support.js';
import { requireProgram } from '../servers/requirement.js';
import { createTestPki, type TestPki } from '../servers/test-pki.js';
import { closedPort, startResettingServer, startSilentServer, startUntrustedTlsServer, type CountingServer } from './network-servers.js';

const openssl = requireProgram('openssl', 'apt-get install openssl');

const clientSecret = 'net-client-secret-7Qv2';
const password = 'net-login-password-9Zk4';
const secrets = [clientSecret, password];
const retries: BackoffOptions = { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 };

type FetchOption = (input: URL, init: RequestInit) => Promise<Response>;

interface Attempt {
  readonly error: AuthError;
  /** Every failed try the token manager reported. */
  readonly events: TokenErrorEvent[];
}

interface Caller {
  readonly name: string;
  run(origin: string, options: { backoff: BackoffOptions; requestTimeoutMs?: number; fetch?: FetchOption }): Promise<Attempt>;
}

async function attempt(auth: { getToken(): Promise<unknown>; close(): Promise<void> }, events: TokenErrorEvent[]): Promise<Attempt> {
  try {
    const result = await auth.getToken().then(
      () => undefined,
      (error: unknown) => error as AuthError,
    );
    expect(result, 'the token request should fail').toBeDefined();
    return { error: result as AuthError, events };
  } finally {
    await auth.close();
  }
}

const callers: readonly Caller[] = [
  {
    name: 'oauth2 token request',
    run: (origin, options) => {
      const events: TokenErrorEvent[] = [];
      const auth = oauth2Auth({
        grant: 'client_credentials',
        tokenUrl: `${origin}/oauth/token`,
        clientId: 'app',
        clientSecret,
        store: new MemoryTokenStore(),
        onError: (event) => events.push(event),
        ...options,
      });
      return attempt(auth, events);
    },
  },
  {
    name: 'session login',
    run: (origin, options) => {
      const events: TokenErrorEvent[] = [];
      const auth = sessionTokenAuth({
        login: { url: `${origin}/login`, json: { user: 'me', password }, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) },
        tokenPath: 'token',
        expiresIn: 'P1D',
        store: new MemoryTokenStore(),
        onError: (event) => events.push(event),
        backoff: options.backoff,
        ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
      });
      return attempt(auth, events);
    },
  },
];

/** What every classified network failure holds: the reason, the words, the cause shown, no secret. */
function expectClassified(error: AuthError, reason: NetworkErrorReason, words: RegExp, cause: RegExp): void {
  expect(error).toMatchObject({ name: 'AuthError', code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { reason } });
  expect(error.message).toMatch(words);
  expect(error.message).not.toMatch(/: network error$/);
  expect(inspect(error)).toMatch(cause);
  expect(JSON.stringify(error)).toContain(`"reason":"${reason}"`);
  expect(leaksIn(error, secrets)).toEqual([]);
}

describe.each(callers)('$name', ({ run }) => {
  it('a refused connection: reason connection-refused, retried as the backoff allows', async () => {
    const port = await closedPort();
    const { error, events } = await run(`http://127.0.0.1:${port}`, { backoff: retries });
    expectClassified(error, 'connection-refused', /connection refused.*\(ECONNREFUSED\)/, new RegExp(`\\[cause\\]: TypeError \\(ECONNREFUSED\\): fetch failed \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)`));
    expect(error.details.retryable).toBe(true);
    expect(events.map((event) => event.willRetry)).toEqual([true, true, false]);
  });

  it('a host name that does not resolve: reason dns', async () => {
    // A label over 63 bytes: getaddrinfo refuses it locally with ENOTFOUND, no query leaves the
    // machine (a short name under .invalid would still be sent to the configured resolver).
    const host = `${'a'.repeat(70)}.invalid`;
    const { error } = await run(`https://${host}`, { backoff: { maxAttempts: 1 } });
    expectClassified(error, 'dns', /DNS lookup failed: the host name did not resolve \(ENOTFOUND\)/, new RegExp(`\\[cause\\]: TypeError \\(ENOTFOUND\\): fetch failed \\(getaddrinfo ENOTFOUND ${host}\\)`));
  });

  it("a fetch whose error quotes a secret: util.inspect shows the cause's words without it", async () => {
    const fetch: FetchOption = () => Promise.reject(Object.assign(new TypeError(`fetch failed sending ${clientSecret} and ${password}`), { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) }));
    const { error } = await run('https://auth.example.com', { backoff: { maxAttempts: 1 }, fetch });
    expectClassified(error, 'reset', /connection reset.*\(ECONNRESET\)/, /\[cause\]: TypeError \(ECONNRESET\): fetch failed sending \[REDACTED\] and \[REDACTED\] \(socket hang up\)/);
  });

  describe('servers that fail', () => {
    let resetting: CountingServer;
    let silent: CountingServer;
    beforeAll(async () => {
      [resetting, silent] = await Promise.all([startResettingServer(), startSilentServer()]);
    });
    afterAll(async () => {
      await Promise.all([resetting?.close(), silent?.close()]);
    });

    it('a connection the server destroys: reason reset, retried as the backoff allows', async () => {
      const before = resetting.connections;
      const { error, events } = await run(resetting.origin, { backoff: retries });
      expectClassified(error, 'reset', /connection reset.*\(UND_ERR_SOCKET\)/, /\[cause\]: TypeError \(UND_ERR_SOCKET\): fetch failed \(other side closed\)/);
      expect(error.details.retryable).toBe(true);
      expect(events.map((event) => event.willRetry)).toEqual([true, true, false]);
      expect(resetting.connections - before).toBe(3);
    });

    it("the client's own timeout (undici headersTimeout): reason timeout", async () => {
      const dispatcher = new Agent({ headersTimeout: 200 });
      const fetch: FetchOption = (input, init) => undiciFetch(input, { ...init, dispatcher } as Parameters<typeof undiciFetch>[1]) as unknown as Promise<Response>;
      try {
        const { error } = await run(silent.origin, { backoff: { maxAttempts: 1 }, fetch });
        expectClassified(error, 'timeout', /timed out: no answer in time \(UND_ERR_HEADERS_TIMEOUT\)/, /\[cause\]: TypeError \(UND_ERR_HEADERS_TIMEOUT\): fetch failed \(Headers Timeout Error\)/);
      } finally {
        await dispatcher.close();
      }
    });

    it("authwire's request timeout: ERR_AUTH_TIMEOUT with reason timeout", async () => {
      const { error } = await run(silent.origin, { backoff: { maxAttempts: 1 }, requestTimeoutMs: 200 });
      expect(error).toMatchObject({ code: 'ERR_AUTH_TIMEOUT', details: { reason: 'timeout' } });
      expect(leaksIn(error, secrets)).toEqual([]);
    });
  });

  describe.skipIf(openssl === undefined)('a TLS certificate the client does not trust', () => {
    let pki: TestPki;
    let tls: CountingServer;
    beforeAll(async () => {
      expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).not.toBe('0');
      pki = await createTestPki(openssl ?? 'openssl');
      tls = await startUntrustedTlsServer(pki.serverCert, pki.serverKey);
    });
    afterAll(async () => {
      await tls?.close();
      await pki?.dispose();
    });

    it('reason tls, one connection only: never retried', async () => {
      const { error, events } = await run(tls.origin, { backoff: retries });
      expectClassified(error, 'tls', /TLS failed: .*not retried.*\(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/, /\[cause\]: TypeError \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): fetch failed \(unable to verify the first certificate\)/);
      expect(error.details.retryable).toBe(false);
      expect(events.map((event) => event.willRetry)).toEqual([false]);
      expect(tls.connections).toBe(1);
    });
  });
});
