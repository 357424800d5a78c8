// revoke() of a DPoP-bound token: the revocation request carries a proof of the token's key for
// the revocation endpoint (oidc-provider with DPoP on and a nonce required), and a use_dpop_nonce
// answer gets exactly one more request carrying the nonce.
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore, oauth2Auth } from '../../src/index.js';
import { startServer, type TestServer } from '../servers/http-server.js';
import { CLIENT_SECRET, startOidcServer, type OidcServer } from '../servers/oidc.js';

let oidc: OidcServer;
let nonceServer: TestServer;
let answered = 0;

beforeAll(async () => {
  oidc = await startOidcServer({ dpop: true });
  nonceServer = await startServer((_request, response) => {
    answered += 1;
    if (answered === 1) {
      response.writeHead(400, { 'content-type': 'application/json', 'dpop-nonce': 'revocation-nonce-1' });
      response.end(JSON.stringify({ error: 'use_dpop_nonce' }));
      return;
    }
    response.writeHead(200);
    response.end();
  });
});
afterAll(async () => {
  await nonceServer.close();
  await oidc.close();
});

const client = { clientId: 'basic-client', clientSecret: CLIENT_SECRET, refreshAhead: false, dpop: {} } as const;

describe('revoke() with DPoP', () => {
  it('sends a proof of the bound key for the revocation endpoint; the token is dead afterwards', async () => {
    const revocationUrl = `${oidc.issuer}/token/revocation`;
    const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl: oidc.tokenUrl, ...client, revocationUrl, store: new MemoryTokenStore() });
    const token = await auth.getToken();
    expect(token.tokenType).toBe('DPoP');
    const bound = await oidc.boundKey(token.accessToken);
    oidc.revocations.length = 0;
    await auth.revoke();
    expect(oidc.revocations).toHaveLength(1);
    const [entry] = oidc.revocations;
    expect(entry).toMatchObject({ token: token.accessToken, hint: 'access_token', status: 200 });
    const header = decodeProtectedHeader(entry?.dpop ?? '');
    expect(header.typ).toBe('dpop+jwt');
    expect(await calculateJwkThumbprint(header.jwk as JWK)).toBe(bound);
    expect(decodeJwt(entry?.dpop ?? '')).toMatchObject({ htm: 'POST', htu: revocationUrl });
    expect(await oidc.isActive(token.accessToken)).toBe(false);
    await auth.close();
  });

  it('a use_dpop_nonce answer is retried exactly once, with the nonce', async () => {
    const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl: oidc.tokenUrl, ...client, revocationUrl: `${nonceServer.origin}/revoke`, store: new MemoryTokenStore() });
    await auth.getToken();
    await auth.revoke();
    expect(nonceServer.requests).toHaveLength(2);
    const proofs = nonceServer.requests.map((request) => decodeJwt(String(request.headers['dpop'])));
    expect(proofs[0]?.['nonce']).toBeUndefined();
    expect(proofs[1]?.['nonce']).toBe('revocation-nonce-1');
    expect(proofs[0]?.jti).not.toBe(proofs[1]?.jti);
    await auth.close();
  });
});
