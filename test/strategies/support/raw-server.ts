// A node:http server on 127.0.0.1 that hands each request, with its body as the exact bytes
// received, to a check written by the test, and answers with what the check returned.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as received: method, raw target, headers, body bytes. */
export interface RawRequest {
  readonly method: string;
  /** Path and query exactly as on the request line. */
  readonly target: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

/** What the check answers: a status, and a JSON body for the test to read. */
export interface CheckResult {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export interface RawServer {
  readonly origin: string;
  readonly received: RawRequest[];
  check(next: (request: RawRequest) => CheckResult | Promise<CheckResult>): void;
  close(): Promise<void>;
}

export async function startRawServer(initial: (request: RawRequest) => CheckResult | Promise<CheckResult>): Promise<RawServer> {
  let check = initial;
  const received: RawRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: RawRequest = { method: req.method ?? '', target: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      received.push(request);
      Promise.resolve()
        .then(() => check(request))
        .then(
          (result) => {
            res.writeHead(result.status, { 'content-type': 'application/json', ...result.headers });
            res.end(JSON.stringify(result.body));
          },
          (error: unknown) => {
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: String(error) }));
          },
        );
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    check: (next) => {
      check = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
