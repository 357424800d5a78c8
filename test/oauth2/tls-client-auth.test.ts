// tls_client_auth (RFC 8705 §2): the client certificate authenticates the client at the token
// endpoint, which here refuses any TLS connection without one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, MemoryTokenStore, oauth2Auth } from '../../src/index.js';
import { authRequest } from '../core/request.js';
import { startHttpsServer, type TestHttpsServer } from '../servers/https-server.js';
import { requireProgram } from '../servers/requirement.js';
import { createTestPki, type TestPki } from '../servers/test-pki.js';

const openssl = requireProgram('openssl', 'apt-get install openssl');

describe.skipIf(openssl === undefined)('clientAuth tls_client_auth', () => {
  let pki: TestPki;
  let tokenServer: TestHttpsServer;
  beforeAll(async () => {
    pki = await createTestPki(openssl as string);
    tokenServer = await startHttpsServer({ cert: pki.serverCert, key: pki.serverKey, ca: pki.ca, clientCertificate: 'required' }, (request, response) => {
      const form = new URLSearchParams(request.body);
      const ok = form.get('client_id') === 'mtls-app' && form.get('grant_type') === 'client_credentials' && !('authorization' in request.headers);
      response.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      response.end(JSON.stringify(ok ? { access_token: 'at-mtls', token_type: 'Bearer', expires_in: 3600 } : { error: 'invalid_client' }));
    });
  });
  afterAll(() => tokenServer.close());

  it('presents the client certificate on the token request and sends no secret', async () => {
    const auth = oauth2Auth({
      grant: 'client_credentials', tokenUrl: `${tokenServer.origin}/token`, clientId: 'mtls-app', clientAuth: 'tls_client_auth',
      tls: { cert: pki.clientCert, key: pki.clientKey, ca: pki.ca }, store: new MemoryTokenStore(),
    });
    const request = authRequest();
    await auth.authenticate(request, { attempt: 0 });
    expect(request.headers.get('authorization')).toBe('Bearer at-mtls');
    expect(tokenServer.requests.at(-1)?.clientCertificate).toBe(pki.clientName);
    await auth.close?.();
  });

  it('works from config, with the certificate from the environment', async () => {
    const auth = createAuth(
      { type: 'oauth2', grant: 'client_credentials', tokenUrl: `${tokenServer.origin}/token`, clientId: 'mtls-app', clientAuth: 'tls_client_auth', tls: { cert: { env: 'CERT' }, key: { env: 'KEY' }, ca: pki.ca } },
      { env: { CERT: pki.clientCert, KEY: pki.clientKey }, store: new MemoryTokenStore() },
    );
    const request = authRequest();
    await auth.authenticate(request, { attempt: 0 });
    expect(request.headers.get('authorization')).toBe('Bearer at-mtls');
    await auth.close?.();
  });

  it('needs a certificate, naming the field', () => {
    expect(() => oauth2Auth({ grant: 'client_credentials', tokenUrl: `${tokenServer.origin}/token`, clientId: 'a', clientAuth: 'tls_client_auth' }))
      .toThrow(/^tls: expected a client certificate/);
    expect(() => oauth2Auth({ grant: 'client_credentials', tokenUrl: `${tokenServer.origin}/token`, clientId: 'a', clientSecret: 's', clientAuth: 'tls_client_auth', tls: { cert: pki.clientCert, key: pki.clientKey } }))
      .toThrow(/clientSecret/);
  });
});
