// The code of docs/migration/badgateway-oauth2-client.md, type-checked by `npm test` (examples/tsconfig.json).
import type { OAuth2Token } from '@badgateway/oauth2-client';

const clientSecret = process.env.CLIENT_SECRET ?? '';
declare function save(token: OAuth2Token): void;
declare function load(): Promise<OAuth2Token | null>;

// #region before
import { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client';

const client = new OAuth2Client({ server: 'https://auth.example.com/', clientId: 'app', clientSecret, tokenEndpoint: '/token' });
const wrapper = new OAuth2Fetch({
  client,
  getNewToken: () => client.clientCredentials(),
  storeToken: (token) => save(token),
  getStoredToken: () => load(),
});
const response = await wrapper.fetch('https://api.example.com/reports');
// #endregion before

export { response };
