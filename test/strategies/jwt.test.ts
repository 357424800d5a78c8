import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuthContext, Authenticator, AuthRequest } from '../../src/authenticator.js';
import { AuthError } from '../../src/errors.js';
import { bearerAuth } from '../../src/strategies/bearer.js';
import { combineAuth } from '../../src/strategies/combine.js';
import { jwtAuth, type JwtAuthOptions } from '../../src/strategies/jwt.js';
import type { JwtAsymmetricAlgorithm } from '../../src/strategies/jwt-key.js';
import { startServer, type TestServer } from '../servers/http-server.js';

// A 32-byte secret that is easy to spot in any output.
const secret = 'S3CRET-hs256-do-not-print-0123456';
const key = new TextEncoder().encode(secret);

function authRequest(url: string, method = 'GET'): AuthRequest {
  return { method, url: new URL(url), headers: new Headers(), body: { type: 'none' } };
}

/** Authenticates a request with `auth` and sends it with global fetch. */
async function send(auth: Authenticator, url: string): Promise<{ status: number; context: AuthContext; request: AuthRequest }> {
  const request = authRequest(url);
  const context: AuthContext = { attempt: 0 };
  await auth.authenticate(request, context);
  const response = await fetch(request.url, { method: request.method, headers: request.headers });
  await response.arrayBuffer();
  return { status: response.status, context, request };
}

function bearerOf(header: string | string[] | undefined): string {
  expect(typeof header).toBe('string');
  const [scheme, token, ...rest] = String(header).split(' ');
  expect(scheme).toBe('Bearer');
  expect(rest).toHaveLength(0);
  return token ?? '';
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  server.handle((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(request));
  });
  server.requests.length = 0;
});

/** A server that accepts only a JWT jose verifies with `verifyKey`, and records the verified payloads. */
function verifyingServer(verifyKey: Uint8Array | KeyObject, header = 'authorization', prefix = 'Bearer ') {
  const verified: Array<{ payload: Record<string, unknown>; header: Record<string, unknown> }> = [];
  server.handle(async (request, response) => {
    const value = request.headers[header];
    try {
      if (typeof value !== 'string' || !value.startsWith(prefix)) throw new Error('no token');
      const result = await jwtVerify(value.slice(prefix.length), verifyKey, { issuer: 'authwire-test', audience: 'https://api.example.test' });
      verified.push({ payload: result.payload, header: { ...result.protectedHeader } });
      response.writeHead(200).end('ok');
    } catch {
      response.writeHead(401).end('bad token');
    }
  });
  return verified;
}

describe('jwtAuth with a shared secret', () => {
  it('sends a token the server verifies with jose: signature, claims, exp = iat + lifetime, a jti', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-06-01T12:00:00.750Z'));
    const verified = verifyingServer(key);
    const auth = jwtAuth({
      secret,
      iss: 'authwire-test',
      sub: 'user-42',
      aud: 'https://api.example.test',
      claims: { scope: 'read write', org: { id: 7 } },
      lifetimeSeconds: 120,
    });
    const { status, context } = await send(auth, `${server.origin}/me`);
    expect(status).toBe(200);
    expect(verified).toHaveLength(1);
    const { payload, header } = verified[0]!;
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ iss: 'authwire-test', sub: 'user-42', aud: 'https://api.example.test', scope: 'read write', org: { id: 7 } });
    expect(payload.exp).toBe((payload.iat as number) + 120);
    expect(payload.iat).toBe(Date.UTC(2030, 5, 1, 12) / 1000);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.credential).toBe(bearerOf(server.requests[0]?.headers.authorization));
  });

  it('a token signed with another secret gets a 401 from the verifying server', async () => {
    verifyingServer(key);
    const other = jwtAuth({ secret: 'another-secret-of-32-bytes-length!', iss: 'authwire-test', aud: 'https://api.example.test' });
    expect((await send(other, `${server.origin}/`)).status).toBe(401);
  });

  it('reuses one token while it is fresh', async () => {
    verifyingServer(key);
    const auth = jwtAuth({ secret, iss: 'authwire-test', aud: 'https://api.example.test' });
    await send(auth, `${server.origin}/a`);
    await send(auth, `${server.origin}/b`);
    const [first, second] = server.requests.map((request) => bearerOf(request.headers.authorization));
    expect(first).toBe(second);
  });

  it('signs a new token with a later iat and a new jti once less than the margin of its lifetime remains', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2030-01-01T00:00:00Z').getTime();
    vi.setSystemTime(start);
    const verified = verifyingServer(key);
    const auth = jwtAuth({ secret, iss: 'authwire-test', aud: 'https://api.example.test', lifetimeSeconds: 600, refreshMarginSeconds: 60 });

    await send(auth, `${server.origin}/1`);
    vi.setSystemTime(start + 539_000); // 61 s left: still fresh
    await send(auth, `${server.origin}/2`);
    vi.setSystemTime(start + 541_000); // 59 s left: inside the margin
    await send(auth, `${server.origin}/3`);
    vi.setSystemTime(start + 3_600_000); // long after exp: the server (fake clock too) accepts only a new token
    await send(auth, `${server.origin}/4`);

    expect(server.requests.map((request) => request.url)).toEqual(['/1', '/2', '/3', '/4']);
    expect(verified).toHaveLength(4);
    const [t1, t2, t3, t4] = verified.map((entry) => entry.payload);
    expect(t2).toEqual(t1);
    expect(t1!.iat).toBe(start / 1000);
    expect(t3!.iat).toBe(start / 1000 + 541);
    expect(t3!.exp).toBe(start / 1000 + 541 + 600);
    expect(t4!.iat).toBe(start / 1000 + 3600);
    expect(new Set([t1!.jti, t3!.jti, t4!.jti]).size).toBe(3);
  });

  it('has the server reject a token that expired (the strategy never sends one)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    verifyingServer(key);
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('authwire-test').setAudience('https://api.example.test')
      .setIssuedAt().setExpirationTime('1m').sign(key);
    vi.setSystemTime(new Date('2030-01-01T00:02:00Z'));
    const replay = bearerAuth({ token });
    expect((await send(replay, `${server.origin}/`)).status).toBe(401);
    const auth = jwtAuth({ secret, iss: 'authwire-test', aud: 'https://api.example.test', lifetimeSeconds: 60 });
    expect((await send(auth, `${server.origin}/`)).status).toBe(200);
  });

  it('signs once for many concurrent requests (single-flight), and once more after the window', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2030-01-01T00:00:00Z').getTime();
    vi.setSystemTime(start);
    const signSpy = vi.spyOn(SignJWT.prototype, 'sign');
    const auth = jwtAuth({ secret, lifetimeSeconds: 60 });
    const run = () => Promise.all(Array.from({ length: 50 }, async () => {
      const request = authRequest('http://127.0.0.1/x');
      await auth.authenticate(request, { attempt: 0 });
      return request.headers.get('authorization');
    }));
    const first = await run();
    expect(new Set(first).size).toBe(1);
    expect(signSpy).toHaveBeenCalledTimes(1);
    vi.setSystemTime(start + 60_000);
    const second = await run();
    expect(new Set(second).size).toBe(1);
    expect(second[0]).not.toBe(first[0]);
    expect(signSpy).toHaveBeenCalledTimes(2);
  });

  it('turns a signing failure into an AuthError without key material, and does not cache it', async () => {
    const auth = jwtAuth({ secret });
    vi.spyOn(SignJWT.prototype, 'sign').mockRejectedValueOnce(new joseErrors.JOSENotSupported('simulated'));
    const failed = await auth.authenticate(authRequest('http://127.0.0.1/'), { attempt: 0 }).then(() => undefined, (error: unknown) => error);
    expect(failed).toBeInstanceOf(AuthError);
    expect((failed as AuthError).code).toBe('ERR_AUTH_INVALID_CONFIG');
    expect((failed as AuthError).details).toMatchObject({ field: 'jwt.secret', algorithm: 'HS256', reason: 'ERR_JOSE_NOT_SUPPORTED' });
    expect(inspect(failed)).not.toContain(secret);
    const request = authRequest('http://127.0.0.1/');
    await auth.authenticate(request, { attempt: 0 });
    expect(request.headers.get('authorization')).toMatch(/^Bearer /);
  });

  it('signs a new token (new jti) for every request with signEachRequest', async () => {
    const auth = jwtAuth({ secret, signEachRequest: true });
    const tokens = await Promise.all([1, 2, 3].map(async () => {
      const request = authRequest('http://127.0.0.1/');
      await auth.authenticate(request, { attempt: 0 });
      return bearerOf(request.headers.get('authorization') ?? undefined);
    }));
    expect(new Set(tokens.map((token) => decodeJwt(token).jti)).size).toBe(3);
  });

  it('decodes a base64 secret before signing', async () => {
    const bytes = randomBytes(64);
    const auth = jwtAuth({ secret: bytes.toString('base64'), secretEncoding: 'base64', algorithm: 'HS512', iss: 'authwire-test', aud: 'https://api.example.test' });
    verifyingServer(new Uint8Array(bytes));
    expect((await send(auth, `${server.origin}/`)).status).toBe(200);
  });

  it('accepts a Uint8Array secret, and copies it (changing the caller\'s bytes later changes nothing)', async () => {
    const bytes = new Uint8Array(randomBytes(48));
    const original = Uint8Array.from(bytes);
    const auth = jwtAuth({ secret: bytes, algorithm: 'HS384', iss: 'authwire-test', aud: 'https://api.example.test' });
    bytes.fill(0);
    verifyingServer(original);
    expect((await send(auth, `${server.origin}/`)).status).toBe(200);
  });

  it('writes kid, typ, cty and extra header fields; jti off; nbf on; options frozen at creation', async () => {
    const claims: Record<string, string> = { role: 'admin' };
    const auth = jwtAuth({
      secret, kid: 'key-2024', typ: 'at+jwt', cty: 'json', header: { x5t: 'thumb', vendor: { v: 1 } }, claims, jti: false, notBefore: true,
    });
    claims.role = 'changed-later';
    const request = authRequest('http://127.0.0.1/');
    await auth.authenticate(request, { attempt: 0 });
    const token = bearerOf(request.headers.get('authorization') ?? undefined);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', kid: 'key-2024', typ: 'at+jwt', cty: 'json', x5t: 'thumb', vendor: { v: 1 } });
    const payload = decodeJwt(token);
    expect(payload.role).toBe('admin');
    expect(payload.jti).toBeUndefined();
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.exp).toBe((payload.iat ?? 0) + 300);
  });

  it('puts the token where placement says, or after another prefix', async () => {
    const query = jwtAuth({ secret, placement: { in: 'query', name: 'token' } });
    const request = authRequest('http://127.0.0.1/path?a=1');
    await query.authenticate(request, { attempt: 0 });
    expect(decodeJwt(request.url.searchParams.get('token') ?? '').iat).toBeTypeOf('number');
    expect(request.headers.has('authorization')).toBe(false);

    const baserow = jwtAuth({ secret, prefix: 'JWT' });
    const second = authRequest('http://127.0.0.1/');
    await baserow.authenticate(second, { attempt: 0 });
    expect(second.headers.get('authorization')).toMatch(/^JWT [\w-]+\.[\w-]+\.[\w-]+$/);
  });
});

describe('the request-signature header (Appsmith X-Appsmith-Signature)', () => {
  it('sends a bearer token and a bare signed JWT in a custom header; the server verifies the signature with jose', async () => {
    const signingKey = 'appsmith-shared-signing-secret-32b!';
    const seen: Array<{ bearer: string | undefined; signature: Record<string, unknown> }> = [];
    server.handle(async (request, response) => {
      const signature = request.headers['x-appsmith-signature'];
      try {
        if (typeof signature !== 'string') throw new Error('no signature');
        const { payload } = await jwtVerify(signature, new TextEncoder().encode(signingKey), { algorithms: ['HS256'], maxTokenAge: '5m' });
        seen.push({ bearer: request.headers.authorization, signature: payload });
        response.writeHead(200).end();
      } catch {
        response.writeHead(401).end();
      }
    });
    const auth = combineAuth(
      bearerAuth({ token: 'api-token-123' }),
      jwtAuth({ secret: signingKey, placement: { in: 'header', name: 'X-Appsmith-Signature' }, signEachRequest: true }),
    );
    const first = await send(auth, `${server.origin}/api/v1/users`);
    const second = await send(auth, `${server.origin}/api/v1/users`);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(seen.map((entry) => entry.bearer)).toEqual(['Bearer api-token-123', 'Bearer api-token-123']);
    expect(seen[0]!.signature.jti).not.toBe(seen[1]!.signature.jti);
    expect(server.requests[0]?.headers['x-appsmith-signature']).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});

describe('jwtAuth with a private key: every algorithm family signs and the server verifies', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cases: Array<{ algorithm: JwtAsymmetricAlgorithm; pair: { privateKey: KeyObject; publicKey: KeyObject } }> = [
    ...(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const).map((algorithm) => ({ algorithm, pair: rsa })),
    { algorithm: 'ES256', pair: generateKeyPairSync('ec', { namedCurve: 'P-256' }) },
    { algorithm: 'ES384', pair: generateKeyPairSync('ec', { namedCurve: 'P-384' }) },
    { algorithm: 'ES512', pair: generateKeyPairSync('ec', { namedCurve: 'P-521' }) },
    { algorithm: 'EdDSA', pair: generateKeyPairSync('ed25519') },
  ];
  const forms = {
    pem: (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString(),
    jwk: (k: KeyObject) => k.export({ format: 'jwk' }),
    keyObject: (k: KeyObject) => k,
  };

  for (const { algorithm, pair } of cases) {
    for (const [form, toInput] of Object.entries(forms)) {
      it(`${algorithm} from a ${form}`, async () => {
        const verified = verifyingServer(pair.publicKey);
        const auth = jwtAuth({ privateKey: toInput(pair.privateKey), algorithm, iss: 'authwire-test', aud: 'https://api.example.test', kid: 'k1' });
        expect((await send(auth, `${server.origin}/`)).status).toBe(200);
        expect(verified[0]?.header).toEqual({ alg: algorithm, typ: 'JWT', kid: 'k1' });
      });
    }
  }

  for (const [algorithm, secretBytes] of [['HS256', 32], ['HS384', 48], ['HS512', 64]] as const) {
    it(`${algorithm} with a ${secretBytes}-byte secret`, async () => {
      const bytes = new Uint8Array(randomBytes(secretBytes));
      const verified = verifyingServer(bytes);
      const auth = jwtAuth({ secret: bytes, algorithm, iss: 'authwire-test', aud: 'https://api.example.test' });
      expect((await send(auth, `${server.origin}/`)).status).toBe(200);
      expect(verified[0]?.header.alg).toBe(algorithm);
    });
  }

  it('reads an encrypted PEM with its passphrase', async () => {
    const passphrase = 'pem-passphrase-never-shown';
    const encrypted = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString();
    const verified = verifyingServer(rsa.publicKey);
    const auth = jwtAuth({ privateKey: encrypted, passphrase, algorithm: 'PS256', iss: 'authwire-test', aud: 'https://api.example.test' });
    expect((await send(auth, `${server.origin}/`)).status).toBe(200);
    expect(verified[0]?.header.alg).toBe('PS256');
    for (const [options, field] of [
      [{ privateKey: encrypted }, 'jwt.passphrase'],
      [{ privateKey: encrypted, passphrase: 'wrong-passphrase-value' }, 'jwt.privateKey'],
      [{ secret, passphrase }, 'jwt.passphrase'],
    ] as const) {
      let caught: unknown;
      try {
        jwtAuth(options as JwtAuthOptions);
      } catch (error) {
        caught = error;
      }
      expect((caught as AuthError).details.field).toBe(field);
      expect(inspect(caught)).not.toMatch(/pem-passphrase-never-shown|wrong-passphrase-value|ENCRYPTED/);
    }
  });

  it('infers the algorithm from the key when none is given', async () => {
    const inferred = async (privateKey: KeyObject) => {
      const request = authRequest('http://127.0.0.1/');
      await jwtAuth({ privateKey }).authenticate(request, { attempt: 0 });
      return decodeProtectedHeader(bearerOf(request.headers.get('authorization') ?? undefined)).alg;
    };
    expect(await inferred(rsa.privateKey)).toBe('RS256');
    expect(await inferred(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey)).toBe('ES384');
    expect(await inferred(generateKeyPairSync('ed25519').privateKey)).toBe('EdDSA');
  });
});

describe('jwtAuth configuration errors name the field and hold no key material', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const rsaJwk = rsa.privateKey.export({ format: 'jwk' });
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const smallRsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const ed448 = generateKeyPairSync('ed448').privateKey;
  const pemBody = (pem: string) => pem.split('\n').filter((line) => !line.startsWith('-----') && line.length > 0);
  const brokenPem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCzbrokenbrokenbroken\n-----END PRIVATE KEY-----\n';
  const weak = 'short-secret-31-bytes-long-xxxx';

  const cases: Array<[string, () => unknown, string, string[]]> = [
    ['a weak HS256 secret (31 bytes)', () => jwtAuth({ secret: weak }), 'jwt.secret', [weak]],
    ['a weak HS384 secret (47 bytes)', () => jwtAuth({ secret: 'x'.repeat(47), algorithm: 'HS384' }), 'jwt.secret', ['x'.repeat(47)]],
    ['a weak HS512 secret (63 bytes)', () => jwtAuth({ secret: 'y'.repeat(63), algorithm: 'HS512' }), 'jwt.secret', ['y'.repeat(63)]],
    ['a weak base64 secret (24 bytes decoded)', () => jwtAuth({ secret: 'QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB', secretEncoding: 'base64' }), 'jwt.secret', ['QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB']],
    ['a secret that is not base64', () => jwtAuth({ secret: `${secret}!!`, secretEncoding: 'base64' }), 'jwt.secret', [secret]],
    ['algorithm none', () => jwtAuth({ secret, algorithm: 'none' as 'HS256' }), 'jwt.algorithm', [secret]],
    ['an unknown algorithm', () => jwtAuth({ secret, algorithm: 'HS1' as 'HS256' }), 'jwt.algorithm', [secret]],
    ['an HMAC algorithm with a private key', () => jwtAuth({ privateKey: rsaPem, algorithm: 'HS256' as 'RS256' }), 'jwt.algorithm', pemBody(rsaPem)],
    ['an asymmetric algorithm with a secret', () => jwtAuth({ secret, algorithm: 'RS256' as 'HS256' }), 'jwt.algorithm', [secret]],
    ['an RSA key with ES256', () => jwtAuth({ privateKey: rsaPem, algorithm: 'ES256' }), 'jwt.privateKey', pemBody(rsaPem)],
    ['an RSA JWK with EdDSA', () => jwtAuth({ privateKey: rsaJwk, algorithm: 'EdDSA' }), 'jwt.privateKey', [String(rsaJwk.d)]],
    ['a P-384 key with ES256', () => jwtAuth({ privateKey: p384, algorithm: 'ES256' }), 'jwt.privateKey', pemBody(p384)],
    ['an EC key with RS256', () => jwtAuth({ privateKey: ec.privateKey, algorithm: 'RS256' }), 'jwt.privateKey', []],
    ['a 1024-bit RSA key', () => jwtAuth({ privateKey: smallRsa, algorithm: 'RS256' }), 'jwt.privateKey', []],
    ['an Ed448 key', () => jwtAuth({ privateKey: ed448 }), 'jwt.privateKey', []],
    ['a public key', () => jwtAuth({ privateKey: ec.publicKey.export({ type: 'spki', format: 'pem' }).toString() }), 'jwt.privateKey', []],
    ['a public KeyObject', () => jwtAuth({ privateKey: ec.publicKey }), 'jwt.privateKey', []],
    ['a public JWK', () => jwtAuth({ privateKey: ec.publicKey.export({ format: 'jwk' }) }), 'jwt.privateKey', []],
    ['a broken PEM', () => jwtAuth({ privateKey: brokenPem }), 'jwt.privateKey', ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCzbrokenbrokenbroken']],
    ['a broken JWK', () => jwtAuth({ privateKey: { kty: 'RSA', n: 'AQAB', e: 'AQAB', d: 'private-exponent-value' } }), 'jwt.privateKey', ['private-exponent-value']],
    ['an oct JWK as privateKey', () => jwtAuth({ privateKey: { kty: 'oct', k: 'b2N0LXNlY3JldC1ieXRlcw' } }), 'jwt.privateKey', ['b2N0LXNlY3JldC1ieXRlcw']],
    ['a JWK whose alg differs', () => jwtAuth({ privateKey: { ...rsaJwk, alg: 'RS512' }, algorithm: 'RS256' }), 'jwt.privateKey', [String(rsaJwk.d)]],
    ['both secret and privateKey', () => jwtAuth({ secret, privateKey: rsaPem } as unknown as JwtAuthOptions), 'jwt', [secret, ...pemBody(rsaPem)]],
    ['neither secret nor privateKey', () => jwtAuth({} as JwtAuthOptions), 'jwt', []],
    ['a reserved claim', () => jwtAuth({ secret, claims: { exp: 1 } }), 'jwt.claims.exp', [secret]],
    ['iss among the extra claims', () => jwtAuth({ secret, claims: { iss: 'x' } }), 'jwt.claims.iss', [secret]],
    ['alg among the extra header fields', () => jwtAuth({ secret, header: { alg: 'none' } }), 'jwt.header.alg', [secret]],
    ['a claim JSON cannot carry', () => jwtAuth({ secret, claims: { when: new Date() as unknown as string } }), 'jwt.claims.when', [secret]],
    ['an empty aud list', () => jwtAuth({ secret, aud: [] }), 'jwt.aud', [secret]],
    ['a lifetime of 0', () => jwtAuth({ secret, lifetimeSeconds: 0 }), 'jwt.lifetimeSeconds', [secret]],
    ['a margin as long as the lifetime', () => jwtAuth({ secret, lifetimeSeconds: 60, refreshMarginSeconds: 60 }), 'jwt.refreshMarginSeconds', [secret]],
    ['prefix together with placement', () => jwtAuth({ secret, prefix: 'JWT', placement: { in: 'header', name: 'X-Token' } }), 'jwt.prefix', [secret]],
    ['a bad placement', () => jwtAuth({ secret, placement: { in: 'header', name: 'Bad Header' } }), 'jwt.placement.name', [secret]],
  ];

  for (const [label, create, field, secrets] of cases) {
    it(`rejects ${label} with ERR_AUTH_INVALID_CONFIG naming ${field}`, () => {
      let caught: unknown;
      try {
        create();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AuthError);
      const error = caught as AuthError;
      expect(error.code).toBe('ERR_AUTH_INVALID_CONFIG');
      expect(error.details.field).toBe(field);
      expect(error.message.startsWith(`${field}:`)).toBe(true);
      const shown = [error.message, JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), String(error.stack)].join('\n');
      for (const material of secrets) expect(shown).not.toContain(material);
      expect(shown).not.toContain('PRIVATE KEY');
    });
  }
});

describe('jwtAuth keeps its key out of sight', () => {
  it('util.inspect and JSON.stringify of the authenticator show no secret, PEM or JWK member', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const jwk = privateKey.export({ format: 'jwk' });
    const authenticators = [jwtAuth({ secret }), jwtAuth({ privateKey: pem }), jwtAuth({ privateKey: jwk })];
    for (const auth of authenticators) {
      await auth.authenticate(authRequest('http://127.0.0.1/'), { attempt: 0 });
      expect(Object.keys(auth).sort()).toEqual(['authenticate', 'name']);
      const shown = `${inspect(auth, { depth: Infinity, showHidden: true })}\n${JSON.stringify(auth)}`;
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain('PRIVATE KEY');
      expect(shown).not.toContain(String(jwk.d));
      for (const line of pem.split('\n').filter((l) => l.length > 0 && !l.startsWith('-----'))) expect(shown).not.toContain(line);
    }
  });
});
