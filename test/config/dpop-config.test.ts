// createAuth with `dpop` on the oauth2 and oauth2Interactive configs: oidc-provider on 127.0.0.1
// (DPoP on, a nonce required) issues tokens bound to the configured key (or a generated one), and
// a resource server checks each proof and that the token is bound to the key that signed it.
// A bad dpop field is refused, named, and the key is never quoted.
import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { createAuth, isAuthError, MemoryTokenStore, parseAuthConfig, type AuthConfig } from '../../src/index.js';
import { startDpopResourceServer, type DpopResourceServer } from '../servers/dpop-resource-server.js';
import { CLIENT_SECRET, startOidcServer, type OidcServer } from '../servers/oidc.js';

let oidc: OidcServer;
let api: DpopResourceServer;

beforeAll(async () => {
  oidc = await startOidcServer({ dpop: true });
  api = await startDpopResourceServer((token) => oidc.boundKey(token));
});
afterAll(async () => {
  await api?.close();
  await oidc?.close();
});

const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'jwk' });
const privateJwk = JSON.stringify({ ...ec, alg: 'ES384' });
const publicThumbprint = () => calculateJwkThumbprint({ kty: ec.kty, crv: ec.crv, x: ec.x, y: ec.y } as JWK);

function oauth2Config(dpop: unknown): unknown {
  return { type: 'oauth2', grant: 'client_credentials', tokenUrl: oidc.tokenUrl, clientId: 'basic-client', clientSecret: { env: 'CLIENT_SECRET' }, scope: ['api:read'], refreshAhead: false, dpop };
}

/** The ERR_AUTH_INVALID_CONFIG createAuth throws for `config`. */
function refusal(config: unknown, env: Readonly<Record<string, string>> = {}): { message: string; field: unknown } {
  try {
    createAuth(config as AuthConfig, { env: { CLIENT_SECRET, ...env }, store: new MemoryTokenStore() });
  } catch (error) {
    if (!isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')) throw error;
    return { message: error.message, field: error.details.field };
  }
  throw new Error('expected the config to be refused');
}

describe('createAuth with oauth2 dpop', () => {
  it('a key from the environment (a private JWK as JSON text): the token is DPoP-bound to it, and the resource accepts its proofs', async () => {
    const config = parseAuthConfig(oauth2Config({ key: { env: 'DPOP_JWK' } }));
    const auth = createAuth(config, { env: { CLIENT_SECRET, DPOP_JWK: privateJwk }, store: new MemoryTokenStore() });
    const response = await authFetch(auth)(`${api.origin}/resource`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    const proof = api.proofs.at(-1);
    // The resource server checked the proof's key against the one oidc-provider bound the token to.
    expect(proof).toMatchObject({ status: 200, method: 'POST' });
    expect(proof?.jkt).toBe(await publicThumbprint());
    expect(api.server.requests.at(-1)?.headers.authorization).toMatch(/^DPoP /);
    await auth.close?.();
  });

  it('dpop: {} with an algorithm: a generated key of that algorithm, the token bound to it', async () => {
    const auth = createAuth(parseAuthConfig(oauth2Config({ algorithm: 'EdDSA' })), { env: { CLIENT_SECRET }, store: new MemoryTokenStore() });
    const response = await authFetch(auth)(`${api.origin}/resource`);
    expect(response.status).toBe(200);
    const proof = String(api.server.requests.at(-1)?.headers.dpop);
    expect(decodeProtectedHeader(proof)).toMatchObject({ typ: 'dpop+jwt', alg: 'EdDSA', jwk: { kty: 'OKP', crv: 'Ed25519' } });
    expect(api.proofs.at(-1)?.status).toBe(200);
    await auth.close?.();
  });

  it('refuses a bad dpop field naming it, with placement too', () => {
    expect(refusal(oauth2Config({ key: { env: 'DPOP_JWK' } }), { DPOP_JWK: 'not json' }).message).toBe('oauth2.dpop.key: expected a private JWK as JSON text');
    expect(refusal(oauth2Config({ key: { env: 'DPOP_JWK' } }), { DPOP_JWK: '[1]' }).field).toBe('oauth2.dpop.key');
    expect(refusal(oauth2Config({ key: { env: 'DPOP_JWK' } })).message).toBe('oauth2.dpop.key: expected the environment variable DPOP_JWK to be set');
    expect(refusal(oauth2Config({ key: privateJwk, algorithm: 'HS256' })).field).toBe('oauth2.dpop.algorithm');
    expect(refusal(oauth2Config({ key: privateJwk, algorithm: 'ES256' })).message).toBe('oauth2.dpop.key: expected a key that fits the algorithm ES256');
    expect(refusal(oauth2Config({ jwk: privateJwk })).message).toBe('oauth2.dpop: unknown key "jwk"');
    expect(refusal(oauth2Config(true)).field).toBe('oauth2.dpop');
    expect(refusal({ ...(oauth2Config({}) as object), placement: { in: 'query', name: 'access_token' } }).message).toBe('oauth2.dpop: expected placement or dpop, not both');
  });

  it('quotes no key in its errors', () => {
    const { d } = ec;
    const publicOnly = JSON.stringify({ kty: ec.kty, crv: ec.crv, x: ec.x, y: ec.y });
    const messages = [
      refusal(oauth2Config({ key: privateJwk, algorithm: 'RS256' })).message,
      refusal(oauth2Config({ key: { env: 'K' } }), { K: `${privateJwk.slice(0, -1)},` }).message,
      refusal(oauth2Config({ key: publicOnly })).message,
    ];
    for (const message of messages) {
      expect(message).not.toContain(String(d));
      expect(message).not.toContain(String(ec.x));
    }
  });
});

describe('createAuth with oauth2Interactive dpop', () => {
  it('takes dpop: {} or a key, and checks the key when it is created, naming the field', () => {
    const base = { type: 'oauth2Interactive', clientId: 'my-cli', authorizationServers: [oidc.issuer] };
    for (const dpop of [{}, { algorithm: 'ES384' }, { key: privateJwk }]) {
      const auth = createAuth({ ...base, dpop } as AuthConfig, { store: new MemoryTokenStore() });
      expect(typeof auth.authenticate).toBe('function');
      void auth.close?.();
    }
    expect(refusal({ ...base, dpop: { key: { env: 'K' } } }, { K: '{"kty":"EC"}' }).message).toBe('oauth2Interactive.dpop.key: expected a private key (a JWK with "d", or a key pair)');
    expect(refusal({ ...base, dpop: { key: 'x', extra: 1 } }).message).toBe('oauth2Interactive.dpop: unknown key "extra"');
  });
});
