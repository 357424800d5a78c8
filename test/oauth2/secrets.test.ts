// No client secret, password, assertion, refresh token or access token in any error, its JSON,
// its util.inspect form, its stack, onError events — even when the server echoes them back.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAuthError, MemoryTokenStore, oauth2Auth, tokenChannelNames, type OAuth2AuthOptions, type TokenErrorEvent } from '../../src/index.js';
import { send } from '../servers/auth-client.js';
import { startTokenServer, type TokenReply, type TokenServer } from '../servers/token-server.js';

const clientSecret = 'client-secret-VALUE-1234';
const password = 'password-VALUE-5678';
const refreshToken = 'refresh-token-VALUE-9012';
const leakedAccessToken = 'access-token-VALUE-3456';
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

let server: TokenServer;
const sentSecrets = new Set<string>([clientSecret, password, refreshToken, leakedAccessToken]);
const diagnostics: unknown[] = [];
const onDiagnostic = (message: unknown): void => {
  diagnostics.push(message);
};

beforeAll(async () => {
  server = await startTokenServer();
  subscribe(tokenChannelNames.error, onDiagnostic);
});
afterAll(async () => {
  unsubscribe(tokenChannelNames.error, onDiagnostic);
  await server.close();
});

/** Echoes every parameter it received (and the Authorization header) back in its error. */
function echoing(status: number, error: string): (request: { body: string; headers: Record<string, unknown> }) => TokenReply {
  return (request) => {
    const form = new URLSearchParams(request.body);
    for (const name of ['assertion', 'client_assertion']) {
      const value = form.get(name);
      if (value !== null) sentSecrets.add(value);
    }
    return { status, body: { error, error_description: `you sent ${request.body} with ${String(request.headers.authorization)} and ${leakedAccessToken}` } };
  };
}

function everyView(error: unknown): string {
  const plain = error as Error;
  return [
    plain.message, plain.stack, String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }),
    inspect(plain.cause, { depth: 10, showHidden: true }), JSON.stringify((error as { details?: unknown }).details),
  ].join('\n');
}

function expectClean(text: string): void {
  for (const secret of sentSecrets) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
  }
}

const scenarios: Array<[string, () => Partial<OAuth2AuthOptions> & { grant: OAuth2AuthOptions['grant'] }, TokenServer extends never ? never : (request: { body: string; headers: Record<string, unknown> }) => TokenReply]> = [
  ['client_secret_basic, invalid_client echoed', () => ({ grant: 'client_credentials', clientSecret }), echoing(401, 'invalid_client')],
  ['client_secret_post, server error echoed', () => ({ grant: 'client_credentials', clientSecret, clientAuth: 'client_secret_post' }), echoing(500, 'server_error')],
  ['client_secret_jwt, invalid_client echoed', () => ({ grant: 'client_credentials', clientSecret, clientAuth: 'client_secret_jwt' }), echoing(401, 'invalid_client')],
  ['private_key_jwt, invalid_client echoed', () => ({ grant: 'client_credentials', clientAssertion: { privateKey } }), echoing(401, 'invalid_client')],
  ['refresh_token, invalid_grant echoed', () => ({ grant: 'refresh_token', clientSecret, refreshToken }), echoing(400, 'invalid_grant')],
  ['password, invalid_grant echoed', () => ({ grant: 'password', clientSecret, username: 'alice', password }), echoing(400, 'invalid_grant')],
  ['jwt_bearer, invalid_grant echoed', () => ({ grant: 'jwt_bearer', assertion: { privateKey, issuer: 'svc' } }), echoing(400, 'invalid_grant')],
  ['garbage 200 holding a token', () => ({ grant: 'client_credentials', clientSecret }), () => ({ body: `<html>${leakedAccessToken} ${clientSecret}</html>` })],
  ['malformed 200 JSON holding a token', () => ({ grant: 'refresh_token', refreshToken }), () => ({ body: { token: leakedAccessToken, refresh: refreshToken } })],
];

describe('secrets never appear in errors', () => {
  for (const [name, options, reply] of scenarios) {
    it(name, async () => {
      server.reply((request) => reply(request as unknown as { body: string; headers: Record<string, unknown> }));
      const events: TokenErrorEvent[] = [];
      const auth = oauth2Auth({
        tokenUrl: server.tokenUrl, clientId: 'app', store: new MemoryTokenStore(), backoff: { maxAttempts: 2, initialDelayMs: 1 },
        onError: (event) => events.push(event), ...options(),
      } as OAuth2AuthOptions);
      const thrown = await send(auth, 'http://127.0.0.1:9/never-reached').catch((error: unknown) => error);
      expect(isAuthError(thrown)).toBe(true);
      expectClean(everyView(thrown));
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) expectClean(everyView(event.error));
      expectClean(JSON.stringify(diagnostics));
      // A second call during the cooldown gets a copy of the error: also clean.
      expectClean(everyView(await auth.getToken().catch((error: unknown) => error)));
      expectClean(inspect(auth, { depth: 10, showHidden: true }));
      await auth.close();
    });
  }

  it('network failures and timeouts', async () => {
    const closed = oauth2Auth({ grant: 'client_credentials', tokenUrl: 'http://127.0.0.1:9/token', clientId: 'app', clientSecret, store: new MemoryTokenStore(), backoff: { maxAttempts: 1 } });
    const network = await closed.getToken().catch((error: unknown) => error);
    expect(network).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { retryable: true } });
    expectClean(everyView(network));
    await closed.close();

    server.reply(() => ({ delayMs: 1_000, body: { access_token: leakedAccessToken } }));
    const slow = oauth2Auth({
      grant: 'refresh_token', tokenUrl: server.tokenUrl, clientId: 'app', refreshToken, store: new MemoryTokenStore(), requestTimeoutMs: 50, backoff: { maxAttempts: 1 },
    });
    const timeout = await slow.getToken().catch((error: unknown) => error);
    expect(timeout).toMatchObject({ code: 'ERR_AUTH_TIMEOUT' });
    expectClean(everyView(timeout));
    await slow.close();
  });

  it('the error still says what happened (status, OAuth2 error code, the server’s words with secrets removed)', async () => {
    server.reply(() => ({ status: 400, body: { error: 'invalid_scope', error_description: `scope admin is not allowed for ${clientSecret}` } }));
    const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl: server.tokenUrl, clientId: 'app', clientSecret, store: new MemoryTokenStore() });
    const error = await auth.getToken().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', details: { status: 400, error: 'invalid_scope', retryable: false } });
    expect((error as Error).message).toContain('scope admin is not allowed for [REDACTED]');
    await auth.close();
  });
});
