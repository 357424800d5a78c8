// Runnable: a bearer token with authFetch, against an API this file starts on 127.0.0.1. The API
// redirects /moved to another origin (another port); authwire follows the redirect without the token.
// Shown in docs/adapters/fetch.md; run by test/examples/run-examples.test.ts.
import { json, listen } from './server.js';

// Another origin, which reports the Authorization header it received.
const elsewhere = await listen((request, _body, response) => json(response, 200, { authorization: request.headers.authorization ?? null }));
// The API: /moved redirects to the other origin; everything else wants the token.
const apiServer = await listen((request, _body, response) => {
  if (request.url === '/moved') return void response.writeHead(302, { location: `${elsewhere.url}/landing` }).end();
  const ok = request.headers.authorization === 'Bearer s3cr3t';
  json(response, ok ? 200 : 401, { ok });
});
const apiUrl = apiServer.url;

// #region redirect
import { bearerAuth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const fetchWithAuth = authFetch(bearerAuth({ token: 's3cr3t' }), { origins: [apiUrl] });

const items = await fetchWithAuth(`${apiUrl}/items`);
console.log('GET /items:', items.status, await items.json());
// GET /items: 200 { ok: true }

const moved = await fetchWithAuth(`${apiUrl}/moved`); // 302 to another origin
console.log('GET /moved ->', new URL(moved.url).pathname, await moved.json());
// GET /moved -> /landing { authorization: null }
// #endregion redirect

await Promise.all([apiServer.close(), elsewhere.close()]);
