// Redirect hops of the signing strategies through every client: a hop on the same origin is
// signed afresh for its own method, URL and body (the server recomputes each signature from what
// it received, the first hop's and the hop's), and a hop to another origin carries no signature
// in any header or query parameter. The Location repeats the query it was sent, signature
// parameters included, as servers do: the hop must not carry the previous hop's.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyAuth, awsSigV4Auth, combineAuth, digestAuth, httpSignatureAuth, isAuthError, type Authenticator } from '../../src/index.js';
import { markSigning } from '../../src/strategies/signing-order.js';
import type { DriverRequest } from '../conformance/driver.js';
import { axiosFetchDrivers, drivers } from '../conformance/drivers/index.js';
import { digestServer } from './support/digest-verify.js';
import { verifyWithPackage } from './support/http-signature-verify.js';
import { startRawServer, type RawRequest, type RawServer } from './support/raw-server.js';
import { verifyWithSmithy } from './support/smithy-verify.js';

const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const smithy = { region: 'us-east-1', service: 'execute-api', credentials: (id: string) => (id === keys.accessKeyId ? keys : undefined) };
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const digestUsers = { hopper: 'a password of the hops ü' };

interface Signer {
  readonly name: string;
  readonly auth: () => Authenticator;
  /** Whether the server's check accepts what it received; a Digest server first challenges. */
  readonly verify: (request: RawRequest) => Promise<{ readonly ok: boolean; readonly reason?: string }>;
  readonly challenge?: string;
  /** Sent as GET without a body (a presigned URL signs no body). */
  readonly bodyless?: boolean;
}

const digest = digestServer(digestUsers);
const signers: readonly Signer[] = [
  {
    name: 'httpSignatureAuth (ed25519, content-digest)',
    auth: () => httpSignatureAuth({ keyId: 'k', key: privateKey, algorithm: 'ed25519' }),
    verify: (request) => verifyWithPackage(request, { keyId: 'k', algorithm: 'ed25519', key: publicKey }),
  },
  {
    name: 'combineAuth(apiKeyAuth, httpSignatureAuth covering its header)',
    auth: () => combineAuth(
      httpSignatureAuth({ keyId: 'k', key: privateKey, algorithm: 'ed25519', components: ['@method', '@target-uri', 'x-api-key', 'content-digest'] }),
      apiKeyAuth({ key: 'key-0123456789', in: 'header', name: 'X-API-Key' }),
    ),
    verify: async (request) => (request.headers['x-api-key'] === 'key-0123456789' ? verifyWithPackage(request, { keyId: 'k', algorithm: 'ed25519', key: publicKey }) : { ok: false, reason: 'no API key' }),
  },
  {
    name: 'awsSigV4Auth (Authorization header)',
    auth: () => awsSigV4Auth({ region: 'us-east-1', service: 'execute-api', credentials: keys }),
    verify: (request) => verifyWithSmithy(request, smithy),
  },
  {
    name: 'awsSigV4Auth (presigned query)',
    auth: () => awsSigV4Auth({ region: 'us-east-1', service: 'execute-api', credentials: keys, presign: { expiresIn: 60 } }),
    verify: (request) => verifyWithSmithy(request, smithy),
    bodyless: true,
  },
  {
    name: 'digestAuth (SHA-256, after its challenge)',
    auth: () => digestAuth({ username: 'hopper', password: digestUsers.hopper }),
    verify: async (request) => digest.verify(request),
    challenge: digest.challenge,
  },
];

const statuses = [301, 302, 303, 307, 308] as const;
const query = { q: "a b+c&d=e/f?g!*'()", 'näme': 'ü☃' };

/** Headers and query parameters that carry a signature of one of the strategies. */
function signatureParts(request: RawRequest | undefined): string[] {
  const headers = Object.keys(request?.headers ?? {}).filter((name) => name === 'authorization' || name === 'signature' || name === 'signature-input' || name.startsWith('x-amz-'));
  const params = [...new URL(request?.target ?? '/', 'http://x').searchParams.keys()].filter((name) => /^(x-amz-|oauth_)/i.test(name));
  return [...headers, ...params];
}

describe.each([...drivers, ...axiosFetchDrivers])('$name: redirect hops of a signed request', (driver) => {
  let main: RawServer;
  let other: RawServer;
  let signer: Signer;
  beforeAll(async () => {
    other = await startRawServer(() => ({ status: 200, body: { landed: true } }));
    main = await startRawServer(async (request) => {
      if (signer.challenge !== undefined && request.headers.authorization === undefined) return { status: 401, body: {}, headers: { 'www-authenticate': signer.challenge } };
      const verdict = await signer.verify(request);
      if (!verdict.ok) return { status: 400, body: { target: request.target, ...verdict } };
      const chain = /^\/chain\/(\d)(\?.*)?$/.exec(request.target);
      if (chain !== null && chain[1] !== '0') return { status: 302, body: {}, headers: { location: `/chain/${Number(chain[1]) - 1}${chain[2] ?? ''}` } };
      const redirect = /^\/(hop|away)\/(\d{3})(\?.*)?$/.exec(request.target);
      if (redirect === null) return { status: 200, body: { verified: request.target } };
      const [, kind, status, search = ''] = redirect;
      const location = kind === 'hop' ? `/landed/${status}${search}` : `${other.origin}/elsewhere${search}`;
      return { status: Number(status), body: {}, headers: { location } };
    });
  });
  afterAll(async () => {
    await Promise.all([main.close(), other.close()]);
  });

  const send = (path: string): DriverRequest => (signer.bodyless === true ? { url: path, query } : { method: 'POST', url: path, query, json: { n: 1, name: 'wïdget' } });

  describe.each(signers)('$name', (each) => {
    it.each(statuses)('a %i on the same origin is signed afresh: the server verifies the hop it received', async (status) => {
      signer = each;
      main.received.length = 0;
      const client = driver.create(each.auth(), { baseUrl: main.origin });
      const response = await client.request(send(`/hop/${status}`));
      client.close();
      expect(response.status, response.body).toBe(200);
      const landed = main.received.at(-1);
      const target = new URL(landed?.target ?? '/', main.origin);
      expect(target.pathname).toBe(`/landed/${status}`);
      expect(target.searchParams.get('q')).toBe(query.q);
      // The signature parameters of the hop itself, once: none of the first hop's beside them.
      for (const name of new Set(target.searchParams.keys())) expect(target.searchParams.getAll(name), name).toHaveLength(1);
      if ((status === 307 || status === 308) && each.bodyless !== true) expect(landed).toMatchObject({ method: 'POST', body: Buffer.from('{"n":1,"name":"wïdget"}') });
      if (status === 303) expect(landed?.method).toBe('GET');
      expect(main.received.length).toBe(each.challenge === undefined ? 2 : 3);
    });

    it.each(statuses)('a %i to another origin carries no signature in any header or query parameter', async (status) => {
      signer = each;
      other.received.length = 0;
      const client = driver.create(each.auth(), { baseUrl: main.origin });
      const response = await client.request(send(`/away/${status}`));
      client.close();
      expect(response.status, response.body).toBe(200);
      expect(other.received).toHaveLength(1);
      const hop = other.received[0];
      expect(new URL(hop?.target ?? '/', other.origin).searchParams.get('q')).toBe(query.q);
      expect(signatureParts(hop)).toEqual([]);
    });

    it('three same-origin hops in a row are each signed afresh', async () => {
      signer = each;
      main.received.length = 0;
      const client = driver.create(each.auth(), { baseUrl: main.origin });
      const response = await client.request({ url: '/chain/3', query });
      client.close();
      expect(response.status, response.body).toBe(200);
      const paths = main.received.map((request) => request.target.split('?')[0]);
      expect(paths.slice(-4)).toEqual(['/chain/3', '/chain/2', '/chain/1', '/chain/0']);
    });
  });

  it('a signer that cannot sign at once: the hop waits for it (axios\'s Node adapter, whose redirect hook cannot wait, refuses the hop)', async () => {
    signer = signers[0] as Signer;
    main.received.length = 0;
    const inner = signer.auth();
    const slow = markSigning({
      name: 'slow-signer',
      authenticate: async (request, context) => {
        await new Promise((resolve) => setImmediate(resolve));
        await inner.authenticate(request, context);
      },
    });
    const client = driver.create(slow, { baseUrl: main.origin });
    if (driver.name === 'axios') {
      const error = await client.error(send('/hop/307'));
      client.close();
      expect(isAuthError(error, 'ERR_AUTH_REDIRECT_BLOCKED') ? error.message : error).toMatch(/could not sign it at once/);
      expect(main.received.map((request) => request.target.split('?')[0])).toEqual(['/hop/307']);
      return;
    }
    const response = await client.request(send('/hop/307'));
    client.close();
    expect(response.status, response.body).toBe(200);
    expect(main.received.map((request) => request.target.split('?')[0])).toEqual(['/hop/307', '/landed/307']);
  });
});
