import { AuthError, invalidConfig } from '../../errors.js';
import { fetchText } from '../../http/fetch-text.js';
import type { TokenStore, TokenStoreLock } from '../../stores/token-store.js';
import { storeError } from '../../token-manager/store-io.js';
import { sleep } from '../../token-manager/timers.js';
import { checkEndpointUrl } from '../endpoint-url.js';
import { requestSignal } from '../request-signal.js';
import { discoverAuthorizationServer } from '../server-metadata.js';
import { clientFromRecord, readRegistration, registrationRecord } from './registration-response.js';
import type { ClientMetadata, RegisterClientOptions, RegisteredClient } from './types.js';

const LEASE_MS = 30_000;

/**
 * Registers an OAuth client dynamically (RFC 7591) — or, where the issuer's metadata says
 * `client_id_metadata_document_supported` and `clientIdMetadataDocument` is given, uses that
 * document's URL as the client id without registering. With a `store`, the registered client is
 * kept there and reused: processes sharing the store register once, under the store's lock (the
 * others wait, then read the registration). A stored client whose secret has expired is
 * registered again.
 *
 * The response is checked before use: a `client_id`, and redirect URIs only those asked for and
 * never plain `http:` to a host other than loopback. Failures are `ERR_AUTH_TOKEN_REQUEST_FAILED`
 * with `details.reason` (`status`, `insecure_redirect_uri`, `redirect_uris`, `no_client_id`,
 * `not_json`, `no_registration_endpoint`); a server error's `error` code is in `details.error`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7591
 * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/
 * @example
 * ```ts
 * import { FileTokenStore, discoverAuthorizationServer, loopbackLogin, registerClient } from 'authwire';
 *
 * const store = new FileTokenStore({ path: `${homedir()}/.my-cli/tokens.json` });
 * const server = await discoverAuthorizationServer('https://auth.example.com');
 * const client = await registerClient(
 *   { client_name: 'My CLI', redirect_uris: ['http://127.0.0.1/callback'], token_endpoint_auth_method: 'none', application_type: 'native' },
 *   { issuer: server.issuer, store },
 * );
 * await loopbackLogin({ ...server, clientId: client.clientId, scope: ['openid'], store });
 * ```
 */
export async function registerClient(metadata: ClientMetadata, options: RegisterClientOptions): Promise<RegisteredClient> {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw invalidConfig('metadata', 'a client metadata object (RFC 7591 §2)');
  if (typeof options !== 'object' || options === null) throw invalidConfig('options', 'an options object with registrationUrl or issuer');
  const allowInsecureHttp = options.allowInsecureHttp === true;
  if (options.registrationUrl === undefined && options.issuer === undefined) throw invalidConfig('registrationUrl', 'a registration endpoint URL (or issuer)');
  let registrationUrl = options.registrationUrl === undefined ? undefined : checkEndpointUrl(options.registrationUrl, 'registrationUrl', allowInsecureHttp);
  if (options.clientIdMetadataDocument !== undefined || registrationUrl === undefined) {
    const server = await discoverAuthorizationServer(options.issuer ?? '', options);
    if (options.clientIdMetadataDocument !== undefined && server.clientIdMetadataDocumentSupported) {
      const url = checkEndpointUrl(options.clientIdMetadataDocument, 'clientIdMetadataDocument', false);
      return { clientId: url.href, metadata: {}, source: 'metadata_document' };
    }
    if (registrationUrl === undefined) {
      if (server.registrationUrl === undefined) {
        throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `the authorization server ${new URL(server.issuer).origin} offers no client registration`, {
          details: { retryable: false, reason: 'no_registration_endpoint' },
        });
      }
      registrationUrl = new URL(server.registrationUrl);
    }
  }
  const target = registrationUrl;
  const store = options.store;
  if (store === undefined) return register(metadata, target, options);
  const key = options.storeKey ?? `client-registration:${target.href}`;
  const stored = await read(store, key);
  if (stored.client !== undefined) return stored.client;
  const lock = await waitForLock(store, key, options);
  if ('client' in lock) return lock.client;
  try {
    const current = await read(store, key);
    if (current.client !== undefined) return current.client;
    const client = await register(metadata, target, options);
    try {
      await store.set(key, registrationRecord(client, current.version + 1));
    } catch (error) {
      throw storeError('writing the client registration', error);
    }
    return client;
  } finally {
    await lock.held?.release().catch(() => undefined);
  }
}

async function read(store: TokenStore, key: string): Promise<{ readonly client: RegisteredClient | undefined; readonly version: number }> {
  try {
    const record = await store.get(key);
    return { client: clientFromRecord(record), version: record?.version ?? 0 };
  } catch (error) {
    throw storeError('reading the client registration', error);
  }
}

/** The store's lock on `key`, or the client another process registered while this one waited. A store without a lock registers unguarded. */
async function waitForLock(store: TokenStore, key: string, options: RegisterClientOptions): Promise<{ readonly held: TokenStoreLock | undefined } | { readonly client: RegisteredClient }> {
  if (store.lock === undefined) return { held: undefined };
  const waitMs = options.lockWaitMs ?? 30_000;
  const deadline = Date.now() + waitMs;
  let delay = 20;
  for (;;) {
    let held: TokenStoreLock | undefined;
    try {
      held = await store.lock(key, LEASE_MS);
    } catch (error) {
      throw storeError('taking the client registration lock', error);
    }
    if (held !== undefined) return { held };
    const { client } = await read(store, key);
    if (client !== undefined) return { client };
    if (Date.now() > deadline) {
      throw new AuthError('ERR_AUTH_TIMEOUT', `client registration: another process held the store's lock for more than ${waitMs} ms`, { details: { retryable: true, waitMs } });
    }
    await sleep(delay * (0.5 + Math.random()), options.signal);
    delay = Math.min(delay * 2, 500);
  }
}

async function register(metadata: ClientMetadata, url: URL, options: RegisterClientOptions): Promise<RegisteredClient> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  const secrets: string[] = [];
  if (options.initialAccessToken !== undefined) {
    if (typeof options.initialAccessToken !== 'string' || options.initialAccessToken === '') throw invalidConfig('initialAccessToken', 'a non-empty string');
    headers['Authorization'] = `Bearer ${options.initialAccessToken}`;
    secrets.push(options.initialAccessToken);
  }
  const fetch = options.fetch ?? ((input: URL, init: RequestInit) => globalThis.fetch(input, init));
  const request = requestSignal(options.timeoutMs ?? 30_000, 'the client registration request', options.signal);
  try {
    const response = await fetchText({
      url,
      init: { method: 'POST', headers, body: JSON.stringify(metadata) },
      fetch,
      signal: request.signal,
      what: `client registration request to ${url.origin}`,
      secrets,
      retryable: false,
    });
    const body = parse(response.text);
    if (response.status !== 201 && response.status !== 200) {
      const error = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['error'] : undefined;
      throw new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `client registration request to ${url.origin} failed: HTTP ${response.status}${typeof error === 'string' && /^[\w.-]{1,64}$/.test(error) ? ` (${error})` : ''}`, {
        details: { retryable: response.status >= 500, reason: 'status', status: response.status, ...(typeof error === 'string' ? { error } : {}) },
      });
    }
    return readRegistration(body, metadata);
  } finally {
    request.done();
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
