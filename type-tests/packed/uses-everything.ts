// Compiled by scripts/pack-smoke/type-matrix.mjs in an app that installed the packed tarball, under
// every TypeScript setting the README lists (as .ts, and as .mts and .cts where the setting has
// them), with lib es2023 (no DOM), types ["node"] and skipLibCheck false. No top-level await, so
// the same text is valid ESM and CommonJS.
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import {
  AuthError,
  EncryptedTokenStore,
  FileTokenStore,
  MemoryTokenStore,
  apiKeyAuth,
  basicAuth,
  bearerAuth,
  combineAuth,
  createAuth,
  isAuthError,
  jwtAuth,
  noAuth,
  oauth2Auth,
  selectiveAuth,
  sessionTokenAuth,
  type Authenticator,
} from 'authwire';
import { axiosAuth, type AxiosAuthOptions } from 'authwire/axios';
import { authFetch, type AuthFetchOptions } from 'authwire/fetch';
import { gotAuth } from 'authwire/got';
import { kyAuth } from 'authwire/ky';

const store = new EncryptedTokenStore({ store: new MemoryTokenStore(), keys: { k1: Buffer.alloc(32, 1).toString('base64') }, currentKeyId: 'k1' });
const oauth2: Authenticator = oauth2Auth({
  grant: 'client_credentials',
  tokenUrl: 'https://auth.example.com/oauth/token',
  clientId: 'reporting-service',
  clientSecret: 'secret',
  scope: ['reports:read'],
  store,
});
const auth = combineAuth(
  bearerAuth({ token: 'token' }),
  apiKeyAuth({ key: 'key', in: 'header', name: 'X-API-Key' }),
  jwtAuth({ secret: 'a-secret-of-at-least-32-bytes-length', algorithm: 'HS256' }),
);
const fromConfig: Authenticator = createAuth({ type: 'basic', username: 'user', password: { env: 'PASSWORD' } });
const chosen = selectiveAuth({ select: { config: { auth: 'basic' }, path: 'auth' }, options: { basic: basicAuth({ username: 'user', password: 'pass' }), none: noAuth() } });
const session = sessionTokenAuth({
  login: { url: 'https://api.example.com/login', json: { username: 'user', password: 'pass' } },
  tokenPath: 'token',
  expiresIn: 'PT1H',
  inject: { in: 'header', name: 'Authorization', prefix: 'Bearer' },
});
const fileStore = new FileTokenStore({ path: '/tmp/authwire-tokens.json' });

const api = axios.create({ baseURL: 'https://api.example.com/v1/' });
const axiosOptions: AxiosAuthOptions = { origins: ['https://uploads.example.com'] };
const eject: () => void = axiosAuth(api, auth, axiosOptions);
axiosAuth(axios, oauth2);

const gotClient = got.extend({ prefixUrl: 'https://api.example.com/v1/' }, gotAuth(fromConfig));
const kyClient = ky.create({ prefixUrl: 'https://api.example.com/v1/' }).extend(kyAuth(chosen, { fetch }));
const fetchOptions: AuthFetchOptions = { origins: ['https://api.example.com'], fetch };
const fetchWithAuth: typeof fetch = authFetch(session, fetchOptions);

export async function main(): Promise<void> {
  try {
    const { data } = await api.get<{ items: unknown[] }>('items');
    const fromGot = await gotClient.get('items').json<{ items: unknown[] }>();
    const fromKy = await kyClient.get('items').json<{ items: unknown[] }>();
    const response: Response = await fetchWithAuth(new URL('https://api.example.com/v1/items'), { headers: { accept: 'application/json' } });
    console.log(data.items, fromGot.items, fromKy.items, response.status, await fileStore.get('key'));
  } catch (error) {
    if (isAuthError(error)) console.error(error.code);
    else if (error instanceof AuthError) throw new Error('unreachable');
    else throw error;
  } finally {
    eject();
    await oauth2.close?.();
  }
}
