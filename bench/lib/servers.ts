// The servers every part talks to: an API (`/open` answers anyone, `/secure` checks the bearer
// token like a resource server) and an OAuth2 token endpoint with a configurable latency and
// token lifetime. node:http on 127.0.0.1 only. They run in a child process (server-process.ts)
// so that their work does not share the client's event loop.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the token endpoint does; changeable while running. */
export interface ServerConfig {
  /** Delay before each token response (real time). */
  readonly tokenDelayMs: number;
  /** `expires_in` of the tokens issued from now on, in seconds. */
  readonly tokenLifetimeSeconds: number;
}

/** Counters since the last reset. */
export interface ServerStats {
  readonly tokenRequests: number;
  /** When each token request arrived (epoch ms). */
  readonly tokenRequestTimes: readonly number[];
  readonly apiRequests: number;
  readonly apiOk: number;
  /** Requests to `/secure` refused with 401 (unknown or expired token). */
  readonly apiUnauthorized: number;
  /** Server-side expiry (epoch ms) of the last token issued; 0 before any. */
  readonly lastTokenExpiresAt: number;
  /** Tokens the API accepted, by token: how many distinct tokens were in use. */
  readonly distinctTokensUsed: number;
  /** For 401s to tokens the server did issue: how long after their expiry the requests arrived (ms, at most 1,000 kept). */
  readonly expiredByMs: readonly number[];
  /** 401s to tokens the server never issued. */
  readonly unknownTokens: number;
}

export interface BenchServers {
  readonly apiOrigin: string;
  readonly tokenUrl: string;
  stats(): ServerStats;
  reset(): void;
  configure(config: Partial<ServerConfig>): void;
  close(): Promise<void>;
}

const okBody = Buffer.from('{"ok":true}');
const unauthorizedBody = Buffer.from('{"error":"invalid_token"}');

export async function startBenchServers(initial: ServerConfig): Promise<BenchServers> {
  let config: ServerConfig = { ...initial };
  const issued = new Map<string, number>(); // token → server-side expiry
  const used = new Set<string>();
  let counter = 0;
  let tokenRequests = 0;
  let tokenRequestTimes: number[] = [];
  let apiRequests = 0;
  let apiOk = 0;
  let apiUnauthorized = 0;
  let lastTokenExpiresAt = 0;
  let expiredByMs: number[] = [];
  let unknownTokens = 0;

  const api = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume(); // Bodies are not needed; drain them so the connection can be reused.
    apiRequests += 1;
    if (request.url?.startsWith('/secure') === true) {
      const header = request.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? header.slice(7) : '';
      const expiresAt = issued.get(token);
      if (expiresAt === undefined || expiresAt <= Date.now()) {
        apiUnauthorized += 1;
        if (expiresAt === undefined) unknownTokens += 1;
        else if (expiredByMs.length < 1_000) expiredByMs.push(Date.now() - expiresAt);
        response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"', 'content-length': unauthorizedBody.length });
        response.end(unauthorizedBody);
        return;
      }
      used.add(token);
    }
    apiOk += 1;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': okBody.length });
    response.end(okBody);
  });

  const token = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    if (request.method !== 'POST' || request.url?.startsWith('/oauth/token') !== true) {
      response.writeHead(404).end();
      return;
    }
    tokenRequests += 1;
    tokenRequestTimes.push(Date.now());
    request.on('end', () => {
      setTimeout(() => {
        counter += 1;
        const accessToken = `tok-${counter}-${randomBytes(12).toString('hex')}`;
        // The server's clock starts when it answers, so a client's own estimate is never later.
        const expiresAt = Date.now() + config.tokenLifetimeSeconds * 1000;
        issued.set(accessToken, expiresAt);
        lastTokenExpiresAt = expiresAt;
        if (issued.size > 10_000) for (const [value, expiry] of issued) if (expiry < Date.now() - 60_000) issued.delete(value);
        const body = Buffer.from(JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: config.tokenLifetimeSeconds }));
        response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': body.length });
        response.end(body);
      }, config.tokenDelayMs);
    });
  });

  for (const server of [api, token]) {
    // Longer than any pause between bursts: a keep-alive socket closed by the server while a
    // client reuses it would show up as a failed request that has nothing to do with auth.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.maxHeadersCount = 100;
  }
  const [apiPort, tokenPort] = await Promise.all([listen(api), listen(token)]);

  return {
    apiOrigin: `http://127.0.0.1:${apiPort}`,
    tokenUrl: `http://127.0.0.1:${tokenPort}/oauth/token`,
    stats: () => ({
      tokenRequests, tokenRequestTimes: [...tokenRequestTimes], apiRequests, apiOk, apiUnauthorized, lastTokenExpiresAt, distinctTokensUsed: used.size,
      expiredByMs: [...expiredByMs], unknownTokens,
    }),
    reset: () => {
      tokenRequests = 0;
      tokenRequestTimes = [];
      apiRequests = 0;
      apiOk = 0;
      apiUnauthorized = 0;
      used.clear();
      expiredByMs = [];
      unknownTokens = 0;
    },
    configure: (next) => {
      config = { ...config, ...next };
    },
    close: async () => {
      await Promise.all([api, token].map((server) => close(server)));
    },
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
