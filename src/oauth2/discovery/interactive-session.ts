// The set-up behind interactiveAuth: from a resource's URL (and its challenge) to the
// authorization server, the client id, and a signed-in token authenticator.
import { isAuthError } from '../../errors.js';
import type { DpopOptions } from '../dpop/dpop.js';
import { DPOP_ALGORITHMS } from '../dpop/key.js';
import type { OAuth2Authenticator } from '../revocation.js';
import { lifecycleNames } from '../lifecycle-options.js';
import type { LoginResult } from '../login-types.js';
import { loopbackLogin } from '../loopback-login.js';
import type { LoopbackLoginOptions } from '../loopback-options.js';
import { oauth2Auth } from '../oauth2-auth.js';
import { registerClient } from '../registration/register-client.js';
import type { ClientMetadata } from '../registration/types.js';
import { discoverAuthorizationServer, type AuthorizationServerMetadata } from '../server-metadata.js';
import { chooseAuthorizationServer, protectedResourceMetadataUrl, readProtectedResource, type ProtectedResourceMetadata } from './protected-resource.js';
import type { InteractiveAuthOptions, InteractiveState } from './interactive-types.js';
import { isAuthErrorWithStatus } from './not-found.js';

/** The client authwire registers when given neither a client id nor `registration`. */
export const DEFAULT_REGISTRATION: ClientMetadata = {
  client_name: 'authwire',
  application_type: 'native',
  redirect_uris: ['http://127.0.0.1/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'none',
};

/** What a sign-in needs besides the scope: the server, the client, the resource. */
export interface Discovered {
  readonly server: AuthorizationServerMetadata;
  readonly resource: ProtectedResourceMetadata;
  readonly clientId: string;
  readonly clientSecret?: string;
}

/**
 * Reads the resource's metadata: from the challenge's `resource_metadata` when there is one, else
 * the path-suffixed well-known URL of `url` and then the origin's; the resource must cover `url`.
 */
export async function discoverFrom(url: URL, metadataUrl: string | undefined, options: InteractiveAuthOptions): Promise<Discovered> {
  const target = new URL(url);
  target.search = '';
  target.hash = '';
  const common = {
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.allowInsecureHttp === undefined ? {} : { allowInsecureHttp: options.allowInsecureHttp }),
    ...(options.authorizationServers === undefined ? {} : { authorizationServers: options.authorizationServers }),
  };
  const candidates = metadataUrl !== undefined ? [metadataUrl] : [protectedResourceMetadataUrl(target).href, new URL('/.well-known/oauth-protected-resource', target).href];
  let resource: ProtectedResourceMetadata | undefined;
  for (const [index, candidate] of candidates.entries()) {
    try {
      resource = await readProtectedResource(target, { ...common, metadataUrl: candidate });
      break;
    } catch (error) {
      if (index === candidates.length - 1 || !isAuthErrorWithStatus(error, 404)) throw error;
    }
  }
  if (resource === undefined) throw new Error('unreachable: the last candidate throws');
  const server = await discoverAuthorizationServer(chooseAuthorizationServer(resource, common), common);
  if (options.clientId !== undefined) {
    return { server, resource, clientId: options.clientId, ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }) };
  }
  const client = await registerClient(options.registration ?? DEFAULT_REGISTRATION, {
    ...common,
    issuer: server.issuer,
    ...(server.registrationUrl === undefined ? {} : { registrationUrl: server.registrationUrl }),
    ...(options.store === undefined ? {} : { store: options.store }),
    ...(options.clientIdMetadataDocument === undefined ? {} : { clientIdMetadataDocument: options.clientIdMetadataDocument }),
  });
  return { server, resource, clientId: client.clientId, ...(client.clientSecret === undefined ? {} : { clientSecret: client.clientSecret }) };
}

/** The authorization-code options of `found` for `scope`: what oauth2Auth and the login share. */
function codeOptions(found: Discovered, scope: readonly string[], options: InteractiveAuthOptions): Omit<LoopbackLoginOptions, 'open' | 'timeoutMs'> {
  const lifecycle: Record<string, unknown> = {};
  for (const name of lifecycleNames) if (options[name] !== undefined) lifecycle[name] = options[name];
  const { server } = found;
  return {
    ...lifecycle,
    tokenUrl: server.tokenUrl,
    issuer: server.issuer,
    requireIssuerInResponse: server.requireIssuerInResponse,
    ...(server.authorizationEndpoint === undefined ? {} : { authorizationEndpoint: server.authorizationEndpoint }),
    ...(server.pushedAuthorizationRequestEndpoint === undefined ? {} : { pushedAuthorizationRequestEndpoint: server.pushedAuthorizationRequestEndpoint }),
    ...(server.requirePushedAuthorizationRequests === true ? { requirePushedAuthorizationRequests: true } : {}),
    ...(options.pushedAuthorizationRequests === undefined ? {} : { pushedAuthorizationRequests: options.pushedAuthorizationRequests }),
    clientId: found.clientId,
    ...(found.clientSecret === undefined ? {} : { clientSecret: found.clientSecret }),
    scope: [...scope],
    resource: found.resource.resource,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.allowInsecureHttp === undefined ? {} : { allowInsecureHttp: options.allowInsecureHttp }),
    ...dpopFor(found, options.dpop),
  };
}

/** `dpop` when the server takes DPoP proofs (or the resource requires bound tokens); a generated key in an algorithm the server lists. */
function dpopFor(found: Discovered, dpop: DpopOptions | undefined): { readonly dpop?: DpopOptions } {
  const listed = found.server.dpopSigningAlgValuesSupported;
  if (dpop === undefined || (listed === undefined && !found.resource.dpopBoundAccessTokensRequired)) return {};
  if (dpop.key !== undefined || dpop.algorithm !== undefined || listed === undefined) return { dpop };
  const algorithm = DPOP_ALGORITHMS.find((item) => listed.includes(item));
  return { dpop: algorithm === undefined ? dpop : { ...dpop, algorithm } };
}

/**
 * A token authenticator for `scope`: the stored token when the store has one for it, else a
 * sign-in through the configured login (with `extra` authorization parameters, RFC 9470's
 * `acr_values` and `max_age`).
 */
export async function signIn(found: Discovered, scope: readonly string[], options: InteractiveAuthOptions, extra: Readonly<Record<string, string>> = {}, reuse = true): Promise<InteractiveState> {
  const base = codeOptions(found, scope, options);
  const state = (authenticator: OAuth2Authenticator): InteractiveState => ({ server: found.server, clientId: found.clientId, scope: [...scope], resource: found.resource.resource, authenticator });
  if (reuse && Object.keys(extra).length === 0) {
    const stored = oauth2Auth({ grant: 'authorization_code', ...base });
    try {
      await stored.getToken();
      return state(stored);
    } catch (error) {
      await stored.close();
      if (!isAuthError(error, 'ERR_AUTH_REAUTH_REQUIRED')) throw error;
    }
  }
  const login = options.login ?? loopbackLogin;
  const result: LoginResult = await login({
    ...base,
    ...(Object.keys(extra).length === 0 ? {} : { authorizationParams: extra }),
    ...(options.open === undefined ? {} : { open: options.open }),
    ...(options.loginTimeoutMs === undefined ? {} : { timeoutMs: options.loginTimeoutMs }),
  });
  return state(result.authenticator);
}
