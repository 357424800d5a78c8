// Client certificates and private CAs through every client. A local HTTPS server requires a
// client certificate signed by a CA made for this run (openssl, in a temporary directory); a
// second HTTPS server on another port asks for one without requiring it and records whether one
// was presented. The client trusts the private CA through authwire's `tls.ca` only (the second
// server, which authwire must not hand the certificate to, is trusted through the client's own
// TLS settings, as a user's own agent would).
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { bearerAuth, clientCertificateAuth, noAuth, withTls, type Authenticator, type ClientTls } from '../../src/index.js';
import { startHttpsServer, type TestHttpsServer } from '../servers/https-server.js';
import { requireProgram } from '../servers/requirement.js';
import { createTestPki, type TestPki } from '../servers/test-pki.js';
import type { DriverClientOptions } from './driver.js';
import { axiosFetchDrivers, drivers } from './drivers/index.js';
import { everythingShown, redirectingEcho, redirectPath } from './support.js';

const openssl = requireProgram('openssl', 'apt-get install openssl');
const token = 'tok_4c8e2a6f1b9d3e7a';

/** The parts of a PEM block that identify it: its base64 lines, long enough not to occur by chance. */
function pemLines(pem: string | Buffer): string[] {
  return String(pem).split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----'));
}

/** Every `code` along an error's chain of causes (TLS failures are wrapped differently by each client). */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  let current = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

describe.skipIf(openssl === undefined)('client certificates and private CAs', () => {
  let pki: TestPki;
  let mtls: TestHttpsServer;
  let other: TestHttpsServer;

  beforeAll(async () => {
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).not.toBe('0');
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

  const identity = (): ClientTls => ({ cert: pki.clientCert, key: pki.clientKey, ca: pki.ca });
  const tlsBearer = (): Authenticator => withTls(bearerAuth({ token }), identity());

  describe.each([...drivers, ...axiosFetchDrivers])('$name', (driver) => {
    /** The mTLS server as the client's base URL; for fetch, which has none, as its only credential origin. */
    const onMtls = (extra: DriverClientOptions = {}): DriverClientOptions =>
      driver.hasBaseUrl ? { ...extra, baseUrl: `${mtls.origin}/` } : { ...extra, baseUrl: `${mtls.origin}/`, adapter: { ...extra.adapter, origins: [mtls.origin] } };

    it('presents the client certificate: the server sees its subject, and the other credentials arrive too', async () => {
      const client = driver.create(tlsBearer(), onMtls());
      const response = await client.request({ url: 'whoami' });
      const posted = await client.request({ method: 'POST', url: 'items', json: { name: 'widget' } });
      client.close();
      expect(response.status).toBe(200);
      expect(posted.status).toBe(200);
      expect(mtls.requests.map((request) => request.clientCertificate)).toEqual([pki.clientName, pki.clientName]);
      expect(mtls.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
      expect(JSON.parse(mtls.requests[1]?.body ?? '')).toEqual({ name: 'widget' });
    });

    it('presents an encrypted key with its passphrase, and a PKCS#12 bundle, the same way', async () => {
      const encrypted = driver.create(withTls(noAuth(), { cert: pki.clientCert, key: pki.encryptedClientKey, passphrase: pki.passphrase, ca: pki.ca }), onMtls());
      expect((await encrypted.request({ url: 'pem' })).status).toBe(200);
      encrypted.close();
      const bundle = driver.create(clientCertificateAuth({ pfx: pki.clientPfx, passphrase: pki.passphrase, ca: pki.ca }), onMtls());
      expect((await bundle.request({ url: 'p12' })).status).toBe(200);
      bundle.close();
      expect(mtls.requests.map((request) => request.clientCertificate)).toEqual([pki.clientName, pki.clientName]);
    });

    it('without a client certificate the handshake fails and no request reaches the server', async () => {
      const failuresBefore = mtls.handshakeFailures;
      const trustOnly = driver.create(withTls(noAuth(), { ca: pki.ca }), onMtls());
      expect(await trustOnly.error({ url: 'no-certificate' })).toBeInstanceOf(Error);
      trustOnly.close();
      const plain = driver.create(bearerAuth({ token }), onMtls({ ownTls: { ca: pki.ca } }));
      expect(await plain.error({ url: 'no-tls-at-all' })).toBeInstanceOf(Error);
      plain.close();
      expect(mtls.requests).toEqual([]);
      await vi.waitFor(() => expect(mtls.handshakeFailures).toBeGreaterThanOrEqual(failuresBefore + 2));
    });

    it('trusts the private CA through `ca` only: without it, or with another CA, verification fails', async () => {
      const noCa = driver.create(clientCertificateAuth({ cert: pki.clientCert, key: pki.clientKey }), onMtls());
      const withoutCa = await noCa.error({ url: 'untrusted' });
      noCa.close();
      const wrongCa = driver.create(clientCertificateAuth({ cert: pki.clientCert, key: pki.clientKey, ca: pki.otherCa }), onMtls());
      const withOtherCa = await wrongCa.error({ url: 'other-ca' });
      wrongCa.close();
      for (const error of [withoutCa, withOtherCa]) {
        expect(codesOf(error).join(' ')).toMatch(/SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);
      }
      expect(mtls.requests).toEqual([]);
    });

    it('does not present the certificate after a redirect to another origin', async () => {
      const client = driver.create(tlsBearer(), onMtls({ ownTls: { ca: pki.ca } }));
      const response = await client.request({ url: redirectPath(302, `${other.origin}/landing`) });
      client.close();
      expect(response.status).toBe(200);
      expect(mtls.requests.map((request) => request.clientCertificate)).toEqual([pki.clientName]);
      expect(other.requests).toHaveLength(1);
      expect(other.requests[0]?.url).toBe('/landing');
      expect(other.requests[0]?.clientCertificate).toBeUndefined();
      expect(other.requests[0]?.headers.authorization).toBeUndefined();
    });

    it('keeps the certificate on a redirect to the same origin', async () => {
      const client = driver.create(tlsBearer(), onMtls());
      const response = await client.request({ url: redirectPath(307, `${mtls.origin}/moved`) });
      client.close();
      expect(response.status).toBe(200);
      expect(mtls.requests.map((request) => [request.url.split('?')[0], request.clientCertificate])).toEqual([
        [expect.stringMatching(/^\/redirect\//), pki.clientName],
        ['/moved', pki.clientName],
      ]);
    });

    it('does not present the certificate to an absolute URL outside the base URL (fetch: outside `origins`)', async () => {
      const client = driver.create(tlsBearer(), onMtls({ ownTls: { ca: pki.ca } }));
      expect((await client.request({ url: `${other.origin}/elsewhere` })).status).toBe(200);
      expect((await client.request({ url: 'home' })).status).toBe(200);
      client.close();
      expect(other.requests.map((request) => request.clientCertificate)).toEqual([undefined]);
      expect(other.requests[0]?.headers.authorization).toBeUndefined();
      expect(mtls.requests.map((request) => request.clientCertificate)).toEqual([pki.clientName]);
    });

    it('presents the certificate to an origin listed in `origins` (the same rule as every credential)', async () => {
      const options = onMtls({ ownTls: { ca: pki.ca } });
      const client = driver.create(tlsBearer(), { ...options, adapter: { origins: [mtls.origin, other.origin] } });
      expect((await client.request({ url: `${other.origin}/listed` })).status).toBe(200);
      client.close();
      expect(other.requests.map((request) => request.clientCertificate)).toEqual([pki.clientName]);
      expect(other.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
    });

    it('errors hold no key material', async () => {
      const pfxStart = pki.clientPfx.subarray(0, 24);
      const secrets = [
        ...pemLines(pki.clientKey), ...pemLines(pki.encryptedClientKey), pki.passphrase,
        // A Buffer as util.inspect and JSON.stringify show it.
        [...pfxStart].map((byte) => byte.toString(16).padStart(2, '0')).join(' '), pfxStart.join(','),
      ];
      const auth = withTls(bearerAuth({ token }), { cert: pki.clientCert, key: pki.encryptedClientKey, passphrase: pki.passphrase, ca: pki.otherCa });
      const client = driver.create(auth, onMtls());
      const handshake = await client.error({ url: 'fails' });
      client.close();
      expect(handshake).toBeInstanceOf(Error);
      const shown = everythingShown(handshake);
      expect(secrets.filter((secret) => shown.includes(secret))).toEqual([]);

      if (driver.name !== 'fetch') {
        // An HTTP error after a handshake with the certificate: the client's error holds its request options.
        const setups: ClientTls[] = [
          { cert: pki.clientCert, key: pki.encryptedClientKey, passphrase: pki.passphrase, ca: pki.ca },
          { pfx: pki.clientPfx, passphrase: pki.passphrase, ca: pki.ca },
        ];
        for (const tls of setups) {
          const failing = driver.create(withTls(bearerAuth({ token }), tls), onMtls());
          const httpError = await failing.error({ url: redirectPath(500, `${mtls.origin}/never`) });
          failing.close();
          expect(httpError).toBeInstanceOf(Error);
          const shownHttp = everythingShown(httpError);
          expect(secrets.filter((secret) => shownHttp.includes(secret))).toEqual([]);
          expect(shownHttp).not.toContain(token);
        }
        // ky retries a 500 by itself: every attempt presented the certificate.
        expect(mtls.requests.length).toBeGreaterThanOrEqual(2);
        expect(new Set(mtls.requests.map((request) => request.clientCertificate))).toEqual(new Set([pki.clientName]));
      }

      const printed = `${inspect(auth, { depth: Infinity })}\n${JSON.stringify(auth)}\n${inspect(auth.tls, { depth: Infinity })}`;
      expect(secrets.filter((secret) => printed.includes(secret))).toEqual([]);
    });
  });
});
