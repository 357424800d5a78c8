// What the signing strategies do around the signature: bad options, stream bodies, their place
// in combineAuth, redirects, and the retry after a 401.
import { generateKeyPairSync } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyAuth, awsSigV4Auth, combineAuth, httpSignatureAuth, isAuthError, type AuthRequest } from '../../src/index.js';
import { reachableSecrets } from '../../src/testing/reachable-secrets.js';
import { drivers } from '../conformance/drivers/index.js';
import { verifyWithPackage } from './support/http-signature-verify.js';
import { startRawServer, type RawServer } from './support/raw-server.js';
import { verifyWithSmithy } from './support/smithy-verify.js';

const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey };
const hmacSecret = 'a shared secret of thirty-two b!';

function configError(make: () => unknown, field: string, secrets: readonly string[]): void {
  let caught: unknown;
  try {
    make();
  } catch (error) {
    caught = error;
  }
  expect(isAuthError(caught) ? caught.code : caught).toBe('ERR_AUTH_INVALID_CONFIG');
  expect(isAuthError(caught) ? caught.details.field : undefined).toBe(field);
  expect(reachableSecrets(caught, secrets).found).toEqual([]);
}

describe('bad options fail at once, naming the field and showing no key', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  it.each([
    ['an empty secret access key', () => awsSigV4Auth({ region: 'us-east-1', service: 's3', credentials: { accessKeyId: 'AKID', secretAccessKey: '' } }), 'awsSigV4.credentials.secretAccessKey'],
    ['UNSIGNED-PAYLOAD outside S3', () => awsSigV4Auth({ region: 'us-east-1', service: 'execute-api', credentials: keys, unsignedPayload: true }), 'awsSigV4.unsignedPayload'],
    ['a region that is no region', () => awsSigV4Auth({ region: 'US East', service: 's3', credentials: keys }), 'awsSigV4.region'],
    ['an unknown algorithm', () => httpSignatureAuth({ keyId: 'k', key: pem, algorithm: 'rsa-sha1' as never }), 'httpSignature.algorithm'],
    ['an ed25519 key for rsa-pss-sha512', () => httpSignatureAuth({ keyId: 'k', key: pem, algorithm: 'rsa-pss-sha512' }), 'httpSignature.key'],
    ['a public key', () => httpSignatureAuth({ keyId: 'k', key: generateKeyPairSync('ed25519').publicKey, algorithm: 'ed25519' }), 'httpSignature.key'],
    ['an empty shared secret', () => httpSignatureAuth({ keyId: 'k', key: '', algorithm: 'hmac-sha256' }), 'httpSignature.key'],
    ['text that is no key', () => httpSignatureAuth({ keyId: 'k', key: 'not a pem', algorithm: 'ed25519' }), 'httpSignature.key'],
    ['an unknown component', () => httpSignatureAuth({ keyId: 'k', key: hmacSecret, algorithm: 'hmac-sha256', components: ['@everything'] }), 'httpSignature.components[0]'],
  ])('%s', (_name, make, field) => {
    configError(make, field, [secretAccessKey, pem, hmacSecret, 'not a pem']);
  });
});

function post(body: AuthRequest['body']): AuthRequest {
  return { method: 'PUT', url: new URL('https://bucket.s3.amazonaws.com/key'), headers: new Headers(), body };
}

describe('stream bodies', () => {
  it('fail with ERR_AUTH_BODY_PLACEMENT where the body must be hashed, and sign UNSIGNED-PAYLOAD for S3 when asked', async () => {
    const hashed = awsSigV4Auth({ region: 'us-east-1', service: 's3', credentials: keys });
    await expect(hashed.authenticate(post({ type: 'stream' }), { attempt: 0 })).rejects.toMatchObject({ code: 'ERR_AUTH_BODY_PLACEMENT', message: expect.stringContaining('unsignedPayload') });
    const unsigned = awsSigV4Auth({ region: 'us-east-1', service: 's3', credentials: keys, unsignedPayload: true });
    const request = post({ type: 'stream' });
    await unsigned.authenticate(request, { attempt: 0 });
    expect(request.headers.get('x-amz-content-sha256')).toBe('UNSIGNED-PAYLOAD');

    const digested = httpSignatureAuth({ keyId: 'k', key: hmacSecret, algorithm: 'hmac-sha256' });
    await expect(digested.authenticate(post({ type: 'stream' }), { attempt: 0 })).rejects.toMatchObject({ code: 'ERR_AUTH_BODY_PLACEMENT' });
    const undigested = httpSignatureAuth({ keyId: 'k', key: hmacSecret, algorithm: 'hmac-sha256', contentDigest: false });
    const streamed = post({ type: 'stream' });
    await undigested.authenticate(streamed, { attempt: 0 });
    expect(streamed.headers.get('signature-input')).toMatch(/^sig1=\("@method" "@target-uri"\)/);
  });
});

describe('combineAuth', () => {
  it('runs a signer after the others, whatever the order given, so it covers what they set', async () => {
    const auth = combineAuth(
      httpSignatureAuth({ keyId: 'k', key: hmacSecret, algorithm: 'hmac-sha256', components: ['@method', 'x-api-key'] }),
      apiKeyAuth({ key: 'key-0123456789', in: 'header', name: 'X-API-Key' }),
    );
    const request: AuthRequest = { method: 'GET', url: new URL('https://api.example.com/'), headers: new Headers(), body: { type: 'none' } };
    await auth.authenticate(request, { attempt: 0 });
    expect(request.headers.get('x-api-key')).toBe('key-0123456789');
    expect(request.headers.get('signature-input')).toMatch(/^sig1=\("@method" "x-api-key"\)/);
  });
});

describe.each(drivers)('through $name', (driver) => {
  let server: RawServer;
  let other: RawServer;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  beforeAll(async () => {
    other = await startRawServer(() => ({ status: 200, body: {} }));
    server = await startRawServer(async (request) => {
      if (request.target === '/same') return { status: 307, body: {}, headers: { location: '/landed?x=1' } };
      if (request.target === '/away') return { status: 307, body: {}, headers: { location: `${other.origin}/elsewhere` } };
      const verdict = await verifyWithPackage(request, { keyId: 'k', algorithm: 'ed25519', key: publicKey });
      return { status: verdict.ok ? 200 : 400, body: verdict };
    });
  });
  afterAll(async () => {
    await server.close();
    await other.close();
  });

  it('signs a same-origin redirect hop afresh, and sends no signature to another origin', async () => {
    const client = driver.create(httpSignatureAuth({ keyId: 'k', key: privateKey, algorithm: 'ed25519' }), { baseUrl: server.origin });
    const landed = await client.request({ method: 'POST', url: '/same', body: 'payload', headers: { 'content-type': 'text/plain' } });
    expect(landed.status, landed.body).toBe(200);
    expect(server.received.at(-1)?.target).toBe('/landed?x=1');
    const away = await client.request({ url: '/away' });
    expect(away.status).toBe(200);
    const hop = other.received.at(-1);
    expect(hop?.headers.signature).toBeUndefined();
    expect(hop?.headers['signature-input']).toBeUndefined();
  });

  it('signs the retry after a 401 with the credentials fetched again', async () => {
    const issued = [
      { accessKeyId: 'AKIDFIRST', secretAccessKey: 'first-secret-0123456789', sessionToken: 'first-token', expiration: Date.now() + 3_600_000 },
      { accessKeyId: 'AKIDSECOND', secretAccessKey: 'second-secret-0123456789', sessionToken: 'second-token', expiration: Date.now() + 3_600_000 },
    ];
    let calls = 0;
    const auth = awsSigV4Auth({ region: 'us-east-1', service: 'execute-api', credentials: async () => issued[Math.min(calls++, 1)] as (typeof issued)[number] });
    const check = { region: 'us-east-1', service: 'execute-api', credentials: (id: string) => issued.find((each) => each.accessKeyId === id) };
    server.check(async (request) => {
      const verdict = await verifyWithSmithy(request, check);
      if (!verdict.ok) return { status: 400, body: verdict };
      return request.headers.authorization?.includes('AKIDFIRST') === true ? { status: 401, body: { error: 'expired' } } : { status: 200, body: { ok: true } };
    });
    const client = driver.create(auth, { baseUrl: server.origin });
    const response = await client.request({ method: 'POST', url: '/items', json: { a: 1 } });
    expect(response.status, response.body).toBe(200);
    expect(calls).toBe(2);
    expect(server.received.at(-1)?.headers['x-amz-security-token']).toBe('second-token');
    await auth.close?.();
  });
});

it('a stream body through a client is refused before anything is sent', async () => {
  const [driver] = drivers;
  if (driver === undefined) throw new Error('no driver');
  const server = await startRawServer(() => ({ status: 200, body: {} }));
  try {
    const client = driver.create(awsSigV4Auth({ region: 'us-east-1', service: 'execute-api', credentials: keys }), { baseUrl: server.origin });
    const error = await client.error({ method: 'PUT', url: '/upload', body: Readable.from([Buffer.from('abc')]), headers: { 'content-type': 'application/octet-stream' } });
    expect(isAuthError(error) ? error.code : error).toBe('ERR_AUTH_BODY_PLACEMENT');
    expect(server.received).toEqual([]);
  } finally {
    await server.close();
  }
});
