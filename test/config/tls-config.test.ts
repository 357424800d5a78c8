// TLS material in config: from a file, an environment variable or text, applied so that a
// server requiring a client certificate sees it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../../src/index.js';
import { authFetch } from '../../adapters/fetch.js';
import { startHttpsServer, type TestHttpsServer } from '../servers/https-server.js';
import { requireProgram } from '../servers/requirement.js';
import { createTestPki, type TestPki } from '../servers/test-pki.js';

const openssl = requireProgram('openssl', 'apt-get install openssl');

describe.skipIf(openssl === undefined)('createAuth with tls', () => {
  let pki: TestPki;
  let server: TestHttpsServer;
  let dir: string;
  beforeAll(async () => {
    pki = await createTestPki(openssl as string);
    server = await startHttpsServer({ cert: pki.serverCert, key: pki.serverKey, ca: pki.ca, clientCertificate: 'required' });
    dir = mkdtempSync(join(tmpdir(), 'authwire-tls-config-'));
    writeFileSync(join(dir, 'client.crt'), pki.clientCert);
    writeFileSync(join(dir, 'ca.pem'), pki.ca);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('presents the certificate from a file and the key from the environment, trusting the CA from a file', async () => {
    const auth = createAuth(
      { type: 'bearer', token: 'tok-config-tls', tls: { cert: { file: 'client.crt' }, key: { env: 'CLIENT_KEY' }, ca: [{ file: 'ca.pem' }] } },
      { env: { CLIENT_KEY: pki.clientKey }, baseDir: dir },
    );
    const response = await authFetch(auth)(`${server.origin}/x`);
    expect(response.status).toBe(200);
    expect(server.requests.at(-1)?.clientCertificate).toBe(pki.clientName);
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer tok-config-tls');
    expect(inspect(auth, { depth: Infinity, showHidden: true })).not.toContain(pki.clientKey.split('\n')[1]);
  });

  it('names the member path of a missing file or variable, never its content', () => {
    expect(() => createAuth({ type: 'combine', all: [{ type: 'none' }, { type: 'none', tls: { cert: { file: 'missing.crt' }, key: 'x' } }] }, { baseDir: dir }))
      .toThrow('combine.all[1].tls.cert: expected a readable file at missing.crt');
    expect(() => createAuth({ type: 'none', tls: { cert: pki.clientCert, key: { env: 'NOPE' } } }, { env: {} }))
      .toThrow('none.tls.key: expected the environment variable NOPE to be set');
  });

  it('reports a bad certificate under the member path', () => {
    let message = '';
    try {
      createAuth({ type: 'none', tls: { cert: 'not a certificate', key: pki.clientKey } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^none\.tls\.cert: /);
    expect(message).not.toContain(pki.clientKey.split('\n')[1]);
  });
});
