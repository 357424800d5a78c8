// A remote MCP server on 127.0.0.1 built from the SDK's own server side: McpServer with one tool
// behind StreamableHTTPServerTransport, the SDK's bearer middleware (requireBearerAuth, with the
// resource metadata URL in its 401s), and its authorization server router (mcpAuthRouter) over
// the rotating provider of mcp-oauth-provider.ts. Rate limits are off: the tests send hundreds
// of requests from one address.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { getOAuthProtectedResourceMetadataUrl, mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { RotatingOAuthProvider } from './mcp-oauth-provider.js';

/** One request to the MCP endpoint, as the server saw it. */
export interface McpRequestEvent {
  readonly method: string;
  /** The bearer token it carried, if any. */
  readonly token: string | undefined;
  readonly status: number;
}

/** The running server. */
export interface TestMcpServer {
  /** The MCP endpoint, `http://127.0.0.1:PORT/mcp`: also the resource indicator its tokens are bound to. */
  readonly url: string;
  /** The authorization server's issuer, `http://127.0.0.1:PORT/`. */
  readonly issuer: string;
  /** The pre-registered public client (redirect URI `http://127.0.0.1/callback`, any port). */
  readonly clientId: string;
  /** The scope the MCP endpoint requires. */
  readonly scope: string;
  /**
   * The scopes the MCP endpoint requires now (`[scope]` at first): push one to make the next
   * request with a token lacking it get 403 `insufficient_scope` naming them all.
   */
  readonly requiredScopes: string[];
  /**
   * Called for each request to the MCP endpoint before its token is checked; a promise it returns
   * holds the request until it settles.
   */
  gate: ((token: string | undefined) => Promise<void> | undefined) | undefined;
  readonly provider: RotatingOAuthProvider;
  /** Every request to the MCP endpoint, in order. */
  readonly requests: McpRequestEvent[];
  /** Tool calls the server ran. */
  toolCalls(): number;
  close(): Promise<void>;
}

/** Options of {@link startMcpServer}. */
export interface McpServerOptions {
  /** Lifetime of access tokens in seconds. Default 3600. */
  readonly accessTokenTtlSeconds?: number;
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startMcpServer(options: McpServerOptions = {}): Promise<TestMcpServer> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}/`;
  const mcpUrl = new URL('/mcp', issuer);
  const clientId = 'mcp-cli';
  const scope = 'mcp:tools';
  const provider = new RotatingOAuthProvider({ clientId, accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600, resource: mcpUrl });
  const requests: McpRequestEvent[] = [];
  const requiredScopes = [scope];
  let toolCalls = 0;

  const app = createMcpExpressApp({ host: '127.0.0.1' });
  const noLimit = { rateLimit: false } as const;
  app.use(mcpAuthRouter({
    provider,
    issuerUrl: new URL(issuer),
    resourceServerUrl: mcpUrl,
    scopesSupported: [scope, 'mcp:admin'],
    authorizationOptions: noLimit,
    tokenOptions: noLimit,
    clientRegistrationOptions: noLimit,
  }));
  app.post('/consent', (request: IncomingMessage, response: ServerResponse) => {
    void readForm(request).then((form) => {
      const target = provider.consent(form.get('request') ?? '');
      if (target === undefined) {
        response.writeHead(400, { 'content-type': 'text/plain' }).end('unknown authorization request');
        return;
      }
      response.writeHead(302, { location: target }).end();
    });
  });

  // Records what reached the MCP endpoint before the bearer middleware answers it.
  const record = (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') === true ? header.slice('Bearer '.length) : undefined;
    response.once('finish', () => requests.push({ method: request.method ?? '', token, status: response.statusCode }));
    const held = running.gate?.(token);
    if (held === undefined) next();
    else void held.then(next);
  };
  const bearer = requireBearerAuth({
    verifier: provider,
    requiredScopes,
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl),
    expectedResource: mcpUrl,
  });
  // Stateless (no session id generator): a server and transport per request, as the SDK's stateless example does.
  app.post('/mcp', record, bearer, async (request: IncomingMessage & { body?: unknown; auth?: AuthInfo }, response: ServerResponse) => {
    const server = new McpServer({ name: 'authwire-test-mcp', version: '1.0.0' });
    server.registerTool('whoami', { description: 'Names the client the token was issued to' }, () => {
      toolCalls += 1;
      return { content: [{ type: 'text', text: `client ${request.auth?.clientId ?? 'unknown'}` }] };
    });
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
    response.once('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response, request.body);
  });
  app.get('/mcp', record, bearer, (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(405, { allow: 'POST' }).end();
  });
  http.on('request', app);

  const running: TestMcpServer = {
    url: mcpUrl.href,
    issuer,
    clientId,
    scope,
    requiredScopes,
    gate: undefined,
    provider,
    requests,
    toolCalls: () => toolCalls,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
  return running;
}

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    request.once('error', reject);
  });
}
