// A redirect to another origin never carries a body credential with got, whatever got itself does
// with the method and body on each status (got 14 keeps POST and its body on 301/302 unless
// `methodRewriting` is set; got 16 drops a cross-origin body on 301/302/303). What got does is
// measured, not assumed: the same request without authwire, a marker in its body, shows whether
// the other origin gets the body again. Then, with authwire: where got would resend the body the
// hop fails with ERR_AUTH_REDIRECT_BLOCKED; elsewhere it is followed; the other origin never
// receives the key.
import got from 'got';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotAuth } from '../../adapters/got.js';
import { apiKeyAuth } from '../../src/index.js';
import { findAuthError } from '../conformance/support.js';
import { echo, startServer, type Handler, type TestServer } from '../servers/http-server.js';

const key = 'body-key-5d1c9e7a3b';
const marker = 'marker-2f8b6d4c1e';
const statuses = [301, 302, 303, 307, 308] as const;
const methods = ['POST', 'PUT', 'PATCH'] as const;
const placements = ['json', 'form'] as const;

/** `/to/<origin-encoded>/<status>/<id>` answers `status` with a Location of `<origin>/landing/<id>`; anything else is echoed. */
const redirector: Handler = (request, response) => {
  const match = /^\/to\/([^/]+)\/(\d{3})\/(.+)$/.exec(request.url);
  if (match === null) return echo(request, response);
  response.writeHead(Number(match[2]), { location: `${decodeURIComponent(match[1] ?? '')}/landing/${match[3] ?? ''}`, 'content-type': 'text/plain' });
  response.end('moved');
};

let start: TestServer;
let other: TestServer;
let cases = 0;

beforeAll(async () => {
  start = await startServer(redirector);
  other = await startServer();
});
afterAll(async () => {
  await Promise.all([start.close(), other.close()]);
});

/** The requests `server` received on the landing path of `id`. */
function landed(server: TestServer, id: string): TestServer['requests'] {
  return server.requests.filter((request) => request.url === `/landing/${id}`);
}

function bodyOf(placement: (typeof placements)[number], extra: Record<string, string> = {}): { json: Record<string, unknown> } | { form: Record<string, string> } {
  return placement === 'json' ? { json: { a: 1, ...extra } } : { form: { a: '1', ...extra } };
}

describe.each(placements)('gotAuth, a credential in the %s body, redirected to another origin', (placement) => {
  describe.each([false, true])('methodRewriting: %s', (methodRewriting) => {
    for (const status of statuses) {
      for (const method of methods) {
        it(`${status} after ${method}: blocked where got resends the body, followed without the key elsewhere`, async () => {
          const id = `c${(cases += 1)}`;
          const path = (suffix: string): string => `${start.origin}/to/${encodeURIComponent(other.origin)}/${status}/${id}${suffix}`;
          // What got does by itself with this body on this hop.
          await got(path('-control'), { method, methodRewriting, retry: { limit: 0 }, ...bodyOf(placement, { api_key: marker }) });
          const control = landed(other, `${id}-control`);
          expect(control).toHaveLength(1);
          const gotResends = control[0]?.body.includes(marker) === true;

          const api = got.extend({ methodRewriting, retry: { limit: 0 } }, gotAuth(apiKeyAuth({ key, in: placement, name: 'api_key' })));
          const outcome = await api(path(''), { method, ...bodyOf(placement) }).then(
            (response) => ({ response, error: undefined }),
            (error: unknown) => ({ response: undefined, error }),
          );
          const first = start.requests.find((request) => request.url.endsWith(`/${status}/${id}`));
          expect(first?.body).toContain(placement === 'json' ? JSON.stringify(key) : 'api_key=');
          const arrived = landed(other, id);
          expect(JSON.stringify(arrived)).not.toContain(key);
          expect(JSON.stringify(arrived)).not.toContain(encodeURIComponent(key));
          if (gotResends) {
            expect(findAuthError(outcome.error, 'ERR_AUTH_REDIRECT_BLOCKED')?.code).toBe('ERR_AUTH_REDIRECT_BLOCKED');
            expect(arrived).toHaveLength(0);
          } else {
            expect(outcome.error).toBeUndefined();
            expect(outcome.response?.statusCode).toBe(200);
            expect(arrived).toHaveLength(1);
          }
        });
      }
    }
  });
});

describe('gotAuth, a credential in the body, redirected on the same origin', () => {
  it('a 302 after POST without methodRewriting resends the body, credential included (got keeps it on its origin)', async () => {
    const api = got.extend({ methodRewriting: false, retry: { limit: 0 } }, gotAuth(apiKeyAuth({ key, in: 'json', name: 'api_key' })));
    const response = await api.post(`${start.origin}/to/${encodeURIComponent(start.origin)}/302/same`, { json: { a: 1 } });
    expect(response.statusCode).toBe(200);
    const hop = landed(start, 'same');
    expect(hop).toHaveLength(1);
    expect(hop[0]?.method).toBe('POST');
    expect(JSON.parse(hop[0]?.body ?? '{}')).toEqual({ a: 1, api_key: key });
  });
});
