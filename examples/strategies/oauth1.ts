// The code of docs/strategies/oauth1.md, type-checked by `npm test` (examples/tsconfig.json).
// #region auth
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import { oauth1Auth } from 'authwire';
import { axiosAuth } from 'authwire/axios';
import { authFetch } from 'authwire/fetch';
import { gotAuth } from 'authwire/got';
import { kyAuth } from 'authwire/ky';

const auth = oauth1Auth({
  consumerKey: process.env.CONSUMER_KEY ?? '',
  consumerSecret: process.env.CONSUMER_SECRET ?? '',
  token: process.env.ACCESS_TOKEN ?? '',
  tokenSecret: process.env.TOKEN_SECRET ?? '',
});
const base = 'https://api.example.com/1.1/';
// #endregion auth

// #region axios
const api = axios.create({ baseURL: base });
axiosAuth(api, auth);
await api.get('statuses/home_timeline.json', { params: { count: 20 } });
// #endregion axios

// #region got
const client = got.extend({ prefixUrl: base }, gotAuth(auth));
await client.get('statuses/home_timeline.json', { searchParams: { count: 20 } });
// #endregion got

// #region ky
const kyApi = ky.create({ prefixUrl: base }).extend(kyAuth(auth));
await kyApi.get('statuses/home_timeline.json', { searchParams: { count: 20 } });
// #endregion ky

// #region fetch
const signedFetch = authFetch(auth);
await signedFetch(`${base}statuses/home_timeline.json?count=20`);
// #endregion fetch
