// createAuth reading key material from `{ "file": "path" }` (relative to baseDir): a JWT signed
// with a PEM key from a file verifies with its public key; an HMAC secret from a file (with the
// line break an editor adds) signs as the same secret given as text, as http-message-signatures
// verifies on a server on 127.0.0.1. A missing or empty file is refused naming the field and the
// path, never the contents; `{ "file" }` is refused where no key material goes.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { createAuth, isAuthError, type AuthConfig } from '../../src/index.js';
import { verifyWithPackage } from '../strategies/support/http-signature-verify.js';
import { startRawServer, type RawServer } from '../strategies/support/raw-server.js';

const dir = mkdtempSync(join(tmpdir(), 'authwire-key-files-'));
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ecPem = ec.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const hmacSecret = 'a shared secret of thirty-two b!';
writeFileSync(join(dir, 'signing.pem'), ecPem);
writeFileSync(join(dir, 'hmac.txt'), `${hmacSecret}\n`);
writeFileSync(join(dir, 'empty.pem'), '');

let server: RawServer;
beforeAll(async () => {
  server = await startRawServer(async (request) => {
    const verdict = await verifyWithPackage(request, { keyId: 'file-hmac', algorithm: 'hmac-sha256', key: Buffer.from(hmacSecret) });
    return { status: verdict.ok ? 200 : 400, body: verdict };
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The ERR_AUTH_INVALID_CONFIG createAuth throws for `config`, with every text reachable from it. */
function refusal(config: unknown): { field: unknown; text: string } {
  try {
    createAuth(config as AuthConfig, { baseDir: dir });
  } catch (error) {
    if (!isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')) throw error;
    return { field: error.details.field, text: `${error.message}\n${JSON.stringify(error)}\n${inspect(error, { depth: 8, showHidden: true })}` };
  }
  throw new Error('expected the config to be refused');
}

describe('createAuth reads key material from { "file" }', () => {
  it('signs a JWT with the PEM key in the file, relative to baseDir', async () => {
    const auth = createAuth({ type: 'jwt', privateKey: { file: 'signing.pem' }, algorithm: 'ES256', iss: 'reports', aud: 'https://api.example.com' }, { baseDir: dir });
    const request = { method: 'GET', url: new URL('https://api.example.com/v1'), headers: new Headers(), body: { type: 'none' as const } };
    await auth.authenticate(request, { attempt: 0 });
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    const { payload } = await jwtVerify(token, createPublicKey(ec.privateKey), { issuer: 'reports', audience: 'https://api.example.com' });
    expect(payload.iss).toBe('reports');
  });

  it('reads a shared secret without the final line break, as the server verifies it', async () => {
    const auth = createAuth({ type: 'httpSignature', keyId: 'file-hmac', key: { file: join(dir, 'hmac.txt') }, algorithm: 'hmac-sha256' });
    const response = await authFetch(auth)(`${server.origin}/items`, { method: 'POST', body: 'x' });
    expect(response.status, JSON.stringify(await response.clone().json())).toBe(200);
  });

  it('refuses a missing or empty file naming the field and the path, never the contents', () => {
    const missing = refusal({ type: 'jwt', privateKey: { file: 'nowhere.pem' }, algorithm: 'ES256' });
    expect(missing.field).toBe('jwt.privateKey');
    expect(missing.text).toContain('nowhere.pem');
    const empty = refusal({ type: 'oauth1', consumerKey: 'ck', privateKey: { file: 'empty.pem' } });
    expect(empty.field).toBe('oauth1.privateKey');
    // A file that holds no key for this algorithm: refused by the factory, its text quoted nowhere.
    const wrong = refusal({ type: 'httpSignature', keyId: 'k', key: { file: 'signing.pem' }, algorithm: 'ed25519' });
    expect(wrong.field).toBe('httpSignature.key');
    expect(wrong.text).not.toContain(ecPem.split('\n')[1]);
  });

  it('refuses { "file" } where no key material goes', () => {
    expect(refusal({ type: 'bearer', token: { file: 'signing.pem' } }).field).toBe('bearer.token');
    expect(refusal({ type: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://auth.example.com/token', clientId: 'c', clientSecret: { file: 'hmac.txt' } }).field).toBe('oauth2.clientSecret');
  });
});
