// docs/troubleshooting.md quotes what authwire says for each common mistake: every quoted
// message is produced here by making that mistake, so the page cannot drift from the code.
import { readFileSync } from 'node:fs';
import ky from 'ky';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axiosAuth } from '../../adapters/axios.js';
import { authFetch } from '../../adapters/fetch.js';
import { gotAuth } from '../../adapters/got.js';
import { apiKeyAuth, bearerAuth, isAuthError, oauth2Auth } from '../../src/index.js';
import { startServer, type TestServer } from '../servers/http-server.js';

const page = readFileSync(new URL('../../docs/troubleshooting.md', import.meta.url), 'utf8');
const quoted = [...page.matchAll(/^AuthError (ERR_AUTH_[A-Z_]+): (.*)$/gm)].map((match) => `${match[1]}: ${match[2]}`);
const tokenUrl = 'https://auth.example.com/token';
const auth = bearerAuth({ token: 'tok-1' });

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

/** `code: message` of the AuthError `mistake` throws or rejects with. */
async function said(mistake: () => unknown): Promise<string> {
  try {
    await mistake();
  } catch (error) {
    if (isAuthError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('the mistake went through without an AuthError');
}

/** A transport for authFetch that answers every request with `response`, counting the calls. */
function transport(response: () => Response): { fetch: (input: string | URL | Request) => Promise<Response>; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetch: (input) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return Promise.resolve(response());
    },
  };
}

describe('docs/troubleshooting.md quotes the messages authwire gives', () => {
  const produced: string[] = [];
  const cases: ReadonlyArray<[string, () => unknown]> = [
    ['1. a misspelt option', () => oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId: 'app', clientSecret: 's', scopes: ['read'] } as never)],
    ['2. a secret that is undefined', () => oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId: 'app', clientSecret: undefined } as never)],
    ['3. Bearer Bearer', () => bearerAuth({ token: 'Bearer tok-1' })],
    ['4. axiosAuth without the instance', () => (axiosAuth as (...args: unknown[]) => unknown)(auth)],
    ['5. a Promise as the authenticator', () => authFetch(Promise.resolve(auth) as never)],
    ['6. origins as a string', () => authFetch(auth, { origins: 'https://api.example.com' } as never)],
    ['7. plain http to another host', async () => {
      const network = transport(() => new Response('{}'));
      try {
        await authFetch(auth, { fetch: network.fetch })('http://api.example.com/items');
      } finally {
        expect(network.calls).toEqual([]);
      }
    }],
    ['8. ky.extend(gotAuth(auth))', async () => {
      const seen = server.requests.length;
      try {
        await ky.extend(gotAuth(auth, { origins: [server.origin], allowInsecureHttp: true }) as never).get(`${server.origin}/items`);
      } finally {
        expect(server.requests).toHaveLength(seen);
      }
    }],
    ['9. a redirect to another origin with a body credential', async () => {
      const network = transport(() => new Response(null, { status: 307, headers: { location: 'https://files.example.com/upload/1' } }));
      const api = authFetch(apiKeyAuth({ key: 'k-1', in: 'form', name: 'api_key' }), { fetch: network.fetch });
      await api('https://api.example.com/upload', { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    }],
  ];

  it.each(cases)('%s', async (_name, mistake) => {
    const message = await said(mistake);
    produced.push(message);
    expect(quoted).toContain(message);
  });

  it('and quotes nothing else', () => {
    expect([...quoted].sort()).toEqual([...produced].sort());
  });
});
