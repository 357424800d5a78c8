// A node:http server on 127.0.0.1 whose answers are bodies too large to read: endless, or of a
// given size. It records, per connection, how many bytes it wrote before the client closed it,
// so a test can assert the client stopped reading soon after its cap.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FloodReply {
  readonly status: number;
  /** The first bytes of the body (e.g. `{"access_token":"`); then filler. */
  readonly prefix: string;
  /** Total body size in bytes; `undefined`: endless (chunked). */
  readonly size?: number;
  /** Send `Content-Length` (only with `size`). */
  readonly declareLength?: boolean;
}

export interface FloodServer {
  readonly origin: string;
  reply(next: FloodReply): void;
  /** Resolves with the bytes the server wrote on the connection of the next request, once that connection closes. */
  nextConnectionClosed(): Promise<number>;
  close(): Promise<void>;
}

const filler = Buffer.alloc(64 * 1024, 'a');

function flood(response: ServerResponse, reply: FloodReply): void {
  let left = reply.size === undefined ? Number.POSITIVE_INFINITY : reply.size - Buffer.byteLength(reply.prefix);
  const pump = (): void => {
    while (left > 0 && !response.destroyed) {
      const part = left >= filler.length ? filler : filler.subarray(0, left);
      left -= part.length;
      if (!response.write(part)) {
        response.once('drain', pump);
        return;
      }
    }
    if (left <= 0) response.end();
  };
  response.write(reply.prefix);
  pump();
}

/** `fixed`: JSON bodies answered (200) for these paths instead of a flood, e.g. the steps before the one under test. */
export async function startFloodServer(fixed: Readonly<Record<string, unknown>> = {}): Promise<FloodServer> {
  let current: FloodReply = { status: 200, prefix: '' };
  const waiting: Array<(bytes: number) => void> = [];
  const server = createServer((request, response) => {
    request.resume();
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path in fixed) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(fixed[path]));
      return;
    }
    const socket: Socket = response.socket as Socket;
    const notify = waiting.shift();
    if (notify !== undefined) socket.once('close', () => notify(socket.bytesWritten));
    response.on('error', () => undefined);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (current.declareLength === true && current.size !== undefined) headers['content-length'] = String(current.size);
    response.writeHead(current.status, headers);
    flood(response, current);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    reply: (next) => {
      current = next;
    },
    nextConnectionClosed: () => new Promise<number>((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
