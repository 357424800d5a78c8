// The four clients with their transport replaced by a canned answer in the same process: no
// socket, no server, no kernel. What is left is each client's own work per request, so the
// difference between variants is the auth layer's CPU cost, free of the network's noise.
import { Readable } from 'node:stream';
import axios, { type AxiosAdapter } from 'axios';
import got, { type ExtendOptions } from 'got';
import ky, { type Options as KyOptions } from 'ky';
import { axiosAuth } from '../../adapters/axios.js';
import { authFetch } from '../../adapters/fetch.js';
import { gotAuth } from '../../adapters/got.js';
import { kyAuth } from '../../adapters/ky.js';
import type { Authenticator } from '../../src/index.js';
import type { ClientName } from './clients.js';
import type { Send } from './load.js';

const body = '{"ok":true}';
const jsonHeaders = { 'content-type': 'application/json', 'content-length': String(body.length) };

/** What every stub transport saw last, so the bench can check the credential really went out. */
export const lastAuthorization: { value: string | undefined } = { value: undefined };

const stubFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  lastAuthorization.value = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).get('authorization') ?? undefined;
  return new Response(body, { status: 200, headers: jsonHeaders });
};

const stubAxiosAdapter: AxiosAdapter = async (config) => {
  lastAuthorization.value = config.headers.get('authorization')?.toString();
  return { data: body, status: 200, statusText: 'OK', headers: jsonHeaders, config, request: {} };
};

/** got's `request` option may hand back a response instead of a ClientRequest (as its cache does). */
function stubGotResponse(url: URL, options: { headers?: Record<string, unknown> }): Readable {
  const authorization = options.headers?.authorization;
  lastAuthorization.value = typeof authorization === 'string' ? authorization : undefined;
  return Object.assign(Readable.from([Buffer.from(body)]), {
    statusCode: 200, statusMessage: 'OK', headers: jsonHeaders, rawHeaders: [], url: url.href, httpVersion: '1.1', socket: null,
  });
}

/** How a variant authenticates: not at all, by a hand-written hook, or by authwire. */
export type StubAuth = { readonly kind: 'bare' } | { readonly kind: 'hand-written'; readonly token: string } | { readonly kind: 'authwire'; readonly auth: Authenticator };

/** One request function for `client` with a stub transport and the given auth. */
export function stubSender(client: ClientName, url: string, auth: StubAuth): Send {
  switch (client) {
    case 'axios': {
      const instance = axios.create({ adapter: stubAxiosAdapter });
      if (auth.kind === 'authwire') axiosAuth(instance, auth.auth);
      if (auth.kind === 'hand-written') {
        instance.interceptors.request.use((config) => {
          config.headers.set('Authorization', `Bearer ${auth.token}`);
          return config;
        });
      }
      return async () => (await instance.get(url)).status;
    }
    case 'got': {
      const base = got.extend({ retry: { limit: 0 }, responseType: 'json', request: stubGotResponse as unknown as ExtendOptions['request'] });
      const extension: ExtendOptions | undefined =
        auth.kind === 'authwire'
          ? gotAuth(auth.auth)
          : auth.kind === 'hand-written'
            ? { hooks: { beforeRequest: [(options) => void (options.headers.authorization = `Bearer ${auth.token}`)] } }
            : undefined;
      const instance = extension === undefined ? base : base.extend(extension);
      return async () => (await instance.get(url)).statusCode;
    }
    case 'ky': {
      const base = ky.create({ retry: 0, timeout: false, fetch: stubFetch });
      const extension: KyOptions | undefined =
        auth.kind === 'authwire'
          ? (kyAuth(auth.auth, { fetch: stubFetch }) as KyOptions)
          : auth.kind === 'hand-written'
            ? { hooks: { beforeRequest: [(request) => void request.headers.set('Authorization', `Bearer ${auth.token}`)] } }
            : undefined;
      const instance = extension === undefined ? base : base.extend(extension);
      return async () => {
        const response = await instance.get(url);
        await response.json();
        return response.status;
      };
    }
    case 'fetch': {
      const send =
        auth.kind === 'authwire'
          ? authFetch(auth.auth, { fetch: stubFetch })
          : auth.kind === 'hand-written'
            ? (target: string) => stubFetch(target, { headers: { Authorization: `Bearer ${auth.token}` } })
            : (target: string) => stubFetch(target);
      return async () => {
        const response = await send(url);
        await response.json();
        return response.status;
      };
    }
    default:
      throw new Error(`unknown client ${String(client satisfies never)}`);
  }
}
