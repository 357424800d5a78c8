// What the adapter contract needs around the adapter under test: 127.0.0.1 servers that record
// what they received.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a kit server received it. @internal */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

/** Answers one request; the default answers 200 `ok`. @internal */
export type KitHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** A kit server on 127.0.0.1. @internal */
export interface KitServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly received: ReceivedRequest[];
  /** The handler of the next requests; reset to the default by `reset()`. */
  handler: KitHandler;
  reset(): void;
  close(): Promise<void>;
}

const answerOk: KitHandler = (_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('ok');
};

/** Starts a server on 127.0.0.1 with a free port. @internal */
export async function startKitServer(): Promise<KitServer> {
  const server = createServer((request, response) => {
    kit.received.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers });
    request.resume();
    request.on('end', () => kit.handler(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const kit: KitServer = {
    origin: `http://127.0.0.1:${port}`,
    received: [],
    handler: answerOk,
    reset() {
      kit.received.length = 0;
      kit.handler = answerOk;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return kit;
}

/** An origin on 127.0.0.1 where nothing listens (a port just released). @internal */
export async function closedOrigin(): Promise<string> {
  const server = await startKitServer();
  await server.close();
  return server.origin;
}
