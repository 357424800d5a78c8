// google-service-account.ts — run with: GOOGLE_APPLICATION_CREDENTIALS=./service-account.json node google-service-account.js
import { readFileSync } from 'node:fs';
import { oauth2Auth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const auth = oauth2Auth({
  grant: 'jwt_bearer',
  serviceAccount: readFileSync(process.env.GOOGLE_APPLICATION_CREDENTIALS ?? 'service-account.json', 'utf8'),
  scope: ['https://www.googleapis.com/auth/cloud-platform.read-only'],
  // assertion: { subject: 'admin@example.com' }, // domain-wide delegation: act for this user
});

const api = authFetch(auth, { origins: ['https://cloudresourcemanager.googleapis.com'] });
const response = await api('https://cloudresourcemanager.googleapis.com/v1/projects');
console.log(response.status, await response.json());
await auth.close();
