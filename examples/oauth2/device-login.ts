// The code of docs/oauth2/device-flow.md, type-checked by `npm test` (examples/tsconfig.json).

// #region device-login
// device-login.ts
import { deviceLogin, FileTokenStore, oauth2Auth, type DeviceCodeOptions } from 'authwire';

const options: DeviceCodeOptions = {
  deviceAuthorizationUrl: 'https://auth.example.com/oauth/device/code',
  tokenUrl: 'https://auth.example.com/oauth/token',
  clientId: 'my-tv-app',
  scope: ['openid', 'offline_access'],
  store: new FileTokenStore({ path: '.tokens.json' }),
};

const { authenticator } = await deviceLogin({
  ...options,
  onUserCode: ({ userCode, verificationUri, verificationUriComplete, expiresAt }) => {
    console.error(`On your phone or computer, open ${verificationUri} and enter ${userCode}`);
    if (verificationUriComplete !== undefined) console.error(`(or scan a QR code of ${verificationUriComplete})`);
    console.error(`The code expires at ${new Date(expiresAt).toLocaleTimeString()}.`);
  },
  signal: AbortSignal.timeout(15 * 60_000),
});
await authenticator.close();

// Later runs: the stored token, refreshed as needed.
const auth = oauth2Auth({ grant: 'device_code', ...options });
// #endregion device-login

export { auth };
