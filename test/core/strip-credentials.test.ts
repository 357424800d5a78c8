import { describe, expect, it } from 'vitest';
import { apiKeyAuth, combineAuth } from '../../src/index.js';
import { authenticateOutgoing, createOriginPolicy, stripCredentials } from '../../src/entries/adapter-kit.js';

describe('stripCredentials', () => {
  it('removes Authorization, Proxy-Authorization, Cookie and everything the authenticator set, and keeps the rest', async () => {
    const auth = combineAuth(apiKeyAuth({ key: 'header-key', in: 'header', name: 'X-API-Key' }), apiKeyAuth({ key: 'query-key', in: 'query', name: 'api_key' }));
    const sent = await authenticateOutgoing(
      auth,
      { method: 'GET', url: new URL('https://api.example.com/a?page=2'), headers: new Headers({ Accept: 'text/plain' }), body: { type: 'none' } },
      { attempt: 0 },
      createOriginPolicy(),
    );
    const next = new URL('https://elsewhere.example.com/b?page=2&api_key=query-key');
    const headers = new Headers({ Authorization: 'Basic x', 'Proxy-Authorization': 'Basic y', Cookie: 'a=1', 'X-API-Key': 'header-key', Accept: 'text/plain' });
    stripCredentials(next, headers, [sent]);
    expect(next.href).toBe('https://elsewhere.example.com/b?page=2');
    expect([...headers]).toEqual([['accept', 'text/plain']]);
  });
});
