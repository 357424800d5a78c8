// One local stand-in for every provider: a node:http server on 127.0.0.1 with routes per path
// (token endpoints answering the way a provider does, API paths that check the credential),
// recording every request. Each provider test states its provider's behaviour in its routes.
import { randomBytes } from 'node:crypto';
import { startServer, type ReceivedRequest, type TestServer } from '../../servers/http-server.js';

/** What a route answers. An object body is sent as JSON. */
export interface Reply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Readonly<Record<string, unknown>>;
}

/** Answers one request on a path; `url` is the parsed request URL. */
export type Route = (request: ReceivedRequest, url: URL) => Reply | Promise<Reply>;

export interface FakeProvider {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The absolute URL of `path` on this server. */
  url(path: string): string;
  /** Every request, in order. */
  readonly requests: ReceivedRequest[];
  /** The requests whose path (without query) is `path`. */
  on(path: string): ReceivedRequest[];
  /** Adds or replaces the route for `path`. */
  route(path: string, route: Route): void;
  close(): Promise<void>;
}

/** Starts a fake provider; unknown paths answer 404. */
export async function startFakeProvider(routes: Readonly<Record<string, Route>> = {}): Promise<FakeProvider> {
  const table = new Map(Object.entries(routes));
  const server: TestServer = await startServer(async (request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    const route = table.get(url.pathname);
    const reply: Reply = route === undefined ? { status: 404, body: { error: 'not_found' } } : await route(request, url);
    const isJson = typeof reply.body === 'object';
    response.writeHead(reply.status ?? 200, { ...(isJson ? { 'content-type': 'application/json' } : {}), ...reply.headers });
    response.end(reply.body === undefined ? '' : isJson ? JSON.stringify(reply.body) : reply.body);
  });
  return {
    origin: server.origin,
    url: (path) => `${server.origin}${path}`,
    requests: server.requests,
    on: (path) => server.requests.filter((request) => new URL(request.url, 'http://127.0.0.1').pathname === path),
    route: (path, route) => {
      table.set(path, route);
    },
    close: () => server.close(),
  };
}

/** The form body of a request. */
export function form(request: ReceivedRequest | undefined): URLSearchParams {
  return new URLSearchParams(request?.body ?? '');
}

/** The JSON object body of a request (`{}` when there is none). */
export function json(request: ReceivedRequest | undefined): Record<string, unknown> {
  const value: unknown = request === undefined || request.body === '' ? {} : JSON.parse(request.body);
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** The user name and password of a Basic `Authorization` header. */
export function basicCredentials(request: ReceivedRequest | undefined): { username: string; password: string } | undefined {
  const match = /^Basic (\S+)$/.exec(String(request?.headers.authorization ?? ''));
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return { username: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')), password: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')) };
}

/** Mints unguessable tokens and remembers which ones are currently valid. */
export class TokenIssuer {
  readonly #valid = new Set<string>();

  /** A fresh valid token, e.g. `access-3f9c…`. */
  issue(prefix = 'access'): string {
    const token = `${prefix}-${randomBytes(12).toString('hex')}`;
    this.#valid.add(token);
    return token;
  }

  accepts(token: string): boolean {
    return this.#valid.has(token);
  }

  /** Makes a token invalid; returns whether it was valid (single-use tokens). */
  use(token: string): boolean {
    return this.#valid.delete(token);
  }

  revokeAll(): void {
    this.#valid.clear();
  }
}

/**
 * An API route: 200 with `{ ok: true }` when the `Authorization` header is `<scheme> <token>` with
 * a token `accepts` takes, else 401 with a `WWW-Authenticate` challenge.
 */
export function protectedApi(accepts: (token: string) => boolean, scheme = 'Bearer'): Route {
  return (request) => {
    const header = String(request.headers.authorization ?? '');
    const prefix = `${scheme} `;
    const token = header.startsWith(prefix) ? header.slice(prefix.length) : '';
    if (token !== '' && accepts(token)) return { body: { ok: true } };
    return { status: 401, headers: { 'www-authenticate': `${scheme} error="invalid_token"` }, body: { error: 'unauthorized' } };
  };
}
