// A real node:https server on 127.0.0.1 that records what it received and which client
// certificate (if any) each request's connection presented.
import type { TLSSocket } from 'node:tls';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { echo, type Handler, type ReceivedRequest } from './http-server.js';

/** One request, and the subject CN of the client certificate its connection presented. */
export interface ReceivedTlsRequest extends ReceivedRequest {
  /** `undefined` when the client presented no certificate. */
  readonly clientCertificate: string | undefined;
}

export interface HttpsServerOptions {
  readonly cert: string;
  readonly key: string;
  /** Authorities that may sign client certificates. */
  readonly ca: string;
  /** `required`: no certificate, no connection (`requestCert` + `rejectUnauthorized`). `optional`: asked for, recorded, never refused. */
  readonly clientCertificate: 'required' | 'optional';
}

export interface TestHttpsServer {
  /** `https://127.0.0.1:PORT` */
  readonly origin: string;
  readonly requests: ReceivedTlsRequest[];
  /** TLS handshakes the server refused (for instance: no client certificate). */
  readonly handshakeFailures: number;
  close(): Promise<void>;
}

export async function startHttpsServer(options: HttpsServerOptions, handler: Handler = echo): Promise<TestHttpsServer> {
  const requests: ReceivedTlsRequest[] = [];
  let handshakeFailures = 0;
  const server = createServer(
    { cert: options.cert, key: options.key, ca: options.ca, requestCert: true, rejectUnauthorized: options.clientCertificate === 'required' },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const peer = socket.getPeerCertificate();
      const commonName = peer.subject === undefined ? undefined : peer.subject.CN;
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const received: ReceivedTlsRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          clientCertificate: Array.isArray(commonName) ? commonName.join(',') : commonName,
        };
        requests.push(received);
        Promise.resolve(handler(received, res)).catch((error: unknown) => {
          res.statusCode = 500;
          res.end(String(error));
        });
      });
    },
  );
  server.on('tlsClientError', () => {
    handshakeFailures++;
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    requests,
    get handshakeFailures() {
      return handshakeFailures;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
