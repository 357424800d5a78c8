// httpSignatureAuth through axios, got, ky and fetch: the server verifies each request with the
// http-message-signatures package, from what it received, for every algorithm.
import { createPublicKey, createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpSignatureAuth, type HttpSignatureAlgorithm } from '../../src/index.js';
import { drivers } from '../conformance/drivers/index.js';
import { verifyWithPackage, type SignatureKey } from './support/http-signature-verify.js';
import { random, randomRequest } from './support/random-requests.js';
import { startRawServer, type RawServer } from './support/raw-server.js';

const perAlgorithm = 25;
const secret = Buffer.from('a shared secret of thirty-two b!');

function keysFor(algorithm: HttpSignatureAlgorithm): { signing: KeyObject | Buffer; verifying: KeyObject | Buffer } {
  switch (algorithm) {
    case 'hmac-sha256':
      return { signing: secret, verifying: secret };
    case 'ed25519': {
      const pair = generateKeyPairSync('ed25519');
      return { signing: pair.privateKey, verifying: pair.publicKey };
    }
    case 'ecdsa-p256-sha256': {
      const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      return { signing: pair.privateKey, verifying: pair.publicKey };
    }
    default: {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return { signing: pair.privateKey, verifying: pair.publicKey };
    }
  }
}

const algorithms: HttpSignatureAlgorithm[] = ['ed25519', 'ecdsa-p256-sha256', 'rsa-pss-sha512', 'rsa-v1_5-sha256', 'hmac-sha256'];
const keys = new Map(algorithms.map((algorithm) => [algorithm, keysFor(algorithm)]));

let server: RawServer;
let expected: SignatureKey;

beforeAll(async () => {
  server = await startRawServer(async (request) => {
    const verdict = await verifyWithPackage(request, expected);
    return { status: verdict.ok ? 200 : 400, body: verdict };
  });
});
afterAll(async () => {
  await server.close();
});

describe.each(drivers)('httpSignatureAuth through $name', (driver) => {
  it.each(algorithms)(`signs ${perAlgorithm} random requests with %s as http-message-signatures verifies them from what was received`, async (algorithm) => {
    const pair = keys.get(algorithm);
    if (pair === undefined) throw new Error(algorithm);
    expected = { keyId: `key-${algorithm}`, algorithm, key: pair.verifying };
    const auth = httpSignatureAuth({
      keyId: `key-${algorithm}`,
      key: pair.signing,
      algorithm,
      components: ['@method', '@target-uri', '@authority', '@scheme', '@path', '@query', 'content-digest'],
      nonce: true,
      tag: 'authwire-test',
      expiresIn: 300,
      includeAlg: true,
    });
    const client = driver.create(auth, { baseUrl: server.origin });
    const next = random(algorithm.length * 7919 + driver.name.length);
    const failures: unknown[] = [];
    for (let index = 0; index < perAlgorithm; index++) {
      const request = randomRequest(next);
      const response = await client.request(request);
      if (response.status !== 200) failures.push({ request: { ...request, body: undefined }, target: server.received.at(-1)?.target, verdict: response.body });
    }
    client.close();
    expect(failures).toEqual([]);
  });

  it('signs the default components, and covered headers the caller set', async () => {
    const pair = keys.get('ed25519');
    if (pair === undefined) throw new Error('ed25519');
    expected = { keyId: 'k', algorithm: 'ed25519', key: pair.verifying };
    const plain = driver.create(httpSignatureAuth({ keyId: 'k', key: pair.signing, algorithm: 'ed25519' }), { baseUrl: server.origin });
    const posted = await plain.request({ method: 'POST', url: '/items', json: { name: 'ü', n: 1 } });
    expect(posted.status, posted.body).toBe(200);
    expect(server.received.at(-1)?.headers['signature-input']).toMatch(/^sig1=\("@method" "@target-uri" "content-digest"\);created=\d+;keyid="k"$/);
    const got = await plain.request({ url: '/items', query: { q: 'a b' } });
    expect(got.status, got.body).toBe(200);
    expect(server.received.at(-1)?.headers['signature-input']).toMatch(/^sig1=\("@method" "@target-uri"\);/);
    const withHeaders = driver.create(
      httpSignatureAuth({ keyId: 'k', key: pair.signing, algorithm: 'ed25519', components: ['@method', '@path', 'content-type', 'x-request-id', 'content-digest', 'content-length'] }),
      { baseUrl: server.origin },
    );
    const response = await withHeaders.request({ method: 'PUT', url: '/items/1', headers: { 'content-type': 'text/plain', 'x-request-id': 'r-1' }, body: 'plain text ü' });
    expect(response.status, response.body).toBe(200);
    expect(server.received.at(-1)?.headers['content-length']).toBe(String(Buffer.byteLength('plain text ü')));
  });
});

it('keys as JWKs sign the same as PEM', () => {
  const pair = generateKeyPairSync('ed25519');
  const jwk = pair.privateKey.export({ format: 'jwk' });
  expect(() => httpSignatureAuth({ keyId: 'k', key: jwk, algorithm: 'ed25519' })).not.toThrow();
  expect(() => httpSignatureAuth({ keyId: 'k', key: { kty: 'oct', k: secret.toString('base64url') }, algorithm: 'hmac-sha256' })).not.toThrow();
  expect(createPublicKey(pair.privateKey).asymmetricKeyType).toBe('ed25519');
  expect(createSecretKey(secret).symmetricKeySize).toBe(32);
});
