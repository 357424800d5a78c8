// oidc-provider 9 in-process on 127.0.0.1: a real authorization server for the OAuth2 tests.
// client_credentials (client_secret_basic / client_secret_post / private_key_jwt / client_secret_jwt),
// refresh_token with rotation on (a reused refresh token revokes the grant), and the password
// grant registered through registerGrantType (it issues a refresh token); revocation (RFC 7009)
// and introspection (RFC 7662) on, DPoP (RFC 9449, nonces required) on request; `exchange-client` may use token exchange once a test registers
// it (test/servers/oidc-token-exchange.ts).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors, Provider } from 'oidc-provider';

/** A secret with characters that must be form-encoded before Basic (RFC 6749 §2.3.1). */
export const CLIENT_SECRET = 's3cr3t +/:%&=~x';
export const USERNAME = 'alice';
export const PASSWORD = 'correct horse battery staple';
/** RFC 8693 §2.1. */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

/** oidc-provider's DPoP feature with a nonce required on every proof (RFC 9449 §8). */
export const dpopFeature = { enabled: true, nonceSecret: Buffer.alloc(32, 7), requireNonce: () => true };

export interface OidcServerOptions {
  /** Access-token lifetime, seconds. Default 60. */
  readonly accessTokenTtl?: number;
  /** Public JWK of the private_key_jwt client `jwt-client`. */
  readonly clientPublicJwk?: Record<string, unknown>;
  /** DPoP (RFC 9449) on, with a nonce required on every proof. */
  readonly dpop?: boolean;
}

export interface GrantEvent {
  readonly grantType: string;
  readonly clientId: string | undefined;
  readonly ok: boolean;
  readonly error?: string;
}

/** Records every token-endpoint grant the provider handles, in order. */
export function recordGrantEvents(provider: Provider): GrantEvent[] {
  const events: GrantEvent[] = [];
  const record = (ctx: unknown, error?: unknown): void => {
    const oidc = (ctx as { oidc?: { params?: Record<string, string | undefined>; client?: { clientId: string } } }).oidc;
    events.push({
      grantType: oidc?.params?.grant_type ?? '',
      clientId: oidc?.client?.clientId,
      ok: error === undefined,
      ...(error === undefined ? {} : { error: (error as { error?: string }).error ?? 'unknown' }),
    });
  };
  provider.on('grant.success', (ctx) => record(ctx));
  provider.on('grant.error', (ctx, error) => record(ctx, error));
  return events;
}

export interface OidcServer {
  readonly issuer: string;
  readonly tokenUrl: string;
  readonly provider: Provider;
  /** Every token-endpoint request, in order. */
  readonly events: GrantEvent[];
  /** Every revocation request (RFC 7009), in order: the token, its hint, the answer's status. */
  readonly revocations: Array<{ token: string; hint: string; status: number; dpop?: string }>;
  count(grantType: string, outcome?: 'ok' | 'error'): number;
  /** Whether the server accepts this access token now. */
  isActive(accessToken: string): Promise<boolean>;
  /** The JWK thumbprint the access token is bound to with DPoP; undefined for an unknown or unbound token. */
  boundKey(accessToken: string): Promise<string | undefined>;
  /** A refresh token for `alice` from the password grant (test setup, not through authwire). */
  issueRefreshToken(): Promise<{ accessToken: string; refreshToken: string }>;
  close(): Promise<void>;
}

export async function startOidcServer(options: OidcServerOptions = {}): Promise<OidcServer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ttl = options.accessTokenTtl ?? 60;
  const scope = 'openid offline_access api:read api:write';
  const clients: Record<string, unknown>[] = [
    {
      client_id: 'basic-client', client_secret: CLIENT_SECRET, token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials', 'refresh_token', 'password'], redirect_uris: [], response_types: [], scope,
    },
    {
      client_id: 'exchange-client', client_secret: CLIENT_SECRET, token_endpoint_auth_method: 'client_secret_post',
      grant_types: [TOKEN_EXCHANGE_GRANT, 'refresh_token'], redirect_uris: [], response_types: [], scope,
    },
    {
      client_id: 'post-client', client_secret: CLIENT_SECRET, token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope,
    },
    {
      client_id: 'secret-jwt-client', client_secret: `${CLIENT_SECRET}-long-enough-for-hs256-0123456789`, token_endpoint_auth_method: 'client_secret_jwt',
      grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope,
    },
  ];
  if (options.clientPublicJwk !== undefined) {
    clients.push({
      client_id: 'jwt-client', token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [options.clientPublicJwk] },
      grant_types: ['client_credentials'], redirect_uris: [], response_types: [], scope,
    });
  }
  const provider = new Provider(issuer, {
    clients,
    features: {
      clientCredentials: { enabled: true }, devInteractions: { enabled: false }, introspection: { enabled: true, allowedPolicy: async () => true },
      ...(options.dpop === true ? { dPoP: dpopFeature } : {}),
      revocation: { enabled: true, allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) => token.clientId === client.clientId },
    },
    scopes: scope.split(' '),
    ...(options.dpop === true ? { enabledJWA: { dPoPSigningAlgValues: ['ES256', 'ES384', 'ES512', 'RS256', 'PS256', 'EdDSA', 'Ed25519'] } } : {}),
    ttl: { AccessToken: ttl, ClientCredentials: ttl, RefreshToken: 3600, Grant: 3600 },
    rotateRefreshToken: true,
    findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id }) }),
  });
  provider.registerGrantType(
    'password',
    async (ctx) => {
      const { username, password } = ctx.oidc.params;
      if (username !== USERNAME || password !== PASSWORD) throw new errors.InvalidGrant('invalid resource owner credentials');
      const granted = ctx.oidc.params.scope ?? 'offline_access api:read';
      const { client } = ctx.oidc;
      const grant = new provider.Grant({ accountId: username, clientId: client.clientId });
      grant.addOIDCScope(granted);
      const grantId = await grant.save();
      const at = new provider.AccessToken({ accountId: username, client, grantId, gty: 'password', scope: granted });
      const accessToken = await at.save();
      const rt = new provider.RefreshToken({ accountId: username, client, grantId, gty: 'password', scope: granted, rotations: 0 });
      const refreshToken = await rt.save();
      ctx.body = { access_token: accessToken, token_type: 'Bearer', expires_in: at.expiration, refresh_token: refreshToken, scope: granted };
    },
    ['username', 'password', 'scope'],
  );
  const events = recordGrantEvents(provider);
  const revocations: OidcServer['revocations'] = [];
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== '/token/revocation') return;
    const params = (ctx as { oidc?: { params?: Record<string, string | undefined> } }).oidc?.params ?? {};
    const dpop = (ctx as { get?: (name: string) => string }).get?.('dpop');
    revocations.push({ token: params['token'] ?? '', hint: params['token_type_hint'] ?? '', status: ctx.status, ...(dpop === undefined || dpop === '' ? {} : { dpop }) });
  });
  server.on('request', provider.callback());
  const tokenUrl = `${issuer}/token`;
  return {
    issuer,
    tokenUrl,
    provider,
    events,
    revocations,
    count: (grantType, outcome) => events.filter((event) => event.grantType === grantType && (outcome === undefined || event.ok === (outcome === 'ok'))).length,
    async isActive(accessToken) {
      const found = (await provider.AccessToken.find(accessToken)) ?? (await provider.ClientCredentials.find(accessToken));
      return found !== undefined && found.isExpired !== true;
    },
    async boundKey(accessToken) {
      const found = (await provider.AccessToken.find(accessToken)) ?? (await provider.ClientCredentials.find(accessToken));
      return found === undefined || found.isExpired === true ? undefined : found.jkt;
    },
    async issueRefreshToken() {
      const basic = Buffer.from(`basic-client:${new URLSearchParams([['', CLIENT_SECRET]]).toString().slice(1)}`).toString('base64');
      const response = await fetch(tokenUrl, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', username: USERNAME, password: PASSWORD, scope: 'offline_access api:read' }),
      });
      const body = (await response.json()) as { access_token: string; refresh_token: string };
      events.pop(); // setup, not part of what the test counts
      return { accessToken: body.access_token, refreshToken: body.refresh_token };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
