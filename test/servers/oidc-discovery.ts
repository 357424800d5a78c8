// oidc-provider 9 in-process on 127.0.0.1 with dynamic client registration (RFC 7591), resource
// indicators (RFC 8707: access tokens carry the resource as their audience), client_credentials
// and its development login and consent pages, for the discovery, registration and step-up tests.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Provider } from 'oidc-provider';
import { recordGrantEvents, type GrantEvent } from './oidc.js';

export interface DiscoveryServerOptions {
  /** Rewrites the body of a successful registration response before it is sent (an attacker between). */
  readonly tamperRegistration?: (body: Record<string, unknown>) => Record<string, unknown>;
}

export interface DiscoveryServer {
  readonly issuer: string;
  readonly tokenUrl: string;
  readonly registrationUrl: string;
  readonly provider: Provider;
  readonly events: GrantEvent[];
  /** Registration requests received (POST /reg), with their JSON bodies. */
  readonly registrations: Record<string, unknown>[];
  /** The access token's scope and audience (the resource), or undefined when the server does not accept it now. */
  introspect(accessToken: string): Promise<{ readonly scope: string; readonly audience: unknown } | undefined>;
  close(): Promise<void>;
}

export const DISCOVERY_SCOPES = 'openid offline_access api:read api:write';

export async function startDiscoveryServer(options: DiscoveryServerOptions = {}): Promise<DiscoveryServer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    features: {
      registration: { enabled: true },
      clientCredentials: { enabled: true },
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Any http(s) URL is a resource here; its tokens carry every API scope the client asked for.
        getResourceServerInfo: () => ({ scope: 'api:read api:write', accessTokenFormat: 'opaque', accessTokenTTL: 300 }),
        useGrantedResource: () => true,
      },
    },
    scopes: DISCOVERY_SCOPES.split(' '),
    ttl: { AccessToken: 300, ClientCredentials: 300, RefreshToken: 3600, Grant: 3600, Session: 3600, Interaction: 600, AuthorizationCode: 60, IdToken: 3600 },
    rotateRefreshToken: true,
    cookies: { keys: ['authwire-discovery-test-cookie-key'] },
    findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id }) }),
  });
  const registrations: Record<string, unknown>[] = [];
  provider.use(async (ctx, next) => {
    const registering = ctx.path === '/reg' && ctx.method === 'POST';
    await next();
    if (!registering) return;
    registrations.push(ctx.oidc?.body ?? {});
    if (ctx.status === 201 && options.tamperRegistration !== undefined && typeof ctx.body === 'object' && ctx.body !== null) {
      ctx.body = options.tamperRegistration({ ...(ctx.body as Record<string, unknown>) });
    }
  });
  const events = recordGrantEvents(provider);
  server.on('request', provider.callback());
  return {
    issuer,
    tokenUrl: `${issuer}/token`,
    registrationUrl: `${issuer}/reg`,
    provider,
    events,
    registrations,
    async introspect(accessToken) {
      const found = (await provider.AccessToken.find(accessToken)) ?? (await provider.ClientCredentials.find(accessToken));
      if (found === undefined || found.isExpired === true) return undefined;
      return { scope: found.scope ?? '', audience: (found as { aud?: unknown }).aud };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
