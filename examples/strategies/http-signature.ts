// The code of docs/strategies/http-signatures.md, type-checked by `npm test` (examples/tsconfig.json).
// #region auth
import { readFileSync } from 'node:fs';
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import { httpSignatureAuth } from 'authwire';
import { axiosAuth } from 'authwire/axios';
import { authFetch } from 'authwire/fetch';
import { gotAuth } from 'authwire/got';
import { kyAuth } from 'authwire/ky';

const auth = httpSignatureAuth({
  keyId: 'client-2025',
  key: readFileSync('client-ed25519.pem', 'utf8'),
  algorithm: 'ed25519',
  components: ['@method', '@target-uri', 'content-type', 'content-digest'],
});
const base = 'https://api.example.com/v1/';
// #endregion auth

// #region axios
const api = axios.create({ baseURL: base });
axiosAuth(api, auth);
await api.post('payments', { amount: 10 }, { headers: { 'content-type': 'application/json' } });
// #endregion axios

// #region got
const client = got.extend({ prefixUrl: base }, gotAuth(auth));
await client.post('payments', { json: { amount: 10 } });
// #endregion got

// #region ky
const kyApi = ky.create({ prefixUrl: base }).extend(kyAuth(auth));
await kyApi.post('payments', { json: { amount: 10 } });
// #endregion ky

// #region fetch
const signedFetch = authFetch(auth);
await signedFetch(`${base}payments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"amount":10}' });
// #endregion fetch
