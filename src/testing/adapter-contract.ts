import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuthContext, Authenticator, AuthRequest, AuthResponse } from '../authenticator.js';
import { closedOrigin, startKitServer, type KitServer } from './adapter-servers.js';
import { reachableSecrets } from './reachable-secrets.js';

/**
 * One request the contract has the adapter send.
 *
 * @example
 * ```ts
 * const request: AdapterContractRequest = { method: 'POST', url: 'http://127.0.0.1:8080/items', headers: { 'content-type': 'text/plain' }, body: 'hello' };
 * ```
 */
export interface AdapterContractRequest {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The absolute URL. */
  readonly url: string;
  /** Request headers to send as given. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A text body (with `headers['content-type']`). */
  readonly body?: string;
}

/**
 * Adapter options the contract passes on to the adapter under test.
 *
 * @example
 * ```ts
 * const options: AdapterContractOptions = { origins: ['http://127.0.0.1:8080'] };
 * ```
 */
export interface AdapterContractOptions {
  /** The adapter's `origins` option: only these origins may receive credentials. */
  readonly origins?: readonly string[];
}

/**
 * What {@link AdapterDriver.send} resolves with.
 *
 * @example
 * ```ts
 * const response: AdapterContractResponse = { status: 200 };
 * ```
 */
export interface AdapterContractResponse {
  /** The final HTTP status, after redirects and any retry. */
  readonly status: number;
}

/**
 * How {@link testAdapter} drives the adapter under test.
 *
 * @example
 * ```ts
 * const driver: AdapterDriver = {
 *   async send(authenticator, request, options) {
 *     const response = await myFetch(authenticator, options)(request.url, request);
 *     return { status: response.status };
 *   },
 * };
 * ```
 */
export interface AdapterDriver {
  /**
   * Sends `request` through a client with `authenticator` installed by the adapter (with
   * `options`), following redirects. Resolves with the final status for every HTTP status (a
   * client that throws for 4xx/5xx must let them through); rejects with what the client threw
   * when the request fails (e.g. connection refused).
   */
  send(authenticator: Authenticator, request: AdapterContractRequest, options?: AdapterContractOptions): Promise<AdapterContractResponse>;
  /** Called once after the suite: close clients, agents, pools. */
  readonly cleanup?: () => void | Promise<void>;
}

/**
 * Options of {@link testAdapter}.
 *
 * @example
 * ```ts
 * testAdapter('my-client', driver, { testTimeoutMs: 60_000 });
 * ```
 */
export interface AdapterContractSettings {
  /** Timeout of each test, ms. Default 30 000. */
  readonly testTimeoutMs?: number;
}

/**
 * A bearer authenticator that also sends its token in a header of its own (no client strips
 * that on a redirect by itself); its challenge moves on to the next token, as a refresh would.
 */
function tokenAuth(tokens: readonly string[]): { readonly auth: Authenticator; readonly challenges: number[] } {
  let current = 0;
  const challenges: number[] = [];
  const auth: Authenticator = {
    name: 'adapter-contract',
    async authenticate(request: AuthRequest, context: AuthContext) {
      const token = tokens[Math.min(current, tokens.length - 1)] as string;
      request.headers.set('Authorization', `Bearer ${token}`);
      request.headers.set('X-Contract-Key', token);
      context.credential = token;
    },
    async challenge(response: AuthResponse, _request: AuthRequest, context: AuthContext) {
      challenges.push(response.status);
      if (context.credential === tokens[current]) current += 1;
      return true;
    },
  };
  return { auth, challenges };
}

/**
 * Declares a vitest suite that checks an adapter (the code that installs an {@link Authenticator}
 * in an HTTP client) against the rules every authwire adapter keeps. It starts two servers on
 * 127.0.0.1 (two origins) and checks: the credential reaches the origin addressed; an absolute
 * URL on an origin outside `origins` gets none; a redirect to another origin arrives without
 * `Authorization` or the authenticator's own headers; a 401 with a challenge the authenticator accepts is sent once more, with the
 * new credential, and only once; a failed request (connection refused) rejects with an error
 * from which no credential can be reached (own and inherited properties, headers, maps, bytes).
 *
 * Call it at the top level of a test file. vitest must be installed (an optional peer dependency).
 * Build the adapter on `RequestSession` from `authwire/adapter-kit` and these rules follow.
 *
 * @param name - the suite's name
 * @param driver - how to send a request through the adapter under test
 * @param settings - test timeout
 * @example
 * ```ts
 * // test/my-client-adapter.test.ts
 * import { testAdapter } from 'authwire/testing';
 * import { myClientAuth } from '../src/index.js';
 *
 * testAdapter('my-client', {
 *   async send(authenticator, request, options) {
 *     const client = myClientAuth(createMyClient(), authenticator, options);
 *     const response = await client.request({ ...request, throwOnStatus: false });
 *     return { status: response.status };
 *   },
 * });
 * ```
 */
export function testAdapter(name: string, driver: AdapterDriver, settings: AdapterContractSettings = {}): void {
  const timeout = settings.testTimeoutMs ?? 30_000;
  describe(`${name}: adapter contract`, () => {
    let home: KitServer;
    let other: KitServer;
    beforeAll(async () => {
      [home, other] = await Promise.all([startKitServer(), startKitServer()]);
    }, timeout);
    afterAll(async () => {
      await Promise.all([home.close(), other.close()]);
      await driver.cleanup?.();
    }, timeout);
    beforeEach(() => {
      home.reset();
      other.reset();
    });
    const secret = (): string => `contract-${randomUUID()}`;

    it('sends the credential to the origin addressed', { timeout }, async () => {
      const token = secret();
      const response = await driver.send(tokenAuth([token]).auth, { method: 'GET', url: `${home.origin}/resource?x=1` });
      expect(response.status).toBe(200);
      expect(home.received.map((request) => [request.path, request.headers.authorization, request.headers['x-contract-key']])).toEqual([
        ['/resource?x=1', `Bearer ${token}`, token],
      ]);
    });

    it('sends no credential to an origin outside `origins`', { timeout }, async () => {
      const token = secret();
      const response = await driver.send(tokenAuth([token]).auth, { method: 'GET', url: `${other.origin}/elsewhere` }, { origins: [home.origin] });
      expect(response.status).toBe(200);
      expect(other.received).toHaveLength(1);
      expect(JSON.stringify(other.received)).not.toContain(token);
    });

    it('drops the credential on a redirect to another origin', { timeout }, async () => {
      const token = secret();
      home.handler = (_request, response) => {
        response.writeHead(302, { location: `${other.origin}/landed` });
        response.end();
      };
      const response = await driver.send(tokenAuth([token]).auth, { method: 'GET', url: `${home.origin}/moved` });
      expect(response.status).toBe(200);
      expect(home.received[0]?.headers.authorization).toBe(`Bearer ${token}`);
      expect(other.received.map((request) => request.path)).toEqual(['/landed']);
      expect(other.received[0]?.headers.authorization).toBeUndefined();
      expect(JSON.stringify(other.received)).not.toContain(token);
    });

    it('sends a request once more after a challenge, with the new credential', { timeout }, async () => {
      const [stale, fresh] = [secret(), secret()];
      home.handler = (request, response) => {
        const ok = request.headers.authorization === `Bearer ${fresh}`;
        response.writeHead(ok ? 200 : 401, ok ? {} : { 'www-authenticate': 'Bearer error="invalid_token"' });
        response.end(ok ? 'ok' : 'no');
      };
      const { auth, challenges } = tokenAuth([stale, fresh]);
      const request = { method: 'POST', url: `${home.origin}/submit`, headers: { 'content-type': 'text/plain' }, body: 'payload' };
      const response = await driver.send(auth, request);
      expect(response.status).toBe(200);
      expect(challenges).toEqual([401]);
      expect(home.received.map((received) => [received.method, received.headers.authorization])).toEqual([
        ['POST', `Bearer ${stale}`],
        ['POST', `Bearer ${fresh}`],
      ]);
    });

    it('retries a challenge only once: a second 401 is the answer', { timeout }, async () => {
      const tokens = [secret(), secret(), secret()];
      home.handler = (_request, response) => {
        response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' });
        response.end('no');
      };
      const response = await driver.send(tokenAuth(tokens).auth, { method: 'GET', url: `${home.origin}/never` });
      expect(response.status).toBe(401);
      expect(home.received).toHaveLength(2);
    });

    it('shows no credential in the error of a failed request', { timeout }, async () => {
      const token = secret();
      const url = `${await closedOrigin()}/refused`;
      let thrown: unknown;
      try {
        await driver.send(tokenAuth([token]).auth, { method: 'POST', url, headers: { 'content-type': 'text/plain' }, body: 'payload' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown, 'the request to a closed port rejects').toBeDefined();
      const report = reachableSecrets(thrown, [token]);
      expect(report.complete, 'everything reachable from the error was searched').toBe(true);
      expect(report.found).toEqual([]);
    });
  });
}
