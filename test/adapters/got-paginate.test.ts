// got.paginate follows `Link: <…>; rel="next"`, which the server chooses, and builds each next
// page with `prefixUrl: ''`. Every page keeps the origin policy of the first request: its base
// URL and `origins` (and, with neither, the first page's origin), as a redirect would.
import got, { type ExtendOptions } from 'got';
import { describe, expect, it } from 'vitest';
import { gotAuth, type GotAuthOptions } from '../../adapters/got.js';
import { apiKeyAuth, bearerAuth, combineAuth } from '../../src/index.js';
import type { Handler, TestServer } from '../servers/http-server.js';
import { bearerToken, headerKey } from './support/secrets.js';
import { closeAfterEachTest, server } from './support/servers.js';

closeAfterEachTest();

const queryKey = 'qry-key-7a3e9c1d5b';

/** A bearer token, an API key header and an API key in the query. */
function auth(): ReturnType<typeof combineAuth> {
  return combineAuth(
    bearerAuth({ token: bearerToken }),
    apiKeyAuth({ key: headerKey, in: 'header', name: 'X-API-Key' }),
    apiKeyAuth({ key: queryKey, in: 'query', name: 'api_key' }),
  );
}

/** Answers `/page/<n>` with `[n]` and, when `next(n)` names one, a `Link` to the next page. */
function pages(next: (page: number) => string | undefined): Handler {
  return (request, response) => {
    const page = Number(/^\/page\/(\d+)/.exec(request.url)?.[1] ?? 0);
    const link = next(page);
    response.writeHead(200, { 'content-type': 'application/json', ...(link === undefined ? {} : { link: `<${link}>; rel="next"` }) });
    response.end(JSON.stringify([page]));
  };
}

/** What each request `at` received of the credentials: path, and whether each credential came. */
function credentialsAt(at: TestServer): Array<{ url: string; bearer: boolean; header: boolean; query: boolean }> {
  return at.requests.map((request) => ({
    url: new URL(request.url, at.origin).pathname,
    bearer: request.headers.authorization === `Bearer ${bearerToken}`,
    header: request.headers['x-api-key'] === headerKey,
    query: new URL(request.url, at.origin).searchParams.get('api_key') === queryKey,
  }));
}

const all = { bearer: true, header: true, query: true };
const none = { bearer: false, header: false, query: false };

function client(defaults: ExtendOptions, options?: GotAuthOptions): ReturnType<typeof got.extend> {
  return got.extend({ retry: { limit: 0 } }, defaults, gotAuth(auth(), options));
}

describe('gotAuth with got.paginate', () => {
  it('a next link to another origin gets no credential (prefixUrl)', async () => {
    const other = await server(pages(() => undefined));
    const api = await server(pages((page) => (page === 1 ? `${other.origin}/page/2` : undefined)));
    const items = await client({ prefixUrl: `${api.origin}/` }).paginate.all<number>('page/1');
    expect(items).toEqual([1, 2]);
    expect(credentialsAt(api)).toEqual([{ url: '/page/1', ...all }]);
    expect(credentialsAt(other)).toEqual([{ url: '/page/2', ...none }]);
  });

  it('a next link on the same origin gets the credentials (prefixUrl)', async () => {
    const api = await server(pages((page) => (page === 1 ? '/page/2' : undefined)));
    const items = await client({ prefixUrl: `${api.origin}/` }).paginate.all<number>('page/1');
    expect(items).toEqual([1, 2]);
    expect(credentialsAt(api)).toEqual([{ url: '/page/1', ...all }, { url: '/page/2', ...all }]);
  });

  it('a chain of pages: the base origin always gets them, another origin never, an allowed origin does', async () => {
    const at: Record<'api' | 'allowed', string> = { api: '', allowed: '' };
    const other = await server(pages((page) => (page === 3 ? `${at.api}/page/4` : undefined)));
    const allowed = await server(pages((page) => (page === 5 ? `${other.origin}/page/6` : undefined)));
    const api = await server(
      pages((page) => {
        if (page === 1) return `${at.api}/page/2`;
        if (page === 2) return `${other.origin}/page/3`;
        if (page === 4) return `${at.allowed}/page/5`;
        return undefined;
      }),
    );
    at.api = api.origin;
    at.allowed = allowed.origin;
    // other answers page 6 without a next link: the end.
    const items = await client({ prefixUrl: `${api.origin}/` }, { origins: [allowed.origin] }).paginate.all<number>('page/1');
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
    expect(credentialsAt(api)).toEqual([{ url: '/page/1', ...all }, { url: '/page/2', ...all }, { url: '/page/4', ...all }]);
    expect(credentialsAt(other)).toEqual([{ url: '/page/3', ...none }, { url: '/page/6', ...none }]);
    expect(credentialsAt(allowed)).toEqual([{ url: '/page/5', ...all }]);
  });

  it('with options of its own (got.paginate(url, options)), the pages keep the policy too', async () => {
    const other = await server(pages(() => undefined));
    const api = await server(pages((page) => (page === 1 ? `${other.origin}/page/2` : undefined)));
    const items = await client({ prefixUrl: `${api.origin}/` }).paginate.all<number>('page/1', { headers: { 'x-trace': 't1' } });
    expect(items).toEqual([1, 2]);
    expect(credentialsAt(other)).toEqual([{ url: '/page/2', ...none }]);
    expect(other.requests[0]?.headers['x-trace']).toBe('t1');
  });

  it('without prefixUrl or origins, the pages keep to the first page’s origin', async () => {
    const other = await server(pages(() => undefined));
    const api = await server(pages((page) => (page === 1 ? `${api.origin}/page/2` : page === 2 ? `${other.origin}/page/3` : undefined)));
    const items = await client({}).paginate.all<number>(`${api.origin}/page/1`);
    expect(items).toEqual([1, 2, 3]);
    expect(credentialsAt(api)).toEqual([{ url: '/page/1', ...all }, { url: '/page/2', ...all }]);
    expect(credentialsAt(other)).toEqual([{ url: '/page/3', ...none }]);
  });

  it('a next link to another origin that repeats the query key in its URL: the key is taken out, other parameters stay', async () => {
    const other = await server(pages(() => undefined));
    const api = await server(pages((page) => (page === 1 ? `${other.origin}/page/2?api_key=${encodeURIComponent(queryKey)}&cursor=c%202` : undefined)));
    const items = await client({ prefixUrl: `${api.origin}/` }).paginate.all<number>('page/1');
    expect(items).toEqual([1, 2]);
    expect(credentialsAt(api)).toEqual([{ url: '/page/1', ...all }]);
    expect(credentialsAt(other)).toEqual([{ url: '/page/2', ...none }]);
    expect(other.requests[0]?.url).toBe('/page/2?cursor=c%202');
  });

  it('a chain whose links all repeat the query key: the key reaches the base and allowed origins only', async () => {
    const at: Record<'api' | 'allowed' | 'other', string> = { api: '', allowed: '', other: '' };
    const withKey = (origin: string, page: number): string => `${origin}/page/${page}?api_key=${encodeURIComponent(queryKey)}`;
    const next: Record<number, () => string> = { 1: () => withKey(at.api, 2), 2: () => withKey(at.other, 3), 3: () => withKey(at.allowed, 4), 4: () => withKey(at.other, 5) };
    const handler = pages((page) => next[page]?.());
    const [api, other, allowed] = [await server(handler), await server(handler), await server(handler)];
    Object.assign(at, { api: api.origin, other: other.origin, allowed: allowed.origin });
    const items = await client({ prefixUrl: `${api.origin}/` }, { origins: [allowed.origin] }).paginate.all<number>('page/1');
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(credentialsAt(api)).toEqual([{ url: '/page/1', ...all }, { url: '/page/2', ...all }]);
    expect(credentialsAt(allowed)).toEqual([{ url: '/page/4', ...all }]);
    expect(credentialsAt(other)).toEqual([{ url: '/page/3', ...none }, { url: '/page/5', ...none }]);
    for (const request of other.requests) expect(request.url).not.toContain('api_key');
  });

  it('a request after a pagination, on the same instance, has its own policy', async () => {
    const other = await server(pages(() => undefined));
    const api = await server(pages((page) => (page === 1 ? `${other.origin}/page/2` : undefined)));
    const instance = client({});
    await instance.paginate.all<number>(`${api.origin}/page/1`);
    await instance.get(`${other.origin}/page/9`);
    expect(credentialsAt(other)).toEqual([{ url: '/page/2', ...none }, { url: '/page/9', ...all }]);
  });
});
