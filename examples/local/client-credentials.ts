// Runnable: OAuth2 client_credentials with authFetch, against a token endpoint and an API that
// this file starts on 127.0.0.1. 100 concurrent requests make one token request; a 401 for a
// revoked token makes one more, and the request is retried once with the new token.
// Shown in docs/oauth2/client-credentials.md; run by test/examples/run-examples.test.ts.
import { json, listen } from './server.js';

let tokensIssued = 0;
const valid = new Set<string>();
const tokenServer = await listen((request, body, response) => {
  const client = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
  const params = new URLSearchParams(body);
  if (client !== 'reporting:s3cr3t' || params.get('grant_type') !== 'client_credentials') return json(response, 401, { error: 'invalid_client' });
  const token = `token-${++tokensIssued}`;
  valid.add(token);
  json(response, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: params.get('scope') });
});
const apiServer = await listen((request, _body, response) => {
  const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
  if (!valid.has(token)) return json(response, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
  json(response, 200, { token });
});
const tokenUrl = `${tokenServer.url}/oauth/token`;
const apiUrl = `${apiServer.url}/reports`;

// #region local
import { oauth2Auth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl, clientId: 'reporting', clientSecret: 's3cr3t', scope: ['reports:read'] });
const api = authFetch(auth, { origins: [new URL(apiUrl).origin] });

const responses = await Promise.all(Array.from({ length: 100 }, () => api(apiUrl)));
console.log(`${responses.length} requests: ${[...new Set(responses.map((response) => response.status))].join(', ')}; token requests: ${tokensIssued}`);
// 100 requests: 200; token requests: 1

valid.clear(); // the server revokes every token: the next request gets a 401
const retried = await api(apiUrl);
console.log(`after revocation: ${retried.status} with ${(await retried.json()).token}; token requests: ${tokensIssued}`);
// after revocation: 200 with token-2; token requests: 2

await auth.close();
// #endregion local

await Promise.all([tokenServer.close(), apiServer.close()]);
