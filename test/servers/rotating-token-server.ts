// A strict rotating authorization server over node:http, for tests with several processes: each
// refresh answers a new access token and a new single-use refresh token; a refresh token that is
// not the one in force (spent, or never issued) counts as reuse and revokes the whole family, as
// OAuth 2.0 Security BCP reuse detection does: every later refresh fails with invalid_grant and
// every access token of the family is refused. Also the protected API (GET /api) that accepts the
// family's live access tokens. A test can hold the next token request until it decides.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The header a chaos worker names itself with on its token requests. */
export const WORKER_HEADER = 'x-chaos-worker';

/** A token request that the server holds: who sent it, and how to let it go on. */
export interface HeldRequest {
  /** The sender's `x-chaos-worker` header ('' without one). */
  readonly worker: string;
  /** Answers it (rotating the refresh token) if the sender is still connected. */
  release(): void;
  /** Resolves once the sender's connection closed before the answer (then nothing was rotated). */
  readonly abandoned: Promise<void>;
}

/** What the server saw. */
export interface RotatingServerStats {
  /** Token requests received. */
  readonly tokenRequests: number;
  /** Refreshes answered with a new token. */
  readonly issued: number;
  /** Refresh tokens presented that were not the one in force (each revoked the family). */
  readonly reused: readonly string[];
  /** Whether the family is revoked. */
  readonly revoked: boolean;
  /** Token requests whose sender went away while the server held them (nothing rotated). */
  readonly abandoned: number;
  /** Refreshes that replaced an access token younger than a quarter of its life (a second refresh of one expiry). */
  readonly early: number;
  /** Refreshes answered, by worker. */
  readonly issuedBy: Readonly<Record<string, number>>;
  /** API requests refused with 401. */
  readonly unauthorized: number;
}

export interface RotatingTokenServer {
  readonly tokenUrl: string;
  readonly apiUrl: string;
  /** The refresh token in force. */
  current(): string;
  stats(): RotatingServerStats;
  /** Holds the next token request (from a worker `accept` takes, default any) until released; resolves when it arrives. */
  holdNext(accept?: (worker: string) => boolean): Promise<HeldRequest>;
  close(): Promise<void>;
}

interface Issued {
  readonly expiresAt: number;
  readonly issuedAt: number;
}

/**
 * Starts the server with refresh token `rt-0` in force. Access tokens live `lifeSeconds`; the API
 * accepts them `leewayMs` past their expiry (the clock-skew leeway resource servers allow), so a
 * request that left just before expiry is not refused on arrival. With `reuseGraceMs`, the refresh
 * token replaced last is still accepted for that long after it was replaced (a reuse grace period).
 */
export async function startRotatingTokenServer(lifeSeconds: number, leewayMs = 1_000, options: { readonly reuseGraceMs?: number } = {}): Promise<RotatingTokenServer> {
  let current = 'rt-0';
  /** The refresh token replaced last and when: with `reuseGraceMs`, still accepted that long (default 0: never). */
  let previous: { readonly token: string; readonly rotatedAt: number } | undefined;
  let currentAccess: Issued | undefined;
  let tokenRequests = 0;
  let issued = 0;
  let abandoned = 0;
  let early = 0;
  let unauthorized = 0;
  let revoked = false;
  const reused: string[] = [];
  const issuedBy: Record<string, number> = {};
  const live = new Map<string, Issued>();
  let hold: { accept: (worker: string) => boolean; arrived: (held: HeldRequest) => void } | undefined;

  const refuse = (response: ServerResponse, description: string): void => {
    response.writeHead(400, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'invalid_grant', error_description: description }));
  };

  const token = async (request: IncomingMessage, body: string, response: ServerResponse): Promise<void> => {
    tokenRequests += 1;
    const worker = String(request.headers[WORKER_HEADER] ?? '');
    const presented = new URLSearchParams(body).get('refresh_token') ?? '';
    const waiting = hold;
    if (waiting !== undefined && waiting.accept(worker)) {
      hold = undefined;
      let release!: () => void;
      let gone!: () => void;
      const abandonedPromise = new Promise<void>((resolve) => (gone = resolve));
      let settled = false;
      const answered = new Promise<boolean>((resolve) => {
        release = () => {
          settled = true;
          resolve(true);
        };
        response.once('close', () => {
          if (settled) return;
          settled = true;
          resolve(false);
          gone();
        });
      });
      waiting.arrived({ worker, release, abandoned: abandonedPromise });
      if (!(await answered) || response.destroyed) {
        abandoned += 1;
        return;
      }
    }
    // Checked when answering: a held request may present a token rotated meanwhile.
    if (revoked) return refuse(response, 'the grant was revoked');
    const inGrace = previous !== undefined && presented === previous.token && Date.now() - previous.rotatedAt < (options.reuseGraceMs ?? 0);
    if (presented !== current && !inGrace) {
      reused.push(presented);
      revoked = true;
      live.clear();
      return refuse(response, 'refresh token reused: grant revoked');
    }
    issued += 1;
    issuedBy[worker] = (issuedBy[worker] ?? 0) + 1;
    const now = Date.now();
    if (currentAccess !== undefined && now - currentAccess.issuedAt < (lifeSeconds * 1000) / 4) early += 1;
    const suffix = Math.random().toString(36).slice(2, 10);
    if (!inGrace) previous = { token: current, rotatedAt: now };
    current = `rt-${issued}-${suffix}`;
    const accessToken = `at-${issued}-${suffix}`;
    currentAccess = { issuedAt: now, expiresAt: now + lifeSeconds * 1000 };
    live.set(accessToken, currentAccess);
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: lifeSeconds, refresh_token: current }));
  };

  const api = (request: IncomingMessage, response: ServerResponse): void => {
    const presented = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const access = live.get(presented);
    if (access !== undefined && Date.now() <= access.expiresAt + leewayMs) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
      return;
    }
    unauthorized += 1;
    response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' });
    response.end();
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (request.method === 'POST' && request.url === '/token') {
        token(request, body, response).catch((error: unknown) => {
          response.statusCode = 500;
          response.end(String(error));
        });
        return;
      }
      api(request, response);
    });
  });
  // Longer than any pause a case makes: a frozen client finds its pooled connection still open, as
  // it would at a real server, so what it sends on resuming reaches the server.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    tokenUrl: `${origin}/token`,
    apiUrl: `${origin}/api`,
    current: () => current,
    stats: () => ({ tokenRequests, issued, reused: [...reused], revoked, abandoned, early, issuedBy: { ...issuedBy }, unauthorized }),
    holdNext: (accept = () => true) => new Promise((arrived) => {
      hold = { accept, arrived };
    }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
