// The four HTTP clients, each wired to the same authenticator through its authwire adapter and
// otherwise left as their users have them (axios and got throw on a 401, ky too). Their own
// retries are off, so every request that succeeds does so because of authwire, not a retry.
import axios, { isAxiosError } from 'axios';
import got, { HTTPError as GotHttpError } from 'got';
import ky, { HTTPError as KyHttpError } from 'ky';
import { axiosAuth } from '../../adapters/axios.js';
import { authFetch } from '../../adapters/fetch.js';
import { gotAuth } from '../../adapters/got.js';
import { kyAuth } from '../../adapters/ky.js';
import type { Authenticator } from '../../src/index.js';

export const clientNames = ['axios', 'got', 'ky', 'fetch'] as const;
export type ClientName = (typeof clientNames)[number];

/** Sends one API request; resolves its HTTP status, whether or not the client threw for it. */
export type Send = (signal: AbortSignal) => Promise<number>;

/** The path every client requests, below the API's origin. */
const PATH = 'v1/orders';

/** One client of `name` talking to the API at `apiOrigin` (e.g. `http://127.0.0.1:41234`). */
export function createClient(name: ClientName, apiOrigin: string, auth: Authenticator): Send {
  const headers = { 'x-demo-client': name };
  switch (name) {
    case 'axios': {
      const api = axios.create({ baseURL: `${apiOrigin}/`, headers, proxy: false });
      axiosAuth(api, auth);
      return async (signal) => {
        try {
          return (await api.get(PATH, { signal })).status;
        } catch (error) {
          if (isAxiosError(error) && error.response !== undefined) return error.response.status;
          throw error;
        }
      };
    }
    case 'got': {
      const api = got.extend({ prefixUrl: apiOrigin, headers, retry: { limit: 0 } }, gotAuth(auth));
      return async (signal) => {
        try {
          const response = await api.get(PATH, { signal });
          return response.statusCode;
        } catch (error) {
          if (error instanceof GotHttpError) return error.response.statusCode;
          throw error;
        }
      };
    }
    case 'ky': {
      const api = ky.create({ prefixUrl: apiOrigin, headers, retry: 0 }).extend(kyAuth(auth));
      return async (signal) => {
        try {
          const response = await api.get(PATH, { signal });
          await response.arrayBuffer();
          return response.status;
        } catch (error) {
          if (error instanceof KyHttpError) return error.response.status;
          throw error;
        }
      };
    }
    case 'fetch': {
      const fetchWithAuth = authFetch(auth, { origins: [apiOrigin] });
      return async (signal) => {
        const response = await fetchWithAuth(`${apiOrigin}/${PATH}`, { headers, signal });
        await response.arrayBuffer();
        return response.status;
      };
    }
    default:
      throw new Error(`unknown client ${String(name satisfies never)}`);
  }
}
