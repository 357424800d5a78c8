// Servers on 127.0.0.1 that fail in one way each, and count the connections they saw: one that
// destroys every connection, one that never answers, one whose TLS certificate the client does
// not trust; and a port where nothing listens.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface CountingServer {
  readonly origin: string;
  /** TCP connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

async function listen(server: Server, scheme: 'http' | 'https'): Promise<CountingServer> {
  let connections = 0;
  server.on('connection', () => {
    connections += 1;
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads each request, then destroys its socket without an answer. */
export function startResettingServer(): Promise<CountingServer> {
  return listen(
    createHttpServer((request) => {
      request.resume();
      request.on('end', () => request.socket.destroy());
    }),
    'http',
  );
}

/** Accepts each request and never answers. */
export function startSilentServer(): Promise<CountingServer> {
  return listen(
    createHttpServer((request) => {
      request.resume();
    }),
    'http',
  );
}

/** Answers 200 over TLS with `cert` (one the client's default trust store does not hold). */
export function startUntrustedTlsServer(cert: string, key: string): Promise<CountingServer> {
  return listen(
    createHttpsServer({ cert, key }, (_request, response) => {
      response.end('{}');
    }),
    'https',
  );
}

/** A port on 127.0.0.1 where nothing listens (bound once, then closed). */
export async function closedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
