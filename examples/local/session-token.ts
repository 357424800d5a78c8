// Runnable: a session-token login with authFetch, against a login endpoint and an API that this
// file starts on 127.0.0.1. Concurrent requests share one login; when the server drops the session,
// the next request gets a 401, authwire logs in once more and retries it.
// Shown in docs/strategies/session-token.md; run by test/examples/run-examples.test.ts.
import { randomUUID } from 'node:crypto';
import { json, listen } from './server.js';

let logins = 0;
const sessions = new Set<string>();
const server = await listen((request, body, response) => {
  if (request.method === 'POST' && request.url === '/api/session') {
    const { username, password } = JSON.parse(body) as { username?: string; password?: string };
    if (username !== 'robot' || password !== 'hunter2') return json(response, 401, { error: 'bad credentials' });
    logins += 1;
    const id = randomUUID();
    sessions.add(id);
    return json(response, 200, { data: { session: { id } } });
  }
  const session = request.headers['x-session-token'];
  json(response, typeof session === 'string' && sessions.has(session) ? 200 : 401, { path: request.url });
});
const baseUrl = server.url;

// #region local
import { sessionTokenAuth } from 'authwire';
import { authFetch } from 'authwire/fetch';

const auth = sessionTokenAuth({
  login: { url: `${baseUrl}/api/session`, json: { username: 'robot', password: 'hunter2' } },
  tokenPath: 'data.session.id',
  expiresIn: 'PT1H',
  inject: { in: 'header', name: 'X-Session-Token' },
});
const api = authFetch(auth, { origins: [baseUrl] });

const statuses = await Promise.all(['/api/card', '/api/user', '/api/database'].map(async (path) => (await api(`${baseUrl}${path}`)).status));
console.log(`statuses ${statuses.join(', ')}; logins: ${logins}`);
// statuses 200, 200, 200; logins: 1

sessions.clear(); // the server forgets every session (a restart, say)
console.log(`after the server dropped the session: ${(await api(`${baseUrl}/api/card`)).status}; logins: ${logins}`);
// after the server dropped the session: 200; logins: 2

await auth.close();
// #endregion local

await server.close();
