// No property a caller can reach from got's error holds a credential: not the raw request
// (error.request, its ClientRequest head and socket), not the response (error.response.rawBody,
// req), not the options, whatever the placement, and not a token the server echoed back in
// its body. Searched by walking every reachable property (test/conformance/reachable.ts).
import got, { RequestError } from 'got';
import { describe, expect, it } from 'vitest';
import { gotAuth } from '../../adapters/got.js';
import { apiKeyAuth, bearerAuth, combineAuth, type Authenticator } from '../../src/index.js';
import { reachableSecrets } from '../../src/testing/reachable-secrets.js';
import { caught, closeAfterEachTest, failingOrigin, type FailureKind } from './support/servers.js';

closeAfterEachTest();

const token = 'tok-reach-6b2e8d4f1a';
const headerKey = 'hdr-reach-3c9a7e5b1d';
const queryKey = 'qry reach/+=&9f2c';
const formKey = 'frm-reach-8e1d3b7a5c';
const jsonKey = 'jsn-reach-4a6c2e8b1d';

const placements: ReadonlyArray<{ name: string; secret: string; auth: () => Authenticator; body?: 'json' | 'form' }> = [
  { name: 'header', secret: headerKey, auth: () => combineAuth(bearerAuth({ token }), apiKeyAuth({ key: headerKey, in: 'header', name: 'X-API-Key' })) },
  { name: 'query', secret: queryKey, auth: () => apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' }) },
  { name: 'form', secret: formKey, auth: () => apiKeyAuth({ key: formKey, in: 'form', name: 'api_key' }), body: 'form' },
  { name: 'json', secret: jsonKey, auth: () => apiKeyAuth({ key: jsonKey, in: 'json', name: 'auth.key' }), body: 'json' },
];

describe.each(placements)('gotAuth: nothing reachable from got’s error holds a $name credential', (placement) => {
  for (const kind of ['401', '500', 'refused', 'timeout'] as const satisfies readonly FailureKind[]) {
    it(`${kind}${kind === '401' || kind === '500' ? ' (the server echoes the request, credential included)' : ''}`, async () => {
      const origin = await failingOrigin(kind);
      const api = got.extend({ retry: { limit: 0 }, timeout: { request: kind === 'timeout' ? 200 : 30_000 } }, gotAuth(placement.auth()));
      const body = placement.body === 'json' ? { json: { a: 1 } } : placement.body === 'form' ? { form: { a: '1' } } : {};
      const error = await caught(api(`${origin}/things?page=1`, { method: placement.body === undefined ? 'GET' : 'POST', ...body }));
      expect(error).toBeInstanceOf(RequestError);
      const report = reachableSecrets(error, [token, placement.secret]);
      expect(report.complete).toBe(true);
      expect(report.found).toEqual([]);
      if (kind === '401' || kind === '500') {
        // The echo did hold the credential: the walk is not vacuous.
        const response = (error as { response: { statusCode: number; body: string } }).response;
        expect(response.statusCode).toBe(Number(kind));
        expect(response.body).toContain('[REDACTED]');
      }
    });
  }
});
