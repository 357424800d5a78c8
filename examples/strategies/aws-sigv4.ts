// The code of docs/strategies/aws-sigv4.md, type-checked by `npm test` (examples/tsconfig.json).
// #region auth
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import { awsSigV4Auth } from 'authwire';
import { axiosAuth } from 'authwire/axios';
import { authFetch } from 'authwire/fetch';
import { gotAuth } from 'authwire/got';
import { kyAuth } from 'authwire/ky';

const auth = awsSigV4Auth({
  region: 'eu-west-1',
  service: 'execute-api',
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '' },
});
const base = 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/';
// #endregion auth

// #region axios
const api = axios.create({ baseURL: base });
axiosAuth(api, auth);
await api.post('items', { name: 'report' });
// #endregion axios

// #region got
const client = got.extend({ prefixUrl: base }, gotAuth(auth));
await client.post('items', { json: { name: 'report' } });
// #endregion got

// #region ky
const kyApi = ky.create({ prefixUrl: base }).extend(kyAuth(auth));
await kyApi.post('items', { json: { name: 'report' } });
// #endregion ky

// #region fetch
const signedFetch = authFetch(auth);
await signedFetch(`${base}items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"report"}' });
// #endregion fetch

// #region s3
const s3 = awsSigV4Auth({
  region: 'eu-west-1',
  service: 's3',
  unsignedPayload: true, // stream uploads: S3 accepts UNSIGNED-PAYLOAD
  credentials: async () => {
    const response = await fetch('http://169.254.170.2/v2/credentials/role'); // e.g. an ECS task role
    const c = (await response.json()) as { AccessKeyId: string; SecretAccessKey: string; Token: string; Expiration: string };
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.Token, expiration: new Date(c.Expiration) };
  },
});
// #endregion s3
void s3;
