// The code of docs/oauth2/token-exchange.md, type-checked by `npm test` (examples/tsconfig.json).
import { readFile } from 'node:fs/promises';
import { FileTokenStore, oauth2Auth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const tokenUrl = 'https://auth.example.com/oauth/token';
const clientSecret = process.env.CLIENT_SECRET ?? '';

// #region downstream
// The user signed in to the web app earlier (handleCallback stored the token under this subject).
const store = new FileTokenStore({ path: '.tokens.json' });
const userAuth = oauth2Auth({ grant: 'authorization_code', tokenUrl, clientId: 'web-app', clientSecret, subject: 'user-42', store });

// The orders API takes only tokens issued for it: exchange the user's current token for one.
const ordersAuth = oauth2Auth({
  grant: 'token_exchange',
  tokenUrl,
  clientId: 'web-app',
  clientSecret,
  subjectToken: userAuth, // its current access token, refreshed by userAuth as needed
  audience: 'https://orders.example.com',
  scope: ['orders:read'],
  store,
});
const orders = authFetch(ordersAuth, { origins: ['https://orders.example.com'] });
console.log((await orders('https://orders.example.com/v1/orders')).status);
// #endregion downstream

// #region incoming
// An API that calls another one for its caller: the bearer token it received is the subject.
async function stockFor(callerToken: string): Promise<Response> {
  const auth = oauth2Auth({
    grant: 'token_exchange',
    tokenUrl,
    clientId: 'orders-api',
    clientSecret,
    subjectToken: callerToken, // a fingerprint of it is in the cache key: one exchange per caller token
    audience: 'https://inventory.example.com',
  });
  try {
    return await authFetch(auth, { origins: ['https://inventory.example.com'] })('https://inventory.example.com/v1/stock');
  } finally {
    await auth.close();
  }
}
// #endregion incoming

// #region function
// A workload token that the platform rewrites on disk: read again for each exchange.
const workloadAuth = oauth2Auth({
  grant: 'token_exchange',
  tokenUrl,
  clientId: 'orders-api',
  clientSecret,
  subjectToken: async () => (await readFile('/var/run/secrets/tokens/workload', 'utf8')).trim(),
  subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
  subject: 'workload:orders-api', // needed with a function: it names the cached token
  audience: 'https://inventory.example.com',
});
// #endregion function

export { stockFor, workloadAuth };
