// The embedded authorization server: oidc-provider on 127.0.0.1, issuing short-lived JWT access
// tokens for one API (RFC 8707 resource indicator) and rotating refresh tokens (a refresh token
// used twice revokes the whole grant, so a client that mishandles rotation fails loudly).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import { closeServer, listenOnLoopback } from './http-server.js';
import { loadOidcProvider, withoutExpectedWarnings, type ResourceServerInfo } from './oidc-provider.js';

/** The demo-only grant that stands in for the one interactive login a real app does (authorization code + PKCE). */
export const LOGIN_GRANT = 'urn:authwire:demo:login';

export interface AuthorizationServerOptions {
  /** Lifetime of access tokens, seconds. */
  readonly accessTokenTtlSeconds: number;
  /** The API's resource indicator: the `aud` of every access token. */
  readonly audience: string;
}

/** Token-endpoint requests by grant type. */
export interface GrantCount {
  ok: number;
  failed: number;
  /** OAuth2 error codes of failed requests, e.g. `invalid_grant`. */
  readonly errors: string[];
}

export interface AuthorizationServer {
  readonly issuer: string;
  readonly tokenUrl: string;
  readonly jwksUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Counted at the token endpoint, by grant type. */
  readonly grants: ReadonlyMap<string, GrantCount>;
  /** Logs in once and returns the refresh token, as an app would keep it from its first login. */
  login(): Promise<string>;
  close(): Promise<void>;
}

export async function startAuthorizationServer(options: AuthorizationServerOptions): Promise<AuthorizationServer> {
  const { default: Provider, errors } = await loadOidcProvider();
  const server = createServer();
  const issuer = await listenOnLoopback(server);
  const clientId = 'demo-app';
  const clientSecret = randomBytes(24).toString('base64url');
  const scope = 'api:read';
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'demo', alg: 'ES256', use: 'sig' };
  const apiInfo: ResourceServerInfo = {
    scope,
    audience: options.audience,
    accessTokenTTL: options.accessTokenTtlSeconds,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'ES256' } },
  };

  const provider = await withoutExpectedWarnings(() => new Provider(issuer, {
    clients: [
      {
        client_id: clientId, client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['refresh_token', LOGIN_GRANT], redirect_uris: [], response_types: [], scope,
        id_token_signed_response_alg: 'ES256', // the one key the server has; it issues no ID tokens here anyway
      },
    ],
    jwks: { keys: [signingKey] },
    // A fixed cookie key keeps oidc-provider from warning about its development default; the demo sets no cookies.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (resource !== options.audience) throw new errors.InvalidTarget();
          return apiInfo;
        },
      },
    },
    // Listing offline_access is what makes oidc-provider offer the refresh_token grant at all.
    scopes: ['offline_access', scope],
    ttl: { AccessToken: options.accessTokenTtlSeconds, RefreshToken: 3600, Grant: 3600 },
    rotateRefreshToken: true,
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id }) }),
  }));

  provider.registerGrantType(
    LOGIN_GRANT,
    async (ctx) => {
      const accountId = ctx.oidc.params.username;
      if (accountId === undefined || accountId === '') throw new errors.InvalidGrant('username is required');
      const { client } = ctx.oidc;
      const grant = new provider.Grant({ accountId, clientId: client.clientId });
      grant.addResourceScope(options.audience, scope);
      const grantId = await grant.save();
      const common = { accountId, client, grantId, gty: LOGIN_GRANT, scope };
      const accessToken = new provider.AccessToken(common);
      accessToken.resourceServer = new provider.ResourceServer(options.audience, apiInfo);
      const refreshToken = new provider.RefreshToken({ ...common, resource: options.audience, rotations: 0 });
      ctx.body = {
        access_token: await accessToken.save(),
        token_type: 'Bearer',
        expires_in: accessToken.expiration,
        refresh_token: await refreshToken.save(),
        scope,
      };
    },
    ['username'],
  );

  const grants = new Map<string, GrantCount>();
  const count = (grantType: string | undefined): GrantCount => {
    const key = grantType ?? '(none)';
    let entry = grants.get(key);
    if (entry === undefined) grants.set(key, (entry = { ok: 0, failed: 0, errors: [] }));
    return entry;
  };
  provider.on('grant.success', (ctx) => {
    count(ctx.oidc.params.grant_type).ok += 1;
  });
  provider.on('grant.error', (ctx, error) => {
    const entry = count(ctx.oidc.params.grant_type);
    entry.failed += 1;
    entry.errors.push(error.error ?? error.message);
  });
  server.on('request', provider.callback());

  const tokenUrl = `${issuer}/token`;
  return {
    issuer,
    tokenUrl,
    jwksUrl: `${issuer}/jwks`,
    clientId,
    clientSecret,
    grants,
    async login() {
      const response = await fetch(tokenUrl, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: LOGIN_GRANT, username: 'demo-user' }),
      });
      const body = (await response.json()) as { refresh_token?: unknown; error?: unknown; error_description?: unknown };
      if (!response.ok || typeof body.refresh_token !== 'string') {
        throw new Error(`the demo login failed: HTTP ${response.status} ${String(body.error)} ${String(body.error_description)}`);
      }
      return body.refresh_token;
    },
    close: () => closeServer(server),
  };
}
