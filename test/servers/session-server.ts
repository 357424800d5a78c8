// A node:http app with session logins (JSON, form, Basic; token in the body, a header or a
// cookie) and a protected API that answers 401 to unknown or revoked sessions.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { startServer, type ReceivedRequest, type TestServer } from './http-server.js';

export const USER = 'robot';
export const PASSWORD = 'pw-SECRET-robot-1234';

export interface SessionApp {
  readonly origin: string;
  readonly requests: ReceivedRequest[];
  /** Login requests to `path` (all login paths when absent). */
  logins(path?: string): ReceivedRequest[];
  /** API requests received. */
  apiCalls(): ReceivedRequest[];
  /** Forgets every session: the API answers 401 to all of them. */
  revokeAll(): void;
  /** The password the logins accept from now on. */
  setPassword(password: string): void;
  /** While on, the API refuses every session (even brand-new ones) with 401. */
  refuseAll(on: boolean): void;
  /** The next `count` logins answer `status`. */
  failLogins(count: number, status: number): void;
  /** Every session issued, in order. */
  readonly issued: string[];
  close(): Promise<void>;
}

/** Where the API looks for the session: every place a placement can put it. */
function presented(request: ReceivedRequest): string[] {
  const found: string[] = [];
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const session = header('x-session');
  if (session !== undefined) found.push(session);
  const authorization = /^(?:Bearer|Token) (\S+)$/.exec(header('authorization') ?? '');
  if (authorization?.[1] !== undefined) found.push(authorization[1]);
  for (const pair of (header('cookie') ?? '').split(';')) {
    const [name, value] = pair.trim().split('=');
    if (name === 'session' && value !== undefined) found.push(value);
  }
  const query = new URL(request.url, 'http://x').searchParams.get('session');
  if (query !== null) found.push(query);
  if (request.body.startsWith('{')) {
    const body = JSON.parse(request.body) as { auth?: { session?: unknown } };
    if (typeof body.auth?.session === 'string') found.push(body.auth.session);
  }
  return found;
}

export async function startSessionApp(): Promise<SessionApp> {
  const sessions = new Set<string>();
  const issued: string[] = [];
  let password = PASSWORD;
  let refusing = false;
  let failing: { count: number; status: number } = { count: 0, status: 500 };

  const issue = (): string => {
    const token = `sess-${issued.length + 1}-${randomUUID()}`;
    sessions.add(token);
    issued.push(token);
    return token;
  };
  const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
  const refuse = (response: ServerResponse): void => json(response, 401, { error: 'bad credentials' });

  const server: TestServer = await startServer(async (request, response) => {
    const url = new URL(request.url, 'http://x');
    if (url.pathname.startsWith('/login/')) {
      await new Promise((resolve) => setTimeout(resolve, 20)); // a login takes a moment: concurrent callers overlap
      if (failing.count > 0) {
        failing.count -= 1;
        json(response, failing.status, { error: 'unavailable' });
        return;
      }
      switch (url.pathname) {
        case '/login/json': {
          const body = JSON.parse(request.body || '{}') as { username?: string; password?: string };
          if (request.method !== 'POST' || body.username !== USER || body.password !== password) return refuse(response);
          return json(response, 200, { data: { tokens: [{ value: issue(), kind: 'session' }] }, ttl: url.searchParams.get('ttl') ?? undefined });
        }
        case '/login/form': {
          const form = new URLSearchParams(request.body);
          if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return refuse(response);
          if (form.get('user') !== USER || form.get('pass') !== password) return refuse(response);
          return json(response, 200, { session: { token: issue() } });
        }
        case '/login/basic': {
          const expected = `Basic ${Buffer.from(`${USER}:${password}`).toString('base64')}`;
          if (request.headers.authorization !== expected) return refuse(response);
          response.writeHead(204, { 'x-auth-token': `Bearer ${issue()}` });
          response.end();
          return;
        }
        case '/login/cookie': {
          const body = JSON.parse(request.body || '{}') as { username?: string; password?: string };
          if (body.username !== USER || body.password !== password) return refuse(response);
          response.writeHead(302, {
            location: '/dashboard',
            'set-cookie': ['theme=dark; Path=/', `session=${issue()}; Path=/; HttpOnly; Max-Age=3600`],
          });
          response.end();
          return;
        }
        default:
          return json(response, 404, {});
      }
    }
    if (url.pathname.startsWith('/api/')) {
      const tokens = presented(request);
      if (!refusing && tokens.length === 1 && tokens[0] !== undefined && sessions.has(tokens[0])) return json(response, 200, { ok: true, headers: request.headers });
      return json(response, 401, { error: 'session expired' });
    }
    return json(response, 404, {});
  });

  return {
    origin: server.origin,
    requests: server.requests,
    issued,
    logins: (path) => server.requests.filter((request) => (path === undefined ? request.url.startsWith('/login/') : request.url.split('?')[0] === path)),
    apiCalls: () => server.requests.filter((request) => request.url.startsWith('/api/')),
    revokeAll: () => sessions.clear(),
    refuseAll: (on) => {
      refusing = on;
    },
    setPassword: (next) => {
      password = next;
    },
    failLogins: (count, status) => {
      failing = { count, status };
    },
    close: () => server.close(),
  };
}

