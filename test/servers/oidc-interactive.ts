// oidc-provider 9 in-process on 127.0.0.1 for the interactive grants: its development login and
// consent pages (devInteractions: any login and password are accepted), authorization_code with
// PKCE (S256 only) and `iss` in every authorization response (RFC 9207), refresh_token with
// rotation, and the device flow (RFC 8628) with its user-code, confirm and success pages. Tests
// may give its signing keys (and which kids its JWKS publishes), more clients and more features.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Provider } from 'oidc-provider';
import { recordGrantEvents, type GrantEvent } from './oidc.js';

export const WEB_CLIENT_SECRET = 'web s3cr3t +/:%&=~';
/** Registered for the native clients; oidc-provider accepts any port on a loopback redirect URI. */
export const LOOPBACK_REDIRECT = 'http://127.0.0.1/callback';

export interface InteractiveServerOptions {
  /** Access-token lifetime, seconds. Default 60. */
  readonly accessTokenTtl?: number;
  /** The `interval` the device authorization response announces, seconds. Default 1. */
  readonly deviceInterval?: number;
  /** The provider's signing keys (private JWKs). Default: oidc-provider's development key. */
  readonly jwks?: { readonly keys: readonly Record<string, unknown>[] };
  /** The `kid`s its JWKS endpoint publishes now (called per request). Default: every key. */
  readonly publishedKids?: () => readonly string[] | undefined;
  /** More clients (oidc-provider client metadata). */
  readonly clients?: readonly Record<string, unknown>[];
  /** More oidc-provider features (merged over the defaults). */
  readonly features?: Readonly<Record<string, unknown>>;
}

export interface InteractiveServer {
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenUrl: string;
  readonly deviceAuthorizationUrl: string;
  readonly userinfoUrl: string;
  readonly provider: Provider;
  /** How many times the JWKS endpoint was read. */
  readonly jwksReads: () => number;
  /** Every token-endpoint request, in order. */
  readonly events: GrantEvent[];
  /** Every pushed authorization request (RFC 9126, POST /request): its parameters, headers and the answer's status. */
  readonly pushes: PushedRequestRecord[];
  count(grantType: string, outcome?: 'ok' | 'error'): number;
  /** Whether the server accepts this access token now. */
  isActive(accessToken: string): Promise<boolean>;
  close(): Promise<void>;
}

/** One request to the pushed authorization request endpoint, as the server received it. */
export interface PushedRequestRecord {
  readonly params: Record<string, string>;
  readonly authorization: string | undefined;
  readonly dpop: string | undefined;
  readonly status: number;
  readonly error: string | undefined;
}

const scope = 'openid offline_access email api:read';

export async function startInteractiveServer(options: InteractiveServerOptions = {}): Promise<InteractiveServer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ttl = options.accessTokenTtl ?? 60;
  const native = { application_type: 'native', redirect_uris: [LOOPBACK_REDIRECT], response_types: ['code'], grant_types: ['authorization_code', 'refresh_token'], scope };
  const provider = new Provider(issuer, {
    clients: [
      { client_id: 'cli-app', token_endpoint_auth_method: 'none', ...native },
      { client_id: 'other-cli', token_endpoint_auth_method: 'none', ...native },
      { client_id: 'web-app', client_secret: WEB_CLIENT_SECRET, token_endpoint_auth_method: 'client_secret_basic', ...native },
      {
        client_id: 'device-app', token_endpoint_auth_method: 'none', application_type: 'native', redirect_uris: [], response_types: [],
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'], scope,
      },
      ...(options.clients ?? []),
    ],
    ...(options.jwks === undefined ? {} : { jwks: options.jwks }),
    features: { devInteractions: { enabled: true }, deviceFlow: { enabled: true }, ...options.features },
    scopes: scope.split(' '),
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    ttl: { AccessToken: ttl, RefreshToken: 3600, Grant: 3600, Session: 3600, Interaction: 600, AuthorizationCode: 60, DeviceCode: 600, IdToken: 3600 },
    rotateRefreshToken: true,
    cookies: { keys: ['authwire-interactive-test-cookie-key'] },
    findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id, email: `${id}@example.com`, email_verified: true }) }),
  });
  const deviceInterval = options.deviceInterval ?? 1;
  let jwksReads = 0;
  const pushes: PushedRequestRecord[] = [];
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/request' && ctx.method === 'POST') {
      const body = (ctx as { oidc?: { body?: Record<string, unknown> } }).oidc?.body ?? {};
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(body)) if (typeof value === 'string') params[name] = value;
      const answer = ctx.body as { error?: string } | undefined;
      pushes.push({ params, authorization: ctx.get('authorization') || undefined, dpop: ctx.get('dpop') || undefined, status: ctx.status, error: answer?.error });
    }
    if (ctx.path === '/jwks') {
      jwksReads += 1;
      const kids = options.publishedKids?.();
      const served = ctx.body as { keys: Array<{ kid?: string }> } | undefined;
      if (kids !== undefined && served !== undefined) ctx.body = { keys: served.keys.filter((key) => kids.includes(key.kid ?? '')) };
    }
    // oidc-provider sends no `interval` (clients must then wait 5 s); announce a shorter one.
    if (ctx.path === '/device/auth' && ctx.status === 200 && typeof ctx.body === 'object' && ctx.body !== null) {
      ctx.body = { ...(ctx.body as Record<string, unknown>), interval: deviceInterval };
    }
  });
  const events = recordGrantEvents(provider);
  server.on('request', provider.callback());
  return {
    issuer,
    authorizationEndpoint: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    deviceAuthorizationUrl: `${issuer}/device/auth`,
    userinfoUrl: `${issuer}/me`,
    provider,
    jwksReads: () => jwksReads,
    events,
    pushes,
    count: (grantType, outcome) => events.filter((event) => event.grantType === grantType && (outcome === undefined || event.ok === (outcome === 'ok'))).length,
    async isActive(accessToken) {
      const found = await provider.AccessToken.find(accessToken);
      return found !== undefined && found.isExpired !== true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
