// The API and token endpoint the README quick starts talk to in scripts/pack-smoke.sh, on 127.0.0.1.
//
//   GET  /v1/items       200 with the bearer token it was sent (any token starting "smoke-"), else 401
//   POST /oauth/token    client_credentials for client "reporting-service" with any secret starting
//                        "smoke-" (Basic or form): an access token named after the secret
//   GET  /reports        200 for an access token this server issued, else 401
//
// It counts token requests per client secret, so a run can check "100 requests, one token request".
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { URL, URLSearchParams } from 'node:url';

/**
 * Starts the server.
 *
 * @returns {Promise<{ origin: string, tokenRequests: Map<string, number>, close(): Promise<void> }>}
 */
export async function startSmokeServer() {
  const tokenRequests = new Map();
  const issued = new Set();
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      const send = (status, value, headers = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(value));
      };
      const refuse = () => send(401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer realm="smoke"' });

      if (request.method === 'GET' && url.pathname === '/v1/items') {
        if (bearer?.startsWith('smoke-')) send(200, { items: [{ id: 1, name: 'first' }], receivedToken: bearer });
        else refuse();
      } else if (request.method === 'POST' && url.pathname === '/oauth/token') {
        const form = new URLSearchParams(body);
        let clientId = form.get('client_id');
        let secret = form.get('client_secret');
        const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
        if (basic !== undefined) {
          const decoded = Buffer.from(basic, 'base64').toString('utf8');
          const colon = decoded.indexOf(':');
          clientId = decodeURIComponent(decoded.slice(0, colon));
          secret = decodeURIComponent(decoded.slice(colon + 1));
        }
        if (form.get('grant_type') !== 'client_credentials' || clientId !== 'reporting-service' || !secret?.startsWith('smoke-')) {
          send(401, { error: 'invalid_client' });
          return;
        }
        tokenRequests.set(secret, (tokenRequests.get(secret) ?? 0) + 1);
        const accessToken = `access-${secret}-${tokenRequests.get(secret)}`;
        issued.add(accessToken);
        send(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') ?? '' });
      } else if (request.method === 'GET' && url.pathname === '/reports') {
        if (bearer !== undefined && issued.has(bearer)) send(200, { report: 'ok' });
        else refuse();
      } else {
        send(404, { error: 'not found' });
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    tokenRequests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
