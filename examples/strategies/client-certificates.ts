// The code of docs/strategies/client-certificates.md, type-checked by `npm test` (examples/tsconfig.json).
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import { axiosAuth } from 'authwire/axios';
import { authFetch } from 'authwire/fetch';
import { gotAuth } from 'authwire/got';
import { kyAuth } from 'authwire/ky';

// #region tls
import { readFileSync } from 'node:fs';
import { bearerAuth, clientCertificateAuth, withTls } from 'authwire';

// The certificate is the only credential:
const mtls = clientCertificateAuth({
  cert: readFileSync('client.crt'),
  key: readFileSync('client.key'),
  ca: readFileSync('internal-ca.crt'), // the CA that signed the *server's* certificate
});

// A token *and* a client certificate:
const both = withTls(bearerAuth({ token: process.env.API_TOKEN ?? '' }), {
  pfx: readFileSync('client.p12'),
  passphrase: process.env.P12_PASSPHRASE ?? '',
});

// A private CA, no client certificate:
const privateCa = withTls(bearerAuth({ token: process.env.API_TOKEN ?? '' }), { ca: readFileSync('internal-ca.crt') });
// #endregion tls

export function axiosClient() {
  // #region axios
  const api = axios.create({ baseURL: 'https://mtls.example.com/' });
  axiosAuth(api, mtls);
  // #endregion axios
  return api;
}
export function gotClient() {
  // #region got
  const api = got.extend({ prefixUrl: 'https://mtls.example.com' }, gotAuth(mtls));
  // #endregion got
  return api;
}
export function fetchAndKyClients() {
  // #region fetch-ky
  const fetchWithAuth = authFetch(mtls, { origins: ['https://mtls.example.com'] });
  const api = ky.create({ prefixUrl: 'https://mtls.example.com/' }).extend(kyAuth(mtls));
  // #endregion fetch-ky
  return { fetchWithAuth, api };
}

export { both, privateCa };
