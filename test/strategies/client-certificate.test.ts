// withTls and clientCertificateAuth: what they check, what they print, and that the wrapped
// authenticator behaves as before. The certificates are made for this run with openssl.
import { rootCertificates } from 'node:tls';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, bearerAuth, clientCertificateAuth, combineAuth, noAuth, selectiveAuth, withTls, type AuthContext, type Authenticator, type AuthRequest, type ClientTls } from '../../src/index.js';
import { clientSecureContext, clientTlsOptions } from '../../src/entries/adapter-kit.js';
import { requireProgram } from '../servers/requirement.js';
import { createTestPki, type TestPki } from '../servers/test-pki.js';

const openssl = requireProgram('openssl', 'apt-get install openssl');

function authRequest(): AuthRequest {
  return { method: 'GET', url: new URL('https://api.example.com/items'), headers: new Headers(), body: { type: 'none' } };
}

/** Everything a caller could print of an error. */
function shown(error: unknown): string {
  return `${error instanceof Error ? error.message : ''}\n${JSON.stringify(error)}\n${inspect(error, { depth: Infinity })}`;
}

function pemLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----'));
}

function configError(run: () => unknown): AuthError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('ERR_AUTH_INVALID_CONFIG');
    return error as AuthError;
  }
  throw new Error('expected an ERR_AUTH_INVALID_CONFIG error');
}

describe.skipIf(openssl === undefined)('withTls and clientCertificateAuth', () => {
  let pki: TestPki;
  let secrets: string[];
  beforeAll(async () => {
    pki = await createTestPki(openssl ?? 'openssl');
    secrets = [...pemLines(pki.clientKey), ...pemLines(pki.encryptedClientKey), ...pemLines(pki.serverKey), pki.passphrase];
  });
  afterAll(async () => {
    await pki?.dispose();
  });

  const leaks = (text: string): string[] => secrets.filter((secret) => text.includes(secret));

  it('withTls keeps the authenticator\'s behaviour and members, and adds tls', async () => {
    let closed = 0;
    const base: Authenticator & { getToken(): string } = {
      name: 'custom',
      async authenticate(request: AuthRequest, context: AuthContext) {
        request.headers.set('X-Token', 'abc');
        context.credential = 'abc';
      },
      challenge: async () => true,
      close: async () => {
        closed++;
      },
      getToken: () => 'abc',
    };
    const auth = withTls(base, { cert: pki.clientCert, key: pki.clientKey });
    const request = authRequest();
    const context: AuthContext = { attempt: 0 };
    await auth.authenticate(request, context);
    expect(request.headers.get('X-Token')).toBe('abc');
    expect(context.credential).toBe('abc');
    expect(await auth.challenge?.({ status: 401, headers: new Headers() }, request, context)).toBe(true);
    await auth.close?.();
    expect(closed).toBe(1);
    expect(auth.getToken()).toBe('abc');
    expect(auth.name).toBe('custom');
    expect(auth.tls.cert).toBe(pki.clientCert);
    expect(auth.tls.key).toBe(pki.clientKey);
    expect('tls' in base).toBe(false);
  });

  it('withTls works for class-based authenticators with private state', async () => {
    class Signed implements Authenticator {
      readonly name = 'signed';
      readonly #secret = 'xyz';
      async authenticate(request: AuthRequest, _context: AuthContext): Promise<void> {
        request.headers.set('X-Signature', this.#secret);
      }
    }
    const auth = withTls(new Signed(), { ca: pki.ca });
    const request = authRequest();
    await auth.authenticate(request, { attempt: 0 });
    expect(request.headers.get('X-Signature')).toBe('xyz');
  });

  it('clientCertificateAuth adds nothing to the request and carries the certificate', async () => {
    const auth = clientCertificateAuth({ pfx: pki.clientPfx, passphrase: pki.passphrase });
    const request = authRequest();
    await auth.authenticate(request, { attempt: 0 });
    expect([...request.headers]).toEqual([]);
    expect(request.url.href).toBe('https://api.example.com/items');
    expect(auth.name).toBe('client-certificate');
    expect(auth.tls.pfx).toEqual(pki.clientPfx);
  });

  it('combineAuth and selectiveAuth hand on the tls of the authenticator that has it', () => {
    const mtls = clientCertificateAuth({ cert: pki.clientCert, key: pki.clientKey, ca: pki.ca });
    expect(combineAuth(mtls, bearerAuth({ token: 'tok-1234' })).tls).toBe(mtls.tls);
    const selected = selectiveAuth({ select: { config: { auth: 'mtls' }, path: 'auth' }, options: { mtls, none: noAuth() } });
    expect(selected.tls).toBe(mtls.tls);
  });

  it('prints and serializes without the key, passphrase or PKCS#12 bundle', () => {
    const pem = withTls(bearerAuth({ token: 'tok-1234' }), { cert: pki.clientCert, key: pki.encryptedClientKey, passphrase: pki.passphrase, ca: pki.ca });
    const pfx = clientCertificateAuth({ pfx: pki.clientPfx, passphrase: pki.passphrase });
    for (const auth of [pem, pfx]) {
      const text = `${inspect(auth, { depth: Infinity })}\n${JSON.stringify(auth)}\n${inspect(auth.tls, { depth: Infinity })}\n${JSON.stringify(auth.tls)}\n${JSON.stringify({ ...auth.tls })}`;
      expect(leaks(text)).toEqual([]);
      expect(text).not.toContain(inspect(pki.clientPfx).slice(9, 40));
      expect(text).toContain('[REDACTED]');
    }
    expect(JSON.parse(JSON.stringify(pem.tls))).toEqual({ cert: '[PEM certificate]', key: '[REDACTED]', passphrase: '[REDACTED]', ca: '[1 CA entry]' });
  });

  describe('checks tls when the authenticator is created, naming the field and never a value', () => {
    const cases: ReadonlyArray<{ name: string; tls: () => unknown; field: string; says?: RegExp }> = [
      { name: 'not an object', tls: () => 'cert.pem', field: 'tls' },
      { name: 'nothing in it', tls: () => ({}), field: 'tls' },
      { name: 'an unknown option', tls: () => ({ certificate: pki.clientCert }), field: 'tls.certificate', says: /^tls: unknown option 'certificate' \(did you mean 'cert'\?\); expected one of 'cert', 'key', 'passphrase', 'pfx', 'ca'$/ },
      { name: 'a certificate without its key', tls: () => ({ cert: pki.clientCert }), field: 'tls.key' },
      { name: 'a key without its certificate', tls: () => ({ key: pki.clientKey }), field: 'tls.cert' },
      { name: 'both a PEM pair and a pfx', tls: () => ({ cert: pki.clientCert, key: pki.clientKey, pfx: pki.clientPfx }), field: 'tls', says: /not both/ },
      { name: 'cert and key swapped', tls: () => ({ cert: pki.clientKey, key: pki.clientCert }), field: 'tls.cert', says: /swapped/ },
      { name: 'a key that is not PEM', tls: () => ({ cert: pki.clientCert, key: Buffer.from('garbage garbage garbage') }), field: 'tls.key' },
      { name: 'a key that does not belong to the certificate', tls: () => ({ cert: pki.clientCert, key: pki.serverKey }), field: 'tls.key', says: /do not match/ },
      { name: 'an encrypted key without passphrase', tls: () => ({ cert: pki.clientCert, key: pki.encryptedClientKey }), field: 'tls.passphrase' },
      { name: 'an encrypted key with a wrong passphrase', tls: () => ({ cert: pki.clientCert, key: pki.encryptedClientKey, passphrase: 'wrong' }), field: 'tls.passphrase' },
      { name: 'a pfx with a wrong passphrase', tls: () => ({ pfx: pki.clientPfx, passphrase: 'wrong' }), field: 'tls.passphrase' },
      { name: 'a pfx given as PEM text', tls: () => ({ pfx: Buffer.from(pki.clientKey) }), field: 'tls.pfx' },
      { name: 'a pfx given as a string', tls: () => ({ pfx: pki.clientKey }), field: 'tls.pfx' },
      { name: 'a passphrase with nothing to decrypt', tls: () => ({ ca: pki.ca, passphrase: pki.passphrase }), field: 'tls.passphrase' },
      { name: 'a ca entry that is not a certificate', tls: () => ({ ca: [pki.ca, pki.clientKey] }), field: 'tls.ca[1]' },
      { name: 'an empty ca list', tls: () => ({ ca: [] }), field: 'tls.ca' },
      { name: 'a ca of the wrong type', tls: () => ({ ca: 42 }), field: 'tls.ca' },
    ];
    it.each(cases)('$name → $field', ({ tls, field, says }) => {
      for (const make of [() => withTls(noAuth(), tls() as ClientTls), () => clientCertificateAuth(tls() as ClientTls)]) {
        const error = configError(make);
        // An unknown option is named in a message of its own (its `says` is anchored); the others follow `field: expected ...`.
        if (says?.source.startsWith('^') !== true) expect(error.message.startsWith(`${field}: expected`)).toBe(true);
        expect(error.details['field']).toBe(field);
        if (says !== undefined) expect(error.message).toMatch(says);
        expect(leaks(shown(error))).toEqual([]);
      }
    });
  });

  it('clientTlsOptions trusts Node\'s default authorities plus ca, and never turns checking off', () => {
    const tls: ClientTls = { cert: pki.clientCert, key: pki.clientKey, ca: pki.ca };
    const options = clientTlsOptions(tls);
    expect(clientTlsOptions(tls)).toBe(options);
    expect(options.ca?.at(-1)).toBe(pki.ca);
    expect(options.ca?.length).toBeGreaterThanOrEqual(rootCertificates.length + 1);
    expect(options).not.toHaveProperty('rejectUnauthorized');
    expect(clientTlsOptions({ cert: pki.clientCert, key: pki.clientKey })).not.toHaveProperty('ca');
    // An authenticator that set tls by hand is checked when an adapter asks for its options.
    expect(configError(() => clientTlsOptions({ cert: pki.clientCert })).details['field']).toBe('tls.key');
  });

  it('clientSecureContext parses the material once per tls', () => {
    const tls = clientCertificateAuth({ cert: pki.clientCert, key: pki.clientKey, ca: pki.ca }).tls;
    const context = clientSecureContext(tls);
    expect(clientSecureContext(tls)).toBe(context);
    expect(clientSecureContext({ ca: pki.ca })).not.toBe(context);
  });
});
