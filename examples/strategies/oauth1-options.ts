// The options shown in docs/strategies/oauth1.md, type-checked by `npm test` (examples/tsconfig.json).
import { readFileSync } from 'node:fs';
import { oauth1Auth } from 'authwire';

// #region rsa
const jira = oauth1Auth({
  consumerKey: 'authwire-jira-client',
  privateKey: readFileSync('jira_privatekey.pem', 'utf8'),
  token: process.env.JIRA_ACCESS_TOKEN ?? '',
});
// #endregion rsa

// #region placement
const inQuery = oauth1Auth({
  consumerKey: process.env.CONSUMER_KEY ?? '',
  consumerSecret: process.env.CONSUMER_SECRET ?? '',
  signatureMethod: 'HMAC-SHA256',
  placement: 'query',
  realm: 'Photos',
  bodyHash: false,
});
// #endregion placement

export { inQuery, jira };
