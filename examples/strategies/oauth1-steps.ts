// The three steps one at a time, for a web app that receives the callback on its own route
// (docs/strategies/oauth1.md), type-checked by `npm test` (examples/tsconfig.json).
import { oauth1AuthorizeUrl, requestTemporaryCredentials, requestTokenCredentials, type OAuth1TokenCredentials } from 'authwire/oauth1';

const consumer = { consumerKey: process.env.CONSUMER_KEY ?? '', consumerSecret: process.env.CONSUMER_SECRET ?? '' };
const pending = new Map<string, OAuth1TokenCredentials>();

// #region start
/** GET /login: where to send the user. */
export async function startLogin(): Promise<string> {
  const temporary = await requestTemporaryCredentials({
    ...consumer,
    requestTokenUrl: 'https://api.example.com/oauth/request_token',
    callback: 'https://app.example.com/oauth/callback',
  });
  pending.set(temporary.token, temporary); // keep it server-side, in the user's session
  return oauth1AuthorizeUrl({ authorizeUrl: 'https://api.example.com/oauth/authorize', token: temporary.token });
}
// #endregion start

// #region finish
/** GET /oauth/callback?oauth_token=...&oauth_verifier=... */
export async function finishLogin(callback: URL): Promise<OAuth1TokenCredentials> {
  const temporary = pending.get(callback.searchParams.get('oauth_token') ?? '');
  if (temporary === undefined) throw new Error('unknown or expired sign-in');
  pending.delete(temporary.token);
  return requestTokenCredentials({
    ...consumer,
    accessTokenUrl: 'https://api.example.com/oauth/access_token',
    temporaryCredentials: temporary,
    verifier: callback.searchParams.get('oauth_verifier') ?? '',
  });
}
// #endregion finish
