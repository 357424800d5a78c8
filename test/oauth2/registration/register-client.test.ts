import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptedTokenStore, FileTokenStore, isAuthError, MemoryTokenStore, oauth2Auth, registerClient, type ClientMetadata } from '../../../src/index.js';
import { startServer, type TestServer } from '../../servers/http-server.js';
import { startRedisOrSkip, type RedisServer } from '../../servers/redis.js';
import { startDiscoveryServer, type DiscoveryServer } from '../../servers/oidc-discovery.js';

const machine: ClientMetadata = { client_name: 'reports job', grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic', scope: 'api:read' };
const native: ClientMetadata = { client_name: 'my cli', application_type: 'native', redirect_uris: ['http://127.0.0.1/callback'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };

let oidc: DiscoveryServer;
let tampered: DiscoveryServer;
let directory: string;

beforeAll(async () => {
  oidc = await startDiscoveryServer();
  tampered = await startDiscoveryServer({ tamperRegistration: (body) => ({ ...body, redirect_uris: ['http://attacker.example/callback'] }) });
  directory = mkdtempSync(join(tmpdir(), 'authwire-registration-'));
});
afterAll(async () => {
  await Promise.all([oidc.close(), tampered.close()]);
  rmSync(directory, { recursive: true, force: true });
});

async function caught(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error: unknown = await promise.then(() => undefined, (thrown: unknown) => thrown);
  if (!isAuthError(error)) throw new Error(`expected an AuthError, got ${String(error)}`);
  return { code: error.code, message: error.message, ...error.details };
}

describe('registerClient against oidc-provider', () => {
  it('registers through the issuer\'s registration_endpoint, and the registered client gets tokens', async () => {
    const before = oidc.registrations.length;
    const client = await registerClient(machine, { issuer: oidc.issuer });
    expect(client.source).toBe('registered');
    expect(client.clientSecret).toEqual(expect.any(String));
    expect(client.clientAuth).toBe('client_secret_basic');
    expect(oidc.registrations.slice(before)).toEqual([expect.objectContaining({ client_name: 'reports job', grant_types: ['client_credentials'] })]);
    const auth = oauth2Auth({ grant: 'client_credentials', tokenUrl: oidc.tokenUrl, clientId: client.clientId, clientSecret: client.clientSecret ?? '', scope: ['api:read'], resource: 'http://127.0.0.1/api' });
    const token = await auth.getToken();
    expect(await oidc.introspect(token.accessToken)).toMatchObject({ scope: 'api:read', audience: 'http://127.0.0.1/api' });
    await auth.close();
  });

  it('keeps the registration in the store: a second call reads it and sends nothing', async () => {
    const inner = new MemoryTokenStore();
    const store = new EncryptedTokenStore({ store: inner, keys: { k1: Buffer.alloc(32, 7) }, currentKeyId: 'k1' });
    const before = oidc.registrations.length;
    const first = await registerClient(native, { registrationUrl: oidc.registrationUrl, store });
    const second = await registerClient(native, { registrationUrl: oidc.registrationUrl, store });
    expect(oidc.registrations.length - before).toBe(1);
    expect(second).toMatchObject({ clientId: first.clientId, source: 'stored', registrationAccessToken: first.registrationAccessToken });
    // The registration access token is in the record's encrypted fields, not in clear beside it.
    const raw = JSON.stringify(await inner.get(`client-registration:${oidc.registrationUrl}`));
    expect(first.registrationAccessToken).toEqual(expect.any(String));
    expect(raw).not.toContain(first.registrationAccessToken);
    expect(raw).toContain(first.clientId);
  });

  it('refuses a registration response whose redirect URI is plain http to another host, and stores nothing', async () => {
    const store = new MemoryTokenStore();
    const error = await caught(registerClient(native, { registrationUrl: tampered.registrationUrl, store }));
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', reason: 'insecure_redirect_uri' });
    expect(String(error['message'])).not.toContain('attacker.example');
    expect(await store.get(`client-registration:${tampered.registrationUrl}`)).toBeUndefined();
  });

  it('surfaces the server\'s error code for metadata it refuses', async () => {
    const error = await caught(registerClient({ redirect_uris: ['not a uri'] }, { registrationUrl: oidc.registrationUrl }));
    expect(error).toMatchObject({ code: 'ERR_AUTH_TOKEN_REQUEST_FAILED', reason: 'status', status: 400, error: 'invalid_redirect_uri' });
  });

  it('uses one registration across processes sharing a file store', async () => {
    const { runRegistrations } = await import('./fixtures/run-children.js');
    const path = join(directory, 'shared.json');
    const before = oidc.registrations.length;
    const clientIds = await runRegistrations(4, { registrationUrl: oidc.registrationUrl, storePath: path });
    expect(new Set(clientIds).size).toBe(1);
    expect(oidc.registrations.length - before).toBe(1);
    const stored = await new FileTokenStore({ path }).get(`client-registration:${oidc.registrationUrl}`);
    expect(stored?.extra?.['clientId']).toBe(clientIds[0]);
  });

  describe('with Redis', () => {
    let redis: RedisServer | undefined;
    beforeAll(async () => {
      redis = await startRedisOrSkip('the shared Redis registration test');
    });
    afterAll(async () => {
      await redis?.close();
    });

    it('uses one registration across processes sharing a Redis store', async (context) => {
      if (redis === undefined) return context.skip('redis-server is not installed');
      const { runRegistrations } = await import('./fixtures/run-children.js');
      const before = oidc.registrations.length;
      const clientIds = await runRegistrations(4, { registrationUrl: oidc.registrationUrl, redisUrl: redis.url, prefix: `registration-${Date.now()}:` });
      expect(new Set(clientIds).size).toBe(1);
      expect(oidc.registrations.length - before).toBe(1);
    });
  });
});

describe('client ID metadata documents', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  function advertise(supported: boolean): void {
    server.handle((request, response) => {
      if (request.url === '/.well-known/oauth-authorization-server') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ issuer: server.origin, token_endpoint: `${server.origin}/token`, registration_endpoint: `${server.origin}/reg`, client_id_metadata_document_supported: supported }));
        return;
      }
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ client_id: 'registered-id', redirect_uris: native.redirect_uris }));
    });
  }

  it('uses the document URL as the client id where the server supports it, registering nothing', async () => {
    advertise(true);
    const before = server.requests.length;
    const client = await registerClient(native, { issuer: server.origin, clientIdMetadataDocument: 'https://app.example.com/oauth/client.json' });
    expect(client).toMatchObject({ clientId: 'https://app.example.com/oauth/client.json', source: 'metadata_document' });
    expect(server.requests.slice(before).map((request) => request.method)).toEqual(['GET']);
  });

  it('registers where the server does not support them', async () => {
    advertise(false);
    const client = await registerClient(native, { issuer: server.origin, clientIdMetadataDocument: 'https://app.example.com/oauth/client.json' });
    expect(client).toMatchObject({ clientId: 'registered-id', source: 'registered' });
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', url: '/reg' });
  });
});
