// The code of docs/providers.md, type-checked by `npm test` (examples/tsconfig.json).
import { FileTokenStore } from 'authwire';
import { slackAuth } from 'authwire/providers';
import { authFetch } from 'authwire/fetch';

const clientId = process.env.SLACK_CLIENT_ID ?? '';
const clientSecret = process.env.SLACK_CLIENT_SECRET ?? '';
const refreshToken = process.env.SLACK_REFRESH_TOKEN ?? '';
const store = new FileTokenStore({ path: '.tokens.json' });

// #region slack
const bot = slackAuth({ token: process.env.SLACK_BOT_TOKEN ?? '' });
const rotating = slackAuth({ clientId, clientSecret, refreshToken, store });
await authFetch(rotating)('https://slack.com/api/auth.test', { method: 'POST' });
// #endregion slack

export { bot };
