// Runnable: one authenticator in axios, got, ky and fetch at once, against a token endpoint and an
// API that this file starts on 127.0.0.1. The four clients share one token: one token request.
// Shown in docs/getting-started.md; run by test/examples/run-examples.test.ts.
import { json, listen } from './server.js';

let tokenRequests = 0;
const tokenServer = await listen((_request, _body, response) => {
  tokenRequests += 1;
  json(response, 200, { access_token: 'shared-token', token_type: 'Bearer', expires_in: 600 });
});
const apiServer = await listen((request, _body, response) => {
  const ok = request.headers.authorization === 'Bearer shared-token';
  json(response, ok ? 200 : 401, { path: request.url, ok });
});
const tokenUrl = `${tokenServer.url}/token`;
const baseUrl = `${apiServer.url}/v1/`;

// #region four-clients
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import { oauth2Auth } from 'authwire';
import { axiosAuth } from 'authwire/axios';
import { authFetch } from 'authwire/fetch';
import { gotAuth } from 'authwire/got';
import { kyAuth } from 'authwire/ky';

const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId: 'app', clientSecret: 's3cr3t' });

const viaAxios = axios.create({ baseURL: baseUrl });
axiosAuth(viaAxios, auth);
const viaGot = got.extend({ prefixUrl: baseUrl }, gotAuth(auth));
const viaKy = ky.create({ prefixUrl: baseUrl }).extend(kyAuth(auth));
const viaFetch = authFetch(auth, { origins: [new URL(baseUrl).origin] });

const results = await Promise.all([
  viaAxios.get('items').then((response) => response.status),
  viaGot.get('items').then((response) => response.statusCode),
  viaKy.get('items').then((response) => response.status),
  viaFetch(new URL('items', baseUrl)).then((response) => response.status),
]);
console.log(`axios ${results[0]}, got ${results[1]}, ky ${results[2]}, fetch ${results[3]}; token requests: ${tokenRequests}`);
// axios 200, got 200, ky 200, fetch 200; token requests: 1
await auth.close();
// #endregion four-clients

await Promise.all([tokenServer.close(), apiServer.close()]);
