// A resource server that accepts DPoP-bound access tokens (RFC 9449 §7) and checks each proof
// with jose: jwtVerify with the embedded JWK (typ dpop+jwt, asymmetric algorithms), htm equal to
// the method, htu equal to the URL without query and fragment, ath equal to the token's hash,
// a jti never seen before (a replayed proof is refused), the nonce it handed out (a missing or
// old one gets 401 use_dpop_nonce with a new DPoP-Nonce), and the key equal to the one the token
// is bound to (`jkt`, asked of the caller's check). `/hop/<status>` redirects to `/resource` on
// the same origin.
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify, type JWTPayload } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { startServer, type ReceivedRequest, type TestServer } from './http-server.js';

export interface CheckedProof {
  readonly method: string;
  readonly path: string;
  readonly payload: JWTPayload & { htm?: string; htu?: string; ath?: string; nonce?: string };
  readonly jkt: string;
  /** What the server answered. */
  readonly status: number;
  readonly refusal?: string;
}

export interface DpopResourceServer {
  readonly origin: string;
  readonly server: TestServer;
  /** Every request that carried a proof, checked, in order. */
  readonly proofs: CheckedProof[];
  /** The nonce the server currently wants. */
  nonce(): string;
  /** Hands out a new nonce (the old one is refused from now on). */
  rotateNonce(): void;
  /** With `true`, every request gets a new nonce before it is checked: no proof can carry the right one. */
  rotateEveryRequest(on: boolean): void;
  close(): Promise<void>;
}

/** `boundKey(token)`: the thumbprint the access token is bound to, or undefined for a token the AS did not issue. */
export async function startDpopResourceServer(boundKey: (accessToken: string) => Promise<string | undefined>): Promise<DpopResourceServer> {
  const proofs: CheckedProof[] = [];
  const seen = new Set<string>();
  let nonce = randomBytes(16).toString('base64url');
  let origin = '';
  let everyRequest = false;
  const refuse = (response: ServerResponse, error: string, withNonce = false): void => {
    response.writeHead(401, {
      'www-authenticate': `DPoP error="${error}", algs="ES256 ES384 ES512 RS256 PS256 EdDSA"`,
      ...(withNonce ? { 'dpop-nonce': nonce } : {}),
    });
    response.end();
  };
  const handler = async (request: ReceivedRequest, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url, origin);
    const hop = /^\/hop\/(\d{3})$/.exec(url.pathname);
    const authorization = request.headers.authorization ?? '';
    const proof = request.headers.dpop;
    const match = /^DPoP (\S+)$/.exec(authorization);
    if (match === null || typeof proof !== 'string') return refuse(response, 'invalid_token');
    const accessToken = match[1] ?? '';
    let payload: CheckedProof['payload'];
    let jkt: string;
    try {
      const verified = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256', 'ES384', 'ES512', 'RS256', 'PS256', 'EdDSA', 'Ed25519'] });
      payload = verified.payload;
      jkt = await calculateJwkThumbprint(verified.protectedHeader.jwk ?? {});
    } catch {
      return refuse(response, 'invalid_dpop_proof');
    }
    const record = (status: number, refusal?: string): void => {
      proofs.push({ method: request.method, path: request.url, payload, jkt, status, ...(refusal === undefined ? {} : { refusal }) });
    };
    const failure = (() => {
      if (typeof payload.jti !== 'string' || seen.has(payload.jti)) return 'replayed jti';
      seen.add(payload.jti);
      if (payload.htm !== request.method) return 'htm';
      if (payload.htu !== `${origin}${url.pathname}`) return 'htu';
      if (payload.ath !== createHash('sha256').update(accessToken).digest('base64url')) return 'ath';
      if (typeof payload.iat !== 'number' || Math.abs(payload.iat - Date.now() / 1000) > 300) return 'iat';
      return undefined;
    })();
    if (failure !== undefined) {
      record(401, failure);
      return refuse(response, 'invalid_dpop_proof');
    }
    if (everyRequest) nonce = randomBytes(16).toString('base64url');
    if (payload.nonce !== nonce) {
      record(401, 'nonce');
      return refuse(response, 'use_dpop_nonce', true);
    }
    if ((await boundKey(accessToken)) !== jkt) {
      record(401, 'key');
      return refuse(response, 'invalid_token');
    }
    record(hop === null ? 200 : Number(hop[1]));
    if (hop !== null) {
      response.writeHead(Number(hop[1]), { location: `${origin}/resource?from=hop` });
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: true, path: request.url }));
  };
  const server = await startServer(handler);
  origin = server.origin;
  return {
    origin,
    server,
    proofs,
    nonce: () => nonce,
    rotateNonce() {
      nonce = randomBytes(16).toString('base64url');
    },
    rotateEveryRequest(on) {
      everyRequest = on;
    },
    close: () => server.close(),
  };
}
