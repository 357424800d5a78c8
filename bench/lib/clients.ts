// One request function per client and auth variant, all against the same URL and through the
// same connection pools, so that variants of one client differ only in their auth layer.
import { Agent as HttpAgent } from 'node:http';
import { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client';
import axios, { isAxiosError, type AxiosInstance } from 'axios';
import { createAuthRefresh, type AxiosAuthRefreshOptions } from 'axios-auth-refresh';
import got, { type ExtendOptions, type Got } from 'got';
import ky, { type KyInstance, type Options as KyOptions } from 'ky';
import { Agent as UndiciAgent, setGlobalDispatcher } from 'undici';
import { axiosAuth } from '../../adapters/axios.js';
import { authFetch } from '../../adapters/fetch.js';
import { gotAuth } from '../../adapters/got.js';
import { kyAuth } from '../../adapters/ky.js';
import type { Authenticator } from '../../src/index.js';
import type { Send } from './load.js';

export const clientNames = ['axios', 'got', 'ky', 'fetch'] as const;
export type ClientName = (typeof clientNames)[number];

/** A request function and how to take it down. */
export interface Sender {
  readonly send: Send;
  close?(): Promise<void>;
}

/** The connection pools every client uses: one http.Agent (axios, got), one undici Agent (fetch, ky, the badgateway wrapper). */
export interface Transport {
  readonly httpAgent: HttpAgent;
  readonly dispatcher: UndiciAgent;
  close(): Promise<void>;
}

/**
 * Keep-alive pools capped at `connections` sockets per origin for every client, so a burst of
 * 10,000 requests queues in the client instead of opening 10,000 sockets (and so all clients
 * compete on equal terms). Sets undici's global dispatcher, which Node's fetch uses.
 */
export function installTransport(connections: number): Transport {
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const dispatcher = new UndiciAgent({ connections, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });
  setGlobalDispatcher(dispatcher);
  let closing: Promise<void> | undefined;
  return {
    httpAgent,
    dispatcher,
    close: () => {
      closing ??= (async () => {
        httpAgent.destroy();
        await dispatcher.close();
      })();
      return closing;
    },
  };
}

/** The status of an axios call, whether axios resolved or rejected it. */
async function axiosStatus(call: Promise<{ status: number }>): Promise<number> {
  try {
    return (await call).status;
  } catch (error) {
    if (isAxiosError(error) && error.response !== undefined) return error.response.status;
    throw error;
  }
}

function axiosInstance(transport: Transport): AxiosInstance {
  return axios.create({ httpAgent: transport.httpAgent, proxy: false });
}

/** Plain axios, or axios with `setup` applied (authwire, an interceptor, axios-auth-refresh). */
export function axiosSender(url: string, transport: Transport, setup?: (instance: AxiosInstance) => void): Sender {
  const instance = axiosInstance(transport);
  setup?.(instance);
  return { send: () => axiosStatus(instance.get(url)) };
}

/** got with our pool, no retries (a retry would hide a failure), no throwing on 4xx (the status is counted). */
export function gotSender(url: string, transport: Transport, extension?: ExtendOptions): Sender {
  const base: Got = got.extend({ agent: { http: transport.httpAgent }, retry: { limit: 0 }, throwHttpErrors: false, responseType: 'json' });
  const client = extension === undefined ? base : base.extend(extension);
  return { send: async () => (await client.get(url)).statusCode };
}

/** ky without retries or its 10 s timeout (a queued request in a 10,000 burst may wait longer). */
export function kySender(url: string, extension?: KyOptions | ReturnType<typeof kyAuth>): Sender {
  const base: KyInstance = ky.create({ retry: 0, timeout: false, throwHttpErrors: false });
  // kyAuth's object is made for ky.extend; its hook types are wider than ky's own.
  const client = extension === undefined ? base : base.extend(extension as KyOptions);
  return {
    send: async () => {
      const response = await client.get(url);
      await response.json();
      return response.status;
    },
  };
}

/** A fetch-like function, its body read as JSON. */
export function fetchSender(url: string, call: (url: string) => Promise<Response> = (target) => fetch(target)): Sender {
  return {
    send: async () => {
      const response = await call(url);
      await response.json();
      return response.status;
    },
  };
}

/** The bare client, no auth layer. */
export function bareSender(client: ClientName, url: string, transport: Transport): Sender {
  switch (client) {
    case 'axios':
      return axiosSender(url, transport);
    case 'got':
      return gotSender(url, transport);
    case 'ky':
      return kySender(url);
    case 'fetch':
      return fetchSender(url);
    default:
      throw new Error(`unknown client ${String(client satisfies never)}`);
  }
}

/** The same request through authwire's adapter for `client`. */
export function authwireSender(client: ClientName, url: string, transport: Transport, auth: Authenticator): Sender {
  switch (client) {
    case 'axios':
      return axiosSender(url, transport, (instance) => {
        axiosAuth(instance, auth);
      });
    case 'got':
      return gotSender(url, transport, gotAuth(auth));
    case 'ky':
      return kySender(url, kyAuth(auth));
    case 'fetch':
      return fetchSender(url, authFetch(auth));
    default:
      throw new Error(`unknown client ${String(client satisfies never)}`);
  }
}

/** The same request with a hand-written interceptor or hook that sets `Authorization: Bearer <token>`. */
export function handWrittenSender(client: ClientName, url: string, transport: Transport, token: () => string): Sender {
  switch (client) {
    case 'axios':
      return axiosSender(url, transport, (instance) => {
        instance.interceptors.request.use((config) => {
          config.headers.set('Authorization', `Bearer ${token()}`);
          return config;
        });
      });
    case 'got':
      return gotSender(url, transport, {
        hooks: {
          beforeRequest: [
            (options) => {
              options.headers.authorization = `Bearer ${token()}`;
            },
          ],
        },
      });
    case 'ky': {
      const options: KyOptions = {
        hooks: {
          beforeRequest: [
            (request) => {
              request.headers.set('Authorization', `Bearer ${token()}`);
            },
          ],
        },
      };
      return kySender(url, options);
    }
    case 'fetch':
      return fetchSender(url, (target) => fetch(target, { headers: { Authorization: `Bearer ${token()}` } }));
    default:
      throw new Error(`unknown client ${String(client satisfies never)}`);
  }
}

/** A client_credentials token request made by hand (for axios-auth-refresh, which leaves that to you). */
export async function fetchTokenByHand(tokenUrl: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await axios.post<{ access_token: string }>(tokenUrl, new URLSearchParams({ grant_type: 'client_credentials' }).toString(), {
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    proxy: false,
  });
  return response.data.access_token;
}

/** What axios-auth-refresh is set up with: its token lives in the caller's variable. */
export interface AxiosAuthRefreshSetup {
  readonly sender: Sender;
  /** Fetches a new token into the variable (the initial one, or a short-lived one for the stampede). */
  refresh(): Promise<void>;
  /** Token requests made by the refresh callback. */
  readonly refreshes: () => number;
}

/**
 * axios-auth-refresh as its README sets it up: a request interceptor that adds the token from a
 * variable, and `createAuthRefresh` that fetches a new token on a 401 and retries.
 */
export function axiosAuthRefreshSender(
  url: string,
  transport: Transport,
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
  options: AxiosAuthRefreshOptions = {},
): AxiosAuthRefreshSetup {
  let token = '';
  let refreshes = 0;
  const refresh = async (): Promise<void> => {
    refreshes += 1;
    token = await fetchTokenByHand(tokenUrl, clientId, clientSecret);
  };
  const sender = axiosSender(url, transport, (instance) => {
    instance.interceptors.request.use((config) => {
      config.headers.set('Authorization', `Bearer ${token}`);
      return config;
    });
    // axios-auth-refresh's .d.ts is read as CommonJS and sees axios's CJS typings: same runtime object.
    createAuthRefresh(instance as unknown as Parameters<typeof createAuthRefresh>[0], async (failed: unknown) => {
      await refresh();
      const config = (failed as { response?: { config?: { headers?: { set?: (name: string, value: string) => void } } } }).response?.config;
      config?.headers?.set?.('Authorization', `Bearer ${token}`);
    }, options);
  });
  return { sender, refresh, refreshes: () => refreshes };
}

/** What the badgateway wrapper is set up with. */
export interface BadgatewaySetup {
  readonly sender: Sender;
  readonly wrapper: OAuth2Fetch;
}

/** `@badgateway/oauth2-client`'s fetch wrapper with a client_credentials token source. */
export function badgatewaySender(url: string, tokenUrl: string, clientId: string, clientSecret: string): BadgatewaySetup {
  const client = new OAuth2Client({ clientId, clientSecret, tokenEndpoint: tokenUrl, authenticationMethod: 'client_secret_basic' });
  const wrapper = new OAuth2Fetch({ client, getNewToken: () => client.clientCredentials() });
  return { sender: fetchSender(url, (target) => wrapper.fetch(target)), wrapper };
}
