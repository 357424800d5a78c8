// Runnable: an authenticator from JSON config (as read from a file), with its secret from the
// environment, against an API this file starts on 127.0.0.1; then what a mistyped config reports.
// Shown in docs/config.md; run by test/examples/run-examples.test.ts.
import { json, listen } from './server.js';

const server = await listen((request, _body, response) => json(response, 200, { received: request.headers['x-api-key'] ?? null }));
const apiUrl = `${server.url}/reports`;

// #region from-json
import { createAuth, isAuthError, parseAuthConfig } from 'authwire';
import { authFetch } from 'authwire/fetch';

const text = '{ "type": "apiKey", "key": { "env": "REPORTS_API_KEY" }, "in": "header", "name": "X-API-Key" }';
const auth = createAuth(parseAuthConfig(JSON.parse(text)), { env: { REPORTS_API_KEY: 'k-123' } });
console.log(await (await authFetch(auth)(apiUrl)).json());
// { received: 'k-123' }

try {
  parseAuthConfig(JSON.parse('{ "type": "bearer", "tokne": "abc" }'));
} catch (error) {
  if (!isAuthError(error, 'ERR_AUTH_INVALID_CONFIG')) throw error;
  console.log(error.message);
}
// bearer.token: expected a non-empty string or { "env": "NAME" }; bearer: unknown key "tokne"
// #endregion from-json

await server.close();
