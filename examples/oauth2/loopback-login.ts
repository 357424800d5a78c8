// login.ts — `my-cli login`
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { FileTokenStore, loopbackLogin, oauth2Auth, type AuthorizationCodeOptions } from 'authwire';
import { authFetch } from 'authwire/fetch';

const options: AuthorizationCodeOptions = {
  authorizationEndpoint: 'https://auth.example.com/authorize',
  tokenUrl: 'https://auth.example.com/token',
  issuer: 'https://auth.example.com',
  clientId: 'my-cli',                                   // a public client: no secret in a CLI
  scope: ['openid', 'offline_access', 'api:read'],
  store: new FileTokenStore({ path: `${homedir()}/.my-cli/tokens.json` }),
};

if (process.argv[2] === 'login') {
  const { profile, authenticator } = await loopbackLogin({
    ...options,
    profile: { url: 'https://auth.example.com/userinfo' },
    open: (url) => {
      console.error('Opening your browser to sign in...');
      const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
      spawn(opener, [url], { stdio: 'ignore', detached: true }).unref();
    },
    signal: AbortSignal.timeout(5 * 60_000),
  });
  console.error(`Signed in as ${profile?.email ?? profile?.id ?? 'you'}.`);
  await authenticator.close();
} else {
  // Every later run: the stored token, refreshed through the refresh token when it expires.
  const auth = oauth2Auth({ grant: 'authorization_code', ...options });
  const api = authFetch(auth, { origins: ['https://api.example.com'] });
  console.log(await (await api('https://api.example.com/me')).json());
  await auth.close();
}
