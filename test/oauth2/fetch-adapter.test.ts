// oauth2Auth through the real fetch adapter (authwire/fetch): one token for many calls, and a
// revoked token answered by one refresh and one retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from '../../adapters/fetch.js';
import { MemoryTokenStore, oauth2Auth } from '../../src/index.js';
import { startResourceServer, type ResourceServer } from '../servers/resource-server.js';
import { startTokenServer, tokenReply, type TokenServer } from '../servers/token-server.js';

let tokens: TokenServer;
let api: ResourceServer;
const valid = new Set<string>();

beforeAll(async () => {
  tokens = await startTokenServer(() => {
    const reply = tokenReply();
    valid.add((reply.body as { access_token: string }).access_token);
    return reply;
  });
  api = await startResourceServer((token) => valid.has(token));
});
afterAll(async () => {
  await api.close();
  await tokens.close();
});

describe('oauth2Auth with authFetch', () => {
  it('many calls share one token; a revoked token is refreshed once and the call retried', async () => {
    const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl: tokens.tokenUrl, clientId: 'app', clientSecret: 'secret', store: new MemoryTokenStore() });
    const send = authFetch(auth);
    const first = await Promise.all(Array.from({ length: 50 }, () => send(api.url)));
    expect(first.map((response) => response.status)).toEqual(Array(50).fill(200));
    expect(tokens.requests).toHaveLength(1);

    valid.clear(); // the server revokes every token it issued so far
    const second = await Promise.all(Array.from({ length: 50 }, () => send(api.url)));
    expect(second.map((response) => response.status)).toEqual(Array(50).fill(200));
    expect(tokens.requests).toHaveLength(2);
    await auth.close();
  });
});
