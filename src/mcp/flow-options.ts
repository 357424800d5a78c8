// The authorization-code options behind an MCP provider: the endpoints (given, or read from the
// issuer's RFC 8414 metadata), the client, the scope, the resource indicator and the lifecycle.
import { invalidConfig } from '../errors.js';
import type { AuthorizationCodeOptions } from '../oauth2/authorization-code/types.js';
import { lifecycleOptions } from '../oauth2/lifecycle-options.js';
import { discoverAuthorizationServer } from '../oauth2/server-metadata.js';
import { requiredString } from '../validate/values.js';
import type { CheckedMcpOptions } from './check-options.js';
import type { McpAuthProviderOptions } from './options.js';

/**
 * The options `oauth2Auth`, `loopbackLogin` and `handleCallback` share for this provider. With
 * the same options and store they find the same token (one cache key), in every process.
 */
export async function authorizationCodeOptions(options: McpAuthProviderOptions, checked: CheckedMcpOptions, signal?: AbortSignal): Promise<AuthorizationCodeOptions> {
  const insecure = options.allowInsecureHttp === true;
  const send = options.fetch;
  const fetch = send === undefined ? undefined : (input: URL, init: RequestInit): Promise<Response> => send(input, init);
  const endpoints =
    options.tokenUrl !== undefined
      ? {
          tokenUrl: options.tokenUrl,
          ...(options.authorizationEndpoint === undefined ? {} : { authorizationEndpoint: options.authorizationEndpoint }),
          ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
        }
      : await discover(options.issuer, { insecure, fetch, signal });
  return {
    grant: 'authorization_code',
    ...lifecycleOptions(options),
    ...endpoints,
    clientId: requiredString(options.clientId, 'clientId'),
    ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }),
    ...(options.clientAuth === undefined ? {} : { clientAuth: options.clientAuth }),
    scope: checked.scope,
    resource: checked.resource,
    ...(options.dpop === undefined ? {} : { dpop: options.dpop }),
    ...(fetch === undefined ? {} : { fetch }),
    ...(insecure ? { allowInsecureHttp: true } : {}),
  };
}

interface DiscoverSettings {
  readonly insecure: boolean;
  readonly fetch: ((input: URL, init: RequestInit) => Promise<Response>) | undefined;
  readonly signal: AbortSignal | undefined;
}

async function discover(issuer: string | undefined, settings: DiscoverSettings): Promise<Pick<AuthorizationCodeOptions, 'tokenUrl' | 'authorizationEndpoint' | 'issuer' | 'requireIssuerInResponse'>> {
  if (issuer === undefined) throw invalidConfig('issuer', 'the authorization server\'s issuer (or tokenUrl and authorizationEndpoint)');
  const server = await discoverAuthorizationServer(issuer, {
    ...(settings.insecure ? { allowInsecureHttp: true } : {}),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    ...(settings.signal === undefined ? {} : { signal: settings.signal }),
  });
  return {
    issuer: server.issuer,
    tokenUrl: server.tokenUrl,
    ...(server.authorizationEndpoint === undefined ? {} : { authorizationEndpoint: server.authorizationEndpoint }),
    requireIssuerInResponse: server.requireIssuerInResponse,
  };
}
