// The delegation example of docs/oauth2/token-exchange.md, type-checked by `npm test` (examples/tsconfig.json).
import { oauth2Auth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const tokenUrl = 'https://auth.example.com/oauth/token';
const clientSecret = process.env.CLIENT_SECRET ?? '';

// #region delegation
// The orders API acts for a user: the user's token is the subject, the service's own token the actor.
const serviceAuth = oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId: 'orders-api', clientSecret, scope: ['inventory:act'] });

function actingFor(userToken: string) {
  return oauth2Auth({
    grant: 'token_exchange',
    tokenUrl,
    clientId: 'orders-api',
    clientSecret,
    subjectToken: userToken,
    actorToken: serviceAuth, // its current access token, sent as actor_token
    requestedTokenType: 'urn:ietf:params:oauth:token-type:jwt',
    audience: 'https://inventory.example.com',
  });
}

const auth = actingFor(process.env.USER_TOKEN ?? '');
const inventory = authFetch(auth, { origins: ['https://inventory.example.com'] });
console.log((await inventory('https://inventory.example.com/v1/reservations', { method: 'POST', body: '{}' })).status);
await auth.close();
await serviceAuth.close();
// #endregion delegation
