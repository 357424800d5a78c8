// A throwaway PKI for TLS tests, made with the openssl CLI in a temporary directory: a private
// CA, a server certificate for 127.0.0.1, a client certificate, the client key encrypted with a
// passphrase, a PKCS#12 bundle, and a second, unrelated CA. Nothing is committed; every key
// lives only as long as the test run. Node cannot make certificates by itself, hence openssl
// (Debian's `openssl` package, part of the base system).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPki {
  /** The private CA that signed the server and client certificates (PEM). */
  readonly ca: string;
  /** A CA that signed nothing here (PEM): trusting it instead of `ca` must fail. */
  readonly otherCa: string;
  /** The server certificate (subjectAltName IP:127.0.0.1) and its key (PEM). */
  readonly serverCert: string;
  readonly serverKey: string;
  /** The client certificate (CN = `clientName`), its key, and the same key encrypted with `passphrase` (PEM). */
  readonly clientCert: string;
  readonly clientKey: string;
  readonly encryptedClientKey: string;
  /** Client certificate and key as a PKCS#12 bundle encrypted with `passphrase` (AES-256). */
  readonly clientPfx: Buffer;
  readonly passphrase: string;
  readonly clientName: string;
  /** Removes the temporary directory. */
  dispose(): Promise<void>;
}

const config = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1
authorityKeyIdentifier = keyid
[client_ext]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
`;

/** Makes the PKI with the `openssl` program at `openssl`. */
export async function createTestPki(openssl: string): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'authwire-pki-'));
  const file = (name: string): string => join(dir, name);
  const ssl = async (...args: string[]): Promise<void> => {
    await run(openssl, args, { cwd: dir });
  };
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const serial = (): string => `0x${randomBytes(8).toString('hex')}`;
  const passphrase = `pki-pass-${randomBytes(6).toString('hex')}`;
  const clientName = 'authwire-client';
  try {
    await writeFile(file('openssl.cnf'), config);
    const cnf = file('openssl.cnf');
    const makeCa = async (name: string, subject: string): Promise<void> => {
      await ssl('req', '-x509', '-config', cnf, '-extensions', 'ca_ext', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', subject);
    };
    const makeLeaf = async (name: string, subject: string, extensions: string): Promise<void> => {
      await ssl('req', '-new', '-config', cnf, ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
      await ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', serial(), '-days', '2', '-extfile', cnf, '-extensions', extensions, '-out', `${name}.crt`);
    };
    await makeCa('ca', '/CN=authwire test CA');
    await makeCa('other-ca', '/CN=authwire unrelated CA');
    await makeLeaf('server', '/CN=127.0.0.1', 'server_ext');
    await makeLeaf('client', `/CN=${clientName}`, 'client_ext');
    await ssl('pkey', '-in', 'client.key', '-aes256', '-passout', `pass:${passphrase}`, '-out', 'client-encrypted.key');
    await ssl(
      'pkcs12', '-export', '-inkey', 'client.key', '-in', 'client.crt', '-passout', `pass:${passphrase}`,
      '-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256', '-out', 'client.p12',
    );
    const text = (name: string): Promise<string> => readFile(file(name), 'utf8');
    return {
      ca: await text('ca.crt'),
      otherCa: await text('other-ca.crt'),
      serverCert: await text('server.crt'),
      serverKey: await text('server.key'),
      clientCert: await text('client.crt'),
      clientKey: await text('client.key'),
      encryptedClientKey: await text('client-encrypted.key'),
      clientPfx: await readFile(file('client.p12')),
      passphrase,
      clientName,
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
