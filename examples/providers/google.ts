// The code of docs/providers.md, type-checked by `npm test` (examples/tsconfig.json).
import { googleAuth } from 'authwire/providers';
import { authFetch } from 'authwire/fetch';

const clientId = process.env.GOOGLE_CLIENT_ID ?? '';
const clientSecret = process.env.GOOGLE_CLIENT_SECRET ?? '';
const refreshToken = process.env.GOOGLE_REFRESH_TOKEN ?? '';

// #region google
import { readFileSync } from 'node:fs';

const robot = googleAuth({
  serviceAccount: readFileSync('service-account.json', 'utf8'),
  scope: ['https://www.googleapis.com/auth/drive.readonly'],
  subject: 'admin@example.com', // optional: domain-wide delegation
});
const person = googleAuth({ clientId, clientSecret, refreshToken }); // consented with access_type=offline
await authFetch(robot)('https://www.googleapis.com/drive/v3/files');
// #endregion google

export { person };
