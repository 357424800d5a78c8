// The three-legged flow of docs/strategies/oauth1.md, type-checked by `npm test` (examples/tsconfig.json).
// #region login
import { spawn } from 'node:child_process';
import { oauth1Auth } from 'authwire';
import { authFetch } from 'authwire/fetch';
import { oauth1Login } from 'authwire/oauth1';

const consumer = { consumerKey: process.env.CONSUMER_KEY ?? '', consumerSecret: process.env.CONSUMER_SECRET ?? '' };
const credentials = await oauth1Login({
  ...consumer,
  requestTokenUrl: 'https://api.example.com/oauth/request_token',
  authorizeUrl: 'https://api.example.com/oauth/authorize',
  accessTokenUrl: 'https://api.example.com/oauth/access_token',
  open: (url) => {
    spawn('xdg-open', [url], { stdio: 'ignore', detached: true }).unref();
  },
  signal: AbortSignal.timeout(120_000),
});
console.log(credentials); // OAuth1TokenCredentials { kind: 'token', token: '[REDACTED]', tokenSecret: '[REDACTED]', params: { ... } }
const api = authFetch(oauth1Auth({ ...consumer, token: credentials.token, tokenSecret: credentials.tokenSecret }));
await api('https://api.example.com/1.1/account/verify_credentials.json');
// #endregion login
