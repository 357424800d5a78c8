// One port that speaks both https and plain http (the first byte of a TLS handshake is 0x16), so a
// test can redirect from https://127.0.0.1:PORT to http://127.0.0.1:PORT: same host, same port,
// another scheme. got 14 keeps Authorization on such a hop by itself.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';

/** A self-signed certificate for 127.0.0.1 and localhost (test use only; it is its own CA). */
export const testCertificate = `-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUMgeq2Wu/5j4m2LRSV52dOoTLkfIwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyMjE0NTg1NloYDzIxMjYxMDI5
MTQ1ODU2WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQeivTAKiuBc8OtLN50DNTBzWmMT/tkavPFnYNoQQjBuIHDIwTFl+Xj
oXtwoYjtldOd9woyecmzbyGOu07fSrpao28wbTAdBgNVHQ4EFgQUNvLiFsNuA7IZ
E7iwU3np8RCSULAwHwYDVR0jBBgwFoAUNvLiFsNuA7IZE7iwU3np8RCSULAwGgYD
VR0RBBMwEYcEfwAAAYIJbG9jYWxob3N0MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZI
zj0EAwIDSAAwRQIgPHXqo2FFmr91BvaPwLhB3AqvkoV9Z6FiZlTkMCivF44CIQDa
O9OC2YF99gpj5js0JtkFmXC9Me2tYrn/EqH9pSBPRw==
-----END CERTIFICATE-----`;

/** The private key of {@link testCertificate} (test use only). */
const testKey = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg85Re7JnuW9hLnotj
9JKS/L9bVTvDxneJBFIuHzxP5T6hRANCAAQeivTAKiuBc8OtLN50DNTBzWmMT/tk
avPFnYNoQQjBuIHDIwTFl+XjoXtwoYjtldOd9woyecmzbyGOu07fSrpa
-----END PRIVATE KEY-----`;

export interface SchemeRequest {
  readonly scheme: 'http' | 'https';
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

export interface DualProtocolServer {
  readonly port: number;
  readonly requests: SchemeRequest[];
  close(): Promise<void>;
}

export async function startDualProtocolServer(
  handler: (request: SchemeRequest, response: ServerResponse) => void,
): Promise<DualProtocolServer> {
  const requests: SchemeRequest[] = [];
  const sockets = new Set<Socket>();
  const onRequest = (scheme: 'http' | 'https') => (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const received: SchemeRequest = { scheme, method: req.method ?? '', url: req.url ?? '', headers: req.headers };
      requests.push(received);
      handler(received, res);
    });
  };
  const plain = createHttpServer(onRequest('http'));
  const secure = createHttpsServer({ key: testKey, cert: testCertificate }, onRequest('https'));
  const front = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      (chunk[0] === 0x16 ? secure : plain).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const { port } = front.address() as AddressInfo;
  return {
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        front.close(() => resolve());
      }),
  };
}
