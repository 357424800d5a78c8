// Credentials the adapter tests send, and the check that none of them shows in an error.
import { inspect } from 'node:util';
import { expect } from 'vitest';
import { apiKeyAuth, basicAuth, bearerAuth, combineAuth, type Authenticator } from '../../../src/index.js';
import { formsOf } from '../../conformance/support.js';

export const bearerToken = 'tok-3f9a7c1e5b2d4a68';
export const headerKey = 'hdr-key-8c2e4f6a90';
/** Characters that URLs and forms encode. */
export const queryKey = 'qry key/+=&8d1b?x';
/** Characters that JSON escapes. */
export const bodyKey = 'body-key"\\71e3';
export const basicPassword = 'p@ss:w0rd-ünï';
export const basicHeader = `Basic ${Buffer.from(`alice:${basicPassword}`, 'utf8').toString('base64')}`;

/** A bearer token, an API key header, an API key in the query and one in a JSON body. */
export function everyPlacementAuth(): Authenticator {
  return combineAuth(
    bearerAuth({ token: bearerToken }),
    apiKeyAuth({ key: headerKey, in: 'header', name: 'X-API-Key' }),
    apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' }),
    apiKeyAuth({ key: bodyKey, in: 'json', name: 'auth.key' }),
  );
}

/** A bearer token, an API key header and an API key in the query: what a GET can carry. */
export function headerAndQueryAuth(): Authenticator {
  return combineAuth(
    bearerAuth({ token: bearerToken }),
    apiKeyAuth({ key: headerKey, in: 'header', name: 'X-API-Key' }),
    apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' }),
  );
}

/** An authenticator that sets `Cookie` and `Proxy-Authorization`, headers a client may forward on a redirect. */
export const cookieAuth: Authenticator = {
  name: 'cookie',
  authenticate: async (request) => {
    request.headers.set('Cookie', 'session=ck-5e1f0a9b7c');
    request.headers.set('Proxy-Authorization', 'Basic cHJveHk6c2VjcmV0');
  },
};

/** Basic credentials plus the query key. */
export function basicAndQueryAuth(): Authenticator {
  return combineAuth(basicAuth({ username: 'alice', password: basicPassword }), apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' }));
}

/** Every form in which the secrets could appear in a serialized error. */
export function secretForms(): string[] {
  return formsOf([bearerToken, headerKey, queryKey, bodyKey, basicHeader, basicHeader.slice('Basic '.length), basicPassword]);
}

/** `JSON.stringify(error)` and `util.inspect(error, { depth: Infinity })` hold no secret. */
export function expectNoSecretIn(error: unknown): void {
  const json = JSON.stringify(error);
  const shown = inspect(error, { depth: Infinity });
  for (const secret of secretForms()) {
    expect(json, `JSON.stringify shows ${secret}`).not.toContain(secret);
    expect(shown, `util.inspect shows ${secret}`).not.toContain(secret);
  }
}
