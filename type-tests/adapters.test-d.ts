import axios from 'axios';
import got from 'got';
import ky from 'ky';
import type { Got } from 'got';
import { expectAssignable, expectError, expectType } from 'tsd';
import { bearerAuth, oauth2Auth } from 'authwire';
import { axiosAuth } from 'authwire/axios';
import { authFetch } from 'authwire/fetch';
import { gotAuth } from 'authwire/got';
import { kyAuth } from 'authwire/ky';

const auth = bearerAuth({ token: 't' });

// axios: installs on an instance, returns the function that removes it.
const eject = axiosAuth(axios.create({ baseURL: 'https://api.example.com' }), auth, { origins: ['https://files.example.com'] });
expectType<() => void>(eject);
expectError(axiosAuth(auth));

// got and ky: the returned options go straight into extend, no cast.
const gotClient = got.extend({ prefixUrl: 'https://api.example.com' }, gotAuth(auth, { allowInsecureHttp: false }));
expectAssignable<Got>(gotClient);
const kyClient = ky.create({ prefixUrl: 'https://api.example.com' }).extend(kyAuth(auth));
expectType<typeof ky>(kyClient);

// fetch: the same signature as fetch.
const fetchWithAuth = authFetch(oauth2Auth({ grant: 'client_credentials', tokenUrl: 'https://auth.example.com/token', clientId: 'a', clientSecret: 's' }));
expectType<Promise<Response>>(fetchWithAuth('https://api.example.com/x', { method: 'POST' }));

// Options are checked.
expectError(gotAuth(auth, { origins: 'https://a.example' }));
expectError(authFetch(auth, { allowInsecureHttp: 'yes' }));
