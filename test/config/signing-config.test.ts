// createAuth with type awsSigV4 and httpSignature: each config, its secrets from the environment,
// signs requests to a server on 127.0.0.1, which checks what it received with an implementation
// written by others (@smithy/signature-v4, http-message-signatures). Bad fields are refused,
// named, and no secret is quoted.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { createAuth, isAuthError, parseAuthConfig, type AuthConfig } from '../../src/index.js';
import { verifyWithPackage, type SignatureKey } from '../strategies/support/http-signature-verify.js';
import { startRawServer, type RawRequest, type RawServer } from '../strategies/support/raw-server.js';
import { verifyWithSmithy, type SmithyCheck } from '../strategies/support/smithy-verify.js';

const accessKeyId = 'AKIDCONFIGEXAMPLE';
const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYCONFIGKEY';
const sessionToken = 'config/session+token==';

let server: RawServer;
let verify: (request: RawRequest) => Promise<{ ok: boolean; reason?: string }>;

beforeAll(async () => {
  server = await startRawServer(async (request) => {
    const verdict = await verify(request);
    return { status: verdict.ok ? 200 : 400, body: verdict };
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.received.length = 0;
});

/** The ERR_AUTH_INVALID_CONFIG createAuth throws for `config`. */
function refusal(config: unknown, env: Readonly<Record<string, string>> = {}): { message: string; field: unknown } {
  try {
    createAuth(config as AuthConfig, { env });
  } catch (error) {
    if (!isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')) throw error;
    return { message: error.message, field: error.details.field };
  }
  throw new Error('expected the config to be refused');
}

describe('createAuth with type awsSigV4', () => {
  const smithy = (check: SmithyCheck) => (request: RawRequest) => verifyWithSmithy(request, check);

  it('signs in the Authorization header with credentials from the environment, as @smithy/signature-v4 recomputes it from what was received', async () => {
    verify = smithy({ region: 'eu-west-1', service: 'execute-api', credentials: (id) => (id === accessKeyId ? { accessKeyId, secretAccessKey, sessionToken } : undefined) });
    const config = parseAuthConfig(JSON.parse(JSON.stringify({
      type: 'awsSigV4',
      region: 'eu-west-1',
      service: 'execute-api',
      credentials: { accessKeyId: { env: 'AWS_ACCESS_KEY_ID' }, secretAccessKey: { env: 'AWS_SECRET_ACCESS_KEY' }, sessionToken: { env: 'AWS_SESSION_TOKEN' } },
      signedHeaders: ['x-trace'],
    })));
    const auth = createAuth(config, { env: { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } });
    const response = await authFetch(auth)(`${server.origin}/prod/items?b=2&a=1`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-trace': 't-1' }, body: '{"name":"report"}',
    });
    expect(response.status, JSON.stringify(await response.clone().json())).toBe(200);
    const received = server.received.at(-1);
    expect(received?.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${accessKeyId}/\\d{8}/eu-west-1/execute-api/aws4_request, SignedHeaders=[^,]*x-trace`));
    expect(received?.headers['x-amz-security-token']).toBe(sessionToken);
  });

  it('presigns the query, and signs UNSIGNED-PAYLOAD for S3', async () => {
    verify = smithy({ region: 'us-east-1', service: 's3', credentials: () => ({ accessKeyId, secretAccessKey }) });
    const presigned = createAuth({ type: 'awsSigV4', region: 'us-east-1', service: 's3', credentials: { accessKeyId, secretAccessKey }, presign: { expiresIn: 120 } });
    const link = await authFetch(presigned)(`${server.origin}/bucket/report%202025.csv`);
    expect(link.status, JSON.stringify(await link.clone().json())).toBe(200);
    const query = new URLSearchParams(server.received.at(-1)?.target.split('?')[1]);
    expect([query.get('X-Amz-Expires'), server.received.at(-1)?.headers.authorization]).toEqual(['120', undefined]);

    const unsigned = createAuth({ type: 'awsSigV4', region: 'us-east-1', service: 's3', credentials: { accessKeyId, secretAccessKey }, unsignedPayload: true });
    const upload = await authFetch(unsigned)(`${server.origin}/bucket/key`, { method: 'PUT', body: 'bytes' });
    expect(upload.status, JSON.stringify(await upload.clone().json())).toBe(200);
    expect(server.received.at(-1)?.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
  });

  it('refuses a bad field naming it: the schema, the environment, the factory', () => {
    const base = { type: 'awsSigV4', region: 'eu-west-1', service: 'execute-api', credentials: { accessKeyId, secretAccessKey } };
    expect(refusal({ ...base, credentials: { accessKeyId } }).message).toBe('awsSigV4.credentials.secretAccessKey: expected a non-empty string without line breaks, or { "env": "NAME" }');
    expect(refusal({ ...base, region: 'EU West' }).field).toBe('awsSigV4.region');
    expect(refusal({ ...base, unsignedPayload: true }).field).toBe('awsSigV4.unsignedPayload');
    expect(refusal({ ...base, presign: { expiresIn: 604_801 } }).field).toBe('awsSigV4.presign');
    expect(refusal({ ...base, credentials: { accessKeyId, secretAccessKey, extra: 1 } }).message).toBe('awsSigV4.credentials: unknown key "extra"');
    expect(refusal({ ...base, credentials: () => ({ accessKeyId, secretAccessKey }) }).field).toBe('awsSigV4.credentials');
    expect(refusal({ ...base, credentials: { accessKeyId, secretAccessKey: { env: 'AWS_SECRET' } } }).message)
      .toBe('awsSigV4.credentials.secretAccessKey: expected the environment variable AWS_SECRET to be set');
    expect(refusal({ ...base, credentials: { accessKeyId: { env: 'ID' }, secretAccessKey } }, { ID: 'AKID WITH SPACE' }).field).toBe('awsSigV4.credentials.accessKeyId');
  });

  it('quotes no secret in its errors', () => {
    const secrets = [secretAccessKey, sessionToken, 'multi\nline-secret'];
    const messages = [
      refusal({ type: 'awsSigV4', region: 'Bad Region', service: 'execute-api', credentials: { accessKeyId, secretAccessKey, sessionToken } }).message,
      refusal({ type: 'awsSigV4', region: 'eu-west-1', service: 'execute-api', credentials: { accessKeyId, secretAccessKey: 'multi\nline-secret', sessionToken: 42 } }).message,
      refusal({ type: 'awsSigV4', region: 'eu-west-1', service: 'execute-api', credentials: { accessKeyId, secretAccessKey: { env: 'S' } } }, { S: 'multi\nline-secret' }).message,
    ];
    for (const message of messages) for (const secret of secrets) expect(message).not.toContain(secret);
  });
});

describe('createAuth with type httpSignature', () => {
  const ed = generateKeyPairSync('ed25519');
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const edPem = ed.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const ecJwk = JSON.stringify(ec.privateKey.export({ format: 'jwk' }));
  const hmacSecret = 'a shared secret of thirty-two b!';
  const withPackage = (key: SignatureKey) => (request: RawRequest) => verifyWithPackage(request, key);

  it('signs with a PEM key from the environment, its components and parameters, as http-message-signatures verifies what was received', async () => {
    verify = withPackage({ keyId: 'client-ed', algorithm: 'ed25519', key: ed.publicKey });
    const auth = createAuth(parseAuthConfig({
      type: 'httpSignature', keyId: 'client-ed', key: { env: 'SIGNING_KEY' }, algorithm: 'ed25519',
      components: ['@method', '@target-uri', 'content-type', 'content-digest'], expiresIn: 300, nonce: true, tag: 'authwire-config', includeAlg: true, contentDigest: 'sha-512', label: 'cfg',
    }), { env: { SIGNING_KEY: edPem } });
    const response = await authFetch(auth)(`${server.origin}/payments?x=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"amount":10}' });
    expect(response.status, JSON.stringify(await response.clone().json())).toBe(200);
    const input = String(server.received.at(-1)?.headers['signature-input']);
    expect(input).toMatch(/^cfg=\("@method" "@target-uri" "content-type" "content-digest"\);created=\d+;expires=\d+;keyid="client-ed";alg="ed25519";nonce="[\w-]{22}";tag="authwire-config"$/);
    expect(server.received.at(-1)?.headers['content-digest']).toMatch(/^sha-512=:/);
  });

  it('reads a private JWK given as JSON text, and an HMAC secret', async () => {
    verify = withPackage({ keyId: 'client-ec', algorithm: 'ecdsa-p256-sha256', key: createPublicKey(ec.privateKey) });
    const jwk = createAuth({ type: 'httpSignature', keyId: 'client-ec', key: ecJwk, algorithm: 'ecdsa-p256-sha256' });
    expect((await authFetch(jwk)(`${server.origin}/a`, { method: 'PUT', body: 'x' })).status).toBe(200);

    verify = withPackage({ keyId: 'client-hmac', algorithm: 'hmac-sha256', key: Buffer.from(hmacSecret) });
    const hmac = createAuth({ type: 'httpSignature', keyId: 'client-hmac', key: { env: 'HMAC' }, algorithm: 'hmac-sha256', created: false }, { env: { HMAC: hmacSecret } });
    expect((await authFetch(hmac)(`${server.origin}/b`)).status).toBe(200);
    expect(String(server.received.at(-1)?.headers['signature-input'])).toBe('sig1=("@method" "@target-uri");keyid="client-hmac"');
  });

  it('refuses a bad field naming it: the schema and the factory', () => {
    const base = { type: 'httpSignature', keyId: 'k', key: edPem, algorithm: 'ed25519' };
    expect(refusal({ ...base, algorithm: 'hs2019' }).field).toBe('httpSignature.algorithm');
    expect(refusal({ ...base, components: ['@method', '@method'] }).field).toBe('httpSignature.components');
    expect(refusal({ ...base, components: ['Content-Type'] }).field).toBe('httpSignature.components[0]');
    expect(refusal({ ...base, contentDigest: false, components: ['@method', 'content-digest'] }).message)
      .toBe('httpSignature.components[1]: expected no content-digest when contentDigest is false');
    expect(refusal({ ...base, nonce: 'abc' }).field).toBe('httpSignature.nonce');
    expect(refusal({ ...base, keySecret: 'x' }).message).toBe('httpSignature: unknown key "keySecret"');
    expect(refusal({ ...base, algorithm: 'ecdsa-p256-sha256' }).field).toBe('httpSignature.key');
    expect(refusal({ ...base, key: { env: 'MISSING' } }).message).toBe('httpSignature.key: expected the environment variable MISSING to be set');
  });

  it('quotes no key in its errors', () => {
    const edJwk = JSON.stringify(ed.privateKey.export({ format: 'jwk' }));
    const d = (JSON.parse(edJwk) as { d: string }).d;
    const messages = [
      refusal({ type: 'httpSignature', keyId: 'k', key: edPem, algorithm: 'rsa-pss-sha512' }).message,
      refusal({ type: 'httpSignature', keyId: 'k', key: edJwk, algorithm: 'ecdsa-p256-sha256' }).message,
      refusal({ type: 'httpSignature', keyId: 'k', key: '{"kty":"OKP","d":"not json', algorithm: 'ed25519' }).message,
      refusal({ type: 'httpSignature', keyId: 'k', key: { env: 'KEY' }, algorithm: 'ed25519', label: 'Bad' }, { KEY: edPem }).message,
    ];
    for (const message of messages) {
      expect(message).not.toContain('PRIVATE KEY');
      expect(message).not.toContain(d);
      expect(message).not.toContain('not json');
    }
  });
});
