// The protected API: accepts a JWT access token from the embedded authorization server (signature
// against its JWKS, issuer, audience, type, expiry) and answers 401 otherwise, like any resource
// server. Counts what it saw per client (the clients name themselves in `x-demo-client`).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { closeServer } from './http-server.js';

export interface ApiOptions {
  readonly issuer: string;
  readonly jwksUrl: string;
  /** This API's resource indicator: the `aud` its tokens must carry. */
  readonly audience: string;
}

/** What the API saw from one client. */
export interface ApiClientStats {
  requests: number;
  /** Requests refused with 401 (missing, invalid or expired token). */
  refused: number;
  /** Refused because the token had expired. */
  expired: number;
  /** Distinct access tokens accepted. */
  readonly tokens: Set<string>;
}

export interface Api {
  /** Stats by the client name in `x-demo-client`. */
  readonly clients: ReadonlyMap<string, ApiClientStats>;
  close(): Promise<void>;
}

/** Serves the API on `server` (already listening on 127.0.0.1). */
export function serveApi(server: Server, options: ApiOptions): Api {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl));
  // Each token's signature is checked once; its expiry on every request (as jose would check it).
  const verified = new Map<string, number>();
  const clients = new Map<string, ApiClientStats>();

  const stats = (name: string): ApiClientStats => {
    let entry = clients.get(name);
    if (entry === undefined) clients.set(name, (entry = { requests: 0, refused: 0, expired: 0, tokens: new Set() }));
    return entry;
  };

  const check = async (token: string): Promise<'ok' | 'expired' | 'invalid'> => {
    let exp = verified.get(token);
    if (exp === undefined) {
      try {
        const { payload } = await jwtVerify(token, jwks, { issuer: options.issuer, audience: options.audience, typ: 'at+jwt', algorithms: ['ES256'] });
        exp = payload.exp ?? 0;
      } catch (error) {
        return error instanceof errors.JWTExpired ? 'expired' : 'invalid';
      }
      if (verified.size > 1_000) verified.clear(); // a bound, not a policy: older tokens are verified again
      verified.set(token, exp);
    }
    return Math.floor(Date.now() / 1000) < exp ? 'ok' : 'expired';
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    request.resume();
    const entry = stats(String(request.headers['x-demo-client'] ?? 'unknown'));
    entry.requests += 1;
    const token = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const outcome = token === undefined ? 'invalid' : await check(token);
    if (outcome === 'ok' && token !== undefined) {
      entry.tokens.add(token);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"orders":[{"id":1,"total":42}]}');
      return;
    }
    entry.refused += 1;
    if (outcome === 'expired') entry.expired += 1;
    const description = outcome === 'expired' ? 'the access token expired' : 'the access token is missing or invalid';
    response.writeHead(401, { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` });
    response.end();
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  return { clients, close: () => closeServer(server) };
}
