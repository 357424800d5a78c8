// A protected node:http resource: 200 for a bearer token the check accepts, 401 otherwise.
import { startServer, type TestServer } from './http-server.js';

export interface ResourceServer {
  readonly url: string;
  /** Every bearer token presented, in order. */
  readonly tokens: string[];
  close(): Promise<void>;
}

export async function startResourceServer(accepts: (token: string) => boolean | Promise<boolean>): Promise<ResourceServer> {
  const tokens: string[] = [];
  const server: TestServer = await startServer(async (request, response) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer (\S+)$/.exec(header);
    const token = match?.[1] ?? '';
    tokens.push(token);
    if (token !== '' && (await accepts(token))) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
      return;
    }
    response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' });
    response.end();
  });
  return { url: `${server.origin}/api/resource`, tokens, close: () => server.close() };
}
