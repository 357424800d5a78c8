// The code of docs/config.md, type-checked by `npm test` (examples/tsconfig.json).
declare const text: string; // a config file read as text

// #region create-auth
import { createAuth, parseAuthConfig } from 'authwire';

const auth = createAuth({ type: 'apiKey', key: { env: 'API_KEY' }, in: 'header', name: 'X-API-Key' });

// Untrusted input: every problem is reported at once, with its path.
const config = parseAuthConfig(JSON.parse(text));
// AuthError ERR_AUTH_INVALID_CONFIG: "bearer.token: expected a non-empty string or { "env": "NAME" }; bearer: unknown key "tokne""
// #endregion create-auth

export { auth, config };
