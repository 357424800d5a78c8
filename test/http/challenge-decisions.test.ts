// The retry decisions of token authenticators read WWW-Authenticate with parseWwwAuthenticate:
// what counts is the `error` parameter of a challenge, not text that happens to look like one
// inside a quoted realm or description.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauth2Auth } from '../../src/index.js';
import { send } from '../servers/auth-client.js';
import { startServer, type TestServer } from '../servers/http-server.js';
import { startTokenServer, tokenReply, type TokenServer } from '../servers/token-server.js';

let tokens: TokenServer;
let api: TestServer;
/** The WWW-Authenticate the API sends with its refusal of the first token it sees. */
let refusal = '';
let refusalStatus = 401;
/** The first token the API saw in this test: it is refused, any other accepted. */
let first: string | undefined;

beforeAll(async () => {
  tokens = await startTokenServer(() => tokenReply());
  api = await startServer((request, response) => {
    const token = request.headers.authorization ?? '';
    first ??= token;
    if (token === first) {
      response.writeHead(refusalStatus, { 'www-authenticate': refusal });
      response.end();
      return;
    }
    response.writeHead(200);
    response.end('ok');
  });
});
afterAll(async () => {
  await api.close();
  await tokens.close();
});

async function outcome(header: string, status = 401): Promise<{ status: number; attempts: number; tokenRequests: number }> {
  refusal = header;
  refusalStatus = status;
  first = undefined;
  const before = tokens.requests.length;
  const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl: tokens.tokenUrl, clientId: 'c', clientSecret: 's', cacheKey: `k-${Math.random()}` });
  try {
    const result = await send(auth, `${api.origin}/x`);
    return { status: result.status, attempts: result.attempts, tokenRequests: tokens.requests.length - before };
  } finally {
    await auth.close();
  }
}

describe('challenge decisions read the parsed WWW-Authenticate header', () => {
  it('a realm whose quoted text reads error=insufficient_scope is not an insufficient_scope error: the 401 refreshes and retries', async () => {
    const result = await outcome('Bearer realm="error=insufficient_scope", error="invalid_token"');
    expect(result).toEqual({ status: 200, attempts: 2, tokenRequests: 2 });
  });

  it('insufficient_scope in a second challenge of the header: no refresh, no retry', async () => {
    const result = await outcome('Basic realm="x", Bearer error="insufficient_scope", scope="admin"');
    expect(result).toEqual({ status: 401, attempts: 1, tokenRequests: 1 });
  });
});
