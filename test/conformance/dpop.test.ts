// DPoP (RFC 9449) end to end: oidc-provider issues DPoP-bound client_credentials tokens and
// requires a nonce on every proof; resource servers in the test check each proof with jose
// (embedded JWK, htm, htu, ath, jti replay, their own nonce, the key the token is bound to).
// Through every adapter: the token request's nonce challenge and the resource's each get exactly
// one retry, a redirect hop gets its own proof, nonces stay with their origin. The key lives in
// the store beside the token: a second authenticator on the same store proves with it, and
// EncryptedTokenStore keeps it encrypted.
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EncryptedTokenStore, MemoryTokenStore, oauth2Auth, type OAuth2AuthOptions } from '../../src/index.js';
import { startDpopResourceServer, type DpopResourceServer } from '../servers/dpop-resource-server.js';
import { CLIENT_SECRET, startOidcServer, type OidcServer } from '../servers/oidc.js';
import { axiosFetchDrivers, drivers } from './drivers/index.js';
import { everythingShown, leaksIn } from './support.js';

let oidc: OidcServer;
let apiA: DpopResourceServer;
let apiB: DpopResourceServer;
/** Every proof authwire sent to the token endpoint, decoded. */
const tokenProofs: Array<{ htm: unknown; htu: unknown; nonce: unknown; jti: unknown }> = [];

beforeAll(async () => {
  oidc = await startOidcServer({ dpop: true });
  apiA = await startDpopResourceServer((token) => oidc.boundKey(token));
  apiB = await startDpopResourceServer((token) => oidc.boundKey(token));
});
afterAll(async () => {
  await Promise.all([apiA?.close(), apiB?.close()]);
  await oidc?.close();
});

const recordingFetch = async (input: URL, init: RequestInit): Promise<Response> => {
  const proof = new Headers(init.headers).get('dpop');
  if (proof !== null) {
    const { htm, htu, nonce, jti } = decodeJwt(proof);
    tokenProofs.push({ htm, htu, nonce, jti });
  }
  return globalThis.fetch(input, init);
};

function options(extra: Partial<OAuth2AuthOptions> = {}): OAuth2AuthOptions {
  return {
    grant: 'client_credentials',
    tokenUrl: oidc.tokenUrl,
    clientId: 'basic-client',
    clientSecret: CLIENT_SECRET,
    scope: ['api:read'],
    dpop: {},
    refreshAhead: false,
    fetch: recordingFetch,
    ...extra,
  } as OAuth2AuthOptions;
}

/** The thumbprint of the public part of a stored private JWK. */
async function thumbprintOf(serialized: string | undefined): Promise<string> {
  const { kty, crv, x, y, n, e } = JSON.parse(serialized ?? '{}') as JWK;
  return calculateJwkThumbprint({ kty, crv, x, y, n, e } as JWK);
}

describe('DPoP token requests (oidc-provider, nonce required)', () => {
  beforeEach(() => {
    tokenProofs.length = 0;
  });

  it('the use_dpop_nonce answer gets exactly one more request, with the nonce; the token is DPoP-bound to the key, which is stored with it', async () => {
    const store = new MemoryTokenStore();
    const auth = oauth2Auth(options({ store }));
    const token = await auth.getToken();
    expect(token.tokenType).toBe('DPoP');
    expect(tokenProofs).toHaveLength(2);
    expect(tokenProofs[0]).toMatchObject({ htm: 'POST', htu: oidc.tokenUrl, nonce: undefined });
    expect(tokenProofs[1]).toMatchObject({ htm: 'POST', htu: oidc.tokenUrl, nonce: expect.any(String) });
    expect(tokenProofs[0]?.jti).not.toBe(tokenProofs[1]?.jti);
    const stored = await store.get(auth.tokenManager.key);
    expect(stored?.dpopKey).toContain('"d":');
    expect(await oidc.boundKey(token.accessToken)).toBe(await thumbprintOf(stored?.dpopKey));

    // The nonce is kept: the next token request needs no second try.
    await auth.tokenManager.rejectToken(token.accessToken);
    expect(tokenProofs).toHaveLength(3);
    expect(tokenProofs[2]?.nonce).toBe(tokenProofs[1]?.nonce);
    await auth.close();
  });

  it.each(['ES256', 'ES384', 'ES512', 'RS256', 'PS256', 'EdDSA'] as const)('a generated %s key: the server verifies the proofs and binds the token to it', async (algorithm) => {
    const store = new MemoryTokenStore();
    const auth = oauth2Auth(options({ store, dpop: { algorithm } }));
    const token = await auth.getToken();
    const stored = await store.get(auth.tokenManager.key);
    expect(JSON.parse(stored?.dpopKey ?? '{}')).toMatchObject({ alg: algorithm });
    expect(await oidc.boundKey(token.accessToken)).toBe(await thumbprintOf(stored?.dpopKey));
    await auth.close();
  });

  it('a configured key (a jose key pair) is the one the token is bound to', async () => {
    const pair = await generateKeyPair('ES384', { extractable: true });
    const auth = oauth2Auth(options({ store: new MemoryTokenStore(), dpop: { key: pair } }));
    const token = await auth.getToken();
    expect(await oidc.boundKey(token.accessToken)).toBe(await calculateJwkThumbprint(await exportJWK(pair.publicKey)));
    await auth.close();
  });

  it('a second authenticator on the same store (another process) proves with the stored key, through EncryptedTokenStore too', async () => {
    const raw = new MemoryTokenStore();
    const keys = { k1: randomBytes(32) };
    const first = oauth2Auth(options({ store: new EncryptedTokenStore({ store: raw, keys, currentKeyId: 'k1' }) }));
    const token = await first.getToken();
    const sealed = await raw.get(first.tokenManager.key);
    expect(sealed?.dpopKey).toMatch(/^aw1\.k1\./);
    const secondStore = new EncryptedTokenStore({ store: raw, keys, currentKeyId: 'k1' });
    const plain = await secondStore.get(first.tokenManager.key);
    expect(plain?.dpopKey).toContain('"d":');
    expect(sealed?.dpopKey).not.toContain(JSON.parse(plain?.dpopKey ?? '{}').d);

    const second = oauth2Auth(options({ store: secondStore }));
    const client = drivers[0]?.create(second, { adapter: { origins: [apiA.origin] } });
    expect((await client?.request({ url: `${apiA.origin}/resource` }))?.status).toBe(200);
    const used = apiA.proofs.at(-1);
    expect(used).toMatchObject({ status: 200 });
    expect(used?.jkt).toBe(await thumbprintOf(plain?.dpopKey));
    expect(tokenProofs).toHaveLength(2); // only the first authenticator asked for a token
    client?.close();
    await Promise.all([first.close(), second.close()]);
    expect(token.tokenType).toBe('DPoP');
  });
});

const jtis: string[] = [];

describe.each([...drivers, ...axiosFetchDrivers])('$name: DPoP resource requests', (driver) => {
  let auth: ReturnType<typeof oauth2Auth>;
  beforeAll(() => {
    auth = oauth2Auth(options({ store: new MemoryTokenStore() }));
  });
  afterAll(() => auth.close());
  beforeEach(() => {
    apiA.proofs.length = 0;
    apiB.proofs.length = 0;
    apiA.rotateEveryRequest(false);
  });
  const client = () => driver.create(auth, { adapter: { origins: [apiA.origin, apiB.origin] } });

  it("Authorization: DPoP with a proof for the method and URL (no query) and the token's hash; the resource's nonce challenge gets exactly one retry", async () => {
    const api = client();
    apiA.rotateNonce();
    const response = await api.request({ url: `${apiA.origin}/resource?page=2#top`, method: 'POST', json: { a: 1 } });
    expect(response.status).toBe(200);
    expect(apiA.proofs.map((proof) => [proof.status, proof.refusal])).toEqual([[401, 'nonce'], [200, undefined]]);
    const [first, second] = apiA.proofs;
    expect(first?.payload).toMatchObject({ htm: 'POST', htu: `${apiA.origin}/resource`, ath: expect.any(String) });
    expect(first?.payload.nonce).not.toBe(apiA.nonce());
    expect(second?.payload.nonce).toBe(apiA.nonce());
    expect(second?.payload.jti).not.toBe(first?.payload.jti);
    const received = apiA.server.requests.at(-1);
    expect(received?.headers.authorization).toMatch(/^DPoP /);

    // The nonce is kept for the origin: the next request is sent once.
    apiA.proofs.length = 0;
    expect((await api.request({ url: `${apiA.origin}/resource` })).status).toBe(200);
    expect(apiA.proofs.map((proof) => proof.status)).toEqual([200]);
    for (const proof of apiA.proofs) jtis.push(String(proof.payload.jti));
    api.close();
  });

  it('a server that asks for a new nonce every time gets one retry, then its 401 is the answer', async () => {
    const api = client();
    apiA.rotateEveryRequest(true);
    expect((await api.request({ url: `${apiA.origin}/resource` })).status).toBe(401);
    expect(apiA.proofs.map((proof) => proof.refusal)).toEqual(['nonce', 'nonce']);
    api.close();
  });

  it.each([302, 307])('a %i redirect hop on the same origin carries its own proof for its URL', async (status) => {
    const api = client();
    await api.request({ url: `${apiA.origin}/resource` }); // the nonce
    apiA.proofs.length = 0;
    const response = await api.request({ url: `${apiA.origin}/hop/${status}` });
    expect(response.status).toBe(200);
    expect(apiA.proofs.map((proof) => [proof.path, proof.status])).toEqual([[`/hop/${status}`, status], ['/resource?from=hop', 200]]);
    const [hop, landed] = apiA.proofs;
    expect(hop?.payload.htu).toBe(`${apiA.origin}/hop/${status}`);
    expect(landed?.payload.htu).toBe(`${apiA.origin}/resource`);
    expect(landed?.payload.jti).not.toBe(hop?.payload.jti);
    for (const proof of apiA.proofs) jtis.push(String(proof.payload.jti));
    api.close();
  });

  it("origin A's nonce is never sent to origin B", async () => {
    const api = client();
    await api.request({ url: `${apiA.origin}/resource` });
    expect((await api.request({ url: `${apiB.origin}/resource` })).status).toBe(200);
    const toB = apiB.proofs.map((proof) => proof.payload.nonce);
    expect(toB).not.toContain(apiA.nonce());
    expect(toB.at(-1)).toBe(apiB.nonce());
    api.close();
  });
});

describe('DPoP attacks', () => {
  it('a replayed proof is refused by the resource server; authwire never sent a jti twice', async () => {
    const auth = oauth2Auth(options({ store: new MemoryTokenStore() }));
    const api = drivers[0]?.create(auth, { adapter: { origins: [apiA.origin] } });
    expect((await api?.request({ url: `${apiA.origin}/resource` }))?.status).toBe(200);
    const sent = apiA.server.requests.at(-1);
    const replay = await fetch(`${apiA.origin}/resource`, { headers: { authorization: String(sent?.headers.authorization), dpop: String(sent?.headers.dpop) } });
    expect(replay.status).toBe(401);
    expect(replay.headers.get('www-authenticate')).toContain('invalid_dpop_proof');
    expect(apiA.proofs.at(-1)?.refusal).toBe('replayed jti');
    expect(decodeProtectedHeader(String(sent?.headers.dpop))).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
    api?.close();
    await auth.close();
    expect(jtis.length).toBeGreaterThan(0);
    expect(new Set(jtis).size).toBe(jtis.length);
  });

  it('the private key shows nowhere in what a failed token request throws', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const { d } = await exportJWK(pair.privateKey);
    const auth = oauth2Auth(options({ store: new MemoryTokenStore(), clientSecret: 'wrong secret', dpop: { key: pair } }));
    const error = await auth.getToken().then(() => undefined, (failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED' });
    expect(leaksIn(error, [d ?? 'missing'])).toEqual([]);
    expect(everythingShown(error)).not.toContain(d);
    await auth.close();
  });
});
