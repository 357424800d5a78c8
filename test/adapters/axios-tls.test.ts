// axiosAuth with a client certificate beyond the conformance suite: the user's own httpsAgent,
// and axios's proxy tunnel (an agent axios builds from authwire's, which cannot be stripped).
import { createServer, type Server } from 'node:http';
import { Agent } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { inspect } from 'node:util';
import axios from 'axios';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { axiosAuth } from '../../adapters/axios.js';
import { clientCertificateAuth, isAuthError } from '../../src/index.js';
import { redirectPath, redirectingEcho } from '../conformance/support.js';
import { startHttpsServer, type TestHttpsServer } from '../servers/https-server.js';
import { requireProgram } from '../servers/requirement.js';
import { createTestPki, type TestPki } from '../servers/test-pki.js';

const openssl = requireProgram('openssl', 'apt-get install openssl');

/** An HTTP CONNECT proxy on 127.0.0.1 that records the targets it tunnelled to. */
async function startConnectProxy(): Promise<{ port: number; targets: string[]; close(): Promise<void> }> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket, head: Buffer) => {
    targets.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    targets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(openssl === undefined)('axiosAuth with a client certificate', () => {
  let pki: TestPki;
  let mtls: TestHttpsServer;
  let other: TestHttpsServer;
  beforeAll(async () => {
    pki = await createTestPki(openssl ?? 'openssl');
    const server = { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca };
    mtls = await startHttpsServer({ ...server, clientCertificate: 'required' }, redirectingEcho);
    other = await startHttpsServer({ ...server, clientCertificate: 'optional' }, redirectingEcho);
  });
  afterAll(async () => {
    await Promise.all([mtls?.close(), other?.close()]);
    await pki?.dispose();
  });
  beforeEach(() => {
    mtls.requests.length = 0;
    other.requests.length = 0;
  });

  const auth = () => clientCertificateAuth({ cert: pki.clientCert, key: pki.clientKey, ca: pki.ca });

  it('uses authwire\'s agent for the base URL and leaves the instance\'s own httpsAgent in place for others', async () => {
    const own = new Agent({ ca: pki.ca });
    const api = axios.create({ baseURL: `${mtls.origin}/`, httpsAgent: own });
    axiosAuth(api, auth());
    const inside = await api.get('inside');
    const outside = await api.get(`${other.origin}/outside`);
    // The config of a request that went to the base URL holds authwire's agent, which prints as its name only.
    expect(inspect(inside.config.httpsAgent)).toBe('[authwire ClientCertificateAgent]');
    expect(JSON.stringify({ agent: inside.config.httpsAgent })).toBe('{"agent":"[authwire ClientCertificateAgent]"}');
    expect(outside.config.httpsAgent).toBe(own);
    expect(mtls.requests.map((request) => request.clientCertificate)).toEqual([pki.clientName]);
    expect(other.requests.map((request) => request.clientCertificate)).toEqual([undefined]);
    own.destroy();
  });

  it('through a proxy: presents the certificate via the tunnel, and refuses a redirect to another origin', async () => {
    const proxy = await startConnectProxy();
    try {
      const api = axios.create({ baseURL: `${mtls.origin}/`, proxy: { protocol: 'http', host: '127.0.0.1', port: proxy.port } });
      axiosAuth(api, auth());
      expect((await api.get('tunnelled')).status).toBe(200);
      expect(mtls.requests.map((request) => request.clientCertificate)).toEqual([pki.clientName]);
      expect(proxy.targets).toEqual([new URL(mtls.origin).host]);

      let error: unknown;
      try {
        await api.get(redirectPath(302, `${other.origin}/landing`));
      } catch (caught) {
        error = caught;
      }
      expect(isAuthError(error, 'ERR_AUTH_REDIRECT_BLOCKED')).toBe(true);
      expect(other.requests).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
