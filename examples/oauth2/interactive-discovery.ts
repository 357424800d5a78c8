// A CLI that knows only the API's URL: the API's 401 names its metadata (RFC 9728), which names
// the authorization server; the CLI registers itself there once (RFC 7591, kept in the store for
// every later run and every process sharing the file) and the user signs in in the browser.
import { homedir } from 'node:os';
import { FileTokenStore, interactiveAuth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const auth = interactiveAuth({
  // No clientId: registered with these metadata on first use.
  registration: {
    client_name: 'files-cli',
    application_type: 'native',
    redirect_uris: ['http://127.0.0.1/callback'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  },
  scope: ['offline_access'],
  authorizationServers: ['https://auth.example.com'], // refuse a resource that names another
  store: new FileTokenStore({ path: `${homedir()}/.files-cli/tokens.json` }),
  open: (url) => console.error(`Sign in: ${url}`),
});
const api = authFetch(auth, { origins: ['https://files.example.com'] });

const files = await api('https://files.example.com/v1/files'); // 401 → discovery → sign-in → 200
console.log(files.status, auth.current()?.scope);
await auth.close();
