// A node:http token endpoint for the answers oidc-provider will not give: no expires_in,
// expires_at strings, form-urlencoded bodies, 5xx, slow answers, garbage, invalid_grant.
import type { ServerResponse } from 'node:http';
import { startServer, type ReceivedRequest, type TestServer } from './http-server.js';

export interface TokenReply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** An object is sent as JSON; a string as it is. */
  readonly body: string | Readonly<Record<string, unknown>>;
  /** Wait this long before answering (real time). */
  readonly delayMs?: number;
}

export type TokenReplier = (request: ReceivedRequest, index: number) => TokenReply | Promise<TokenReply>;

export interface TokenServer {
  readonly origin: string;
  readonly tokenUrl: string;
  /** Token requests received, in order. `index` given to a replier counts from its `reply()` call. */
  readonly requests: ReceivedRequest[];
  /** The form body of request `index`. */
  form(index: number): URLSearchParams;
  reply(replier: TokenReplier): void;
  close(): Promise<void>;
}

let counter = 0;

/** A fresh RFC 6749 token answer; `extra` is merged in (undefined values removed). */
export function tokenReply(extra: Readonly<Record<string, unknown>> = {}): TokenReply {
  counter += 1;
  const body: Record<string, unknown> = { access_token: `access-${counter}-${Math.random().toString(36).slice(2)}`, token_type: 'bearer', expires_in: 3600 };
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete body[name];
    else body[name] = value;
  }
  return { body };
}

export async function startTokenServer(replier: TokenReplier = () => tokenReply()): Promise<TokenServer> {
  let current = replier;
  let index = 0;
  const server: TestServer = await startServer(async (request, response: ServerResponse) => {
    const reply = await current(request, index++);
    if (reply.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    const isJson = typeof reply.body !== 'string';
    response.writeHead(reply.status ?? 200, { ...(isJson ? { 'content-type': 'application/json' } : {}), ...reply.headers });
    response.end(isJson ? JSON.stringify(reply.body) : reply.body);
  });
  return {
    origin: server.origin,
    tokenUrl: `${server.origin}/oauth/token`,
    requests: server.requests,
    form: (at) => new URLSearchParams(server.requests[at]?.body ?? ''),
    reply: (next) => {
      current = next;
      index = 0;
    },
    close: () => server.close(),
  };
}
