import { AuthError, invalidConfig } from '../../errors.js';
import { fetchText } from '../../http/fetch-text.js';
import { checkEndpointUrl } from '../endpoint-url.js';
import { requestSignal } from '../request-signal.js';
import { discoverAuthorizationServer, type AuthorizationServerMetadata, type DiscoveryOptions } from '../server-metadata.js';
import { resourceCovers, sameResource } from './resource-match.js';

/**
 * A protected resource's metadata (RFC 9728 §2), named like authwire's options.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-2
 * @example
 * ```ts
 * const metadata: ProtectedResourceMetadata = { resource: 'https://api.example.com/', authorizationServers: ['https://auth.example.com'], raw: {} };
 * ```
 */
export interface ProtectedResourceMetadata {
  /** `resource`: the resource identifier, equal to the URL it was fetched for (or covering the URL that was refused). */
  readonly resource: string;
  /** `authorization_servers`: issuer identifiers that issue tokens for this resource. */
  readonly authorizationServers: readonly string[];
  /** `scopes_supported`. */
  readonly scopesSupported?: readonly string[];
  /** `bearer_methods_supported`: `header`, `body`, `query`. */
  readonly bearerMethodsSupported?: readonly string[];
  /** `resource_name`, for display. */
  readonly resourceName?: string;
  /** `dpop_bound_access_tokens_required`. */
  readonly dpopBoundAccessTokensRequired: boolean;
  /** The document as it was received, for members authwire does not name. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/**
 * Options of {@link discoverProtectedResource}.
 *
 * @example
 * ```ts
 * const options: ProtectedResourceDiscoveryOptions = { authorizationServers: ['https://auth.example.com'], timeoutMs: 5_000 };
 * ```
 */
export interface ProtectedResourceDiscoveryOptions extends DiscoveryOptions {
  /**
   * The `resource_metadata` URL of a `WWW-Authenticate` challenge. It must be on the origin of
   * the URL that was refused; the document's `resource` must then be that URL or a prefix of its
   * path on the same origin. Default: the well-known URL derived from `url`, whose `resource` must
   * equal `url`.
   */
  readonly metadataUrl?: string | URL;
  /**
   * The authorization servers (issuer identifiers, exact) this client accepts. A resource that
   * names none of them is refused. Default: any https issuer the resource names.
   */
  readonly authorizationServers?: readonly string[];
}

/**
 * What {@link discoverProtectedResource} found: the resource's metadata and the metadata of the
 * authorization server chosen.
 *
 * @example
 * ```ts
 * const { resource, authorizationServer }: ProtectedResourceDiscovery = await discoverProtectedResource('https://api.example.com/');
 * ```
 */
export interface ProtectedResourceDiscovery {
  /** The resource's metadata, checked. */
  readonly resource: ProtectedResourceMetadata;
  /** The first of the resource's authorization servers that `authorizationServers` allows, read with RFC 8414 / OpenID Connect discovery. */
  readonly authorizationServer: AuthorizationServerMetadata;
}

/**
 * Reads a protected resource's metadata (RFC 9728) from
 * `/.well-known/oauth-protected-resource` (with the resource's path after it, RFC 9728 §3.1) or
 * from a challenge's `resource_metadata` URL, checks it, then reads the metadata of its
 * authorization server ({@link discoverAuthorizationServer}). Refused with
 * `ERR_AUTH_TOKEN_REQUEST_FAILED` (`details.reason`):
 * - `resource_mismatch`: the document names another resource than the one asked for (§3.3), so
 *   one resource cannot pass itself off as another;
 * - `metadata_origin`: a `resource_metadata` URL on another origin than the resource that sent it;
 * - `authorization_server_not_allowed`: no authorization server the resource names is in
 *   `authorizationServers` (§7.6), or none is https (or loopback).
 * Every request goes through authwire's byte-capped fetch, no redirects followed.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9728
 * @see https://www.rfc-editor.org/rfc/rfc8707
 * @example
 * ```ts
 * import { discoverProtectedResource, loopbackLogin } from 'authwire';
 *
 * const { resource, authorizationServer } = await discoverProtectedResource('https://api.example.com/');
 * const { authenticator } = await loopbackLogin({ ...authorizationServer, clientId: 'my-cli', resource: resource.resource, scope: [...resource.scopesSupported ?? []] });
 * ```
 */
export async function discoverProtectedResource(url: string | URL, options: ProtectedResourceDiscoveryOptions = {}): Promise<ProtectedResourceDiscovery> {
  const resource = await readProtectedResource(url, options);
  const issuer = chooseAuthorizationServer(resource, options);
  const authorizationServer = await discoverAuthorizationServer(issuer, options);
  return { resource, authorizationServer };
}

/**
 * The well-known metadata URL of a resource identifier (RFC 9728 §3.1): the path after
 * `/.well-known/oauth-protected-resource`, a trailing slash dropped, the query kept.
 *
 * @example
 * ```ts
 * protectedResourceMetadataUrl(new URL('https://api.example.com/v1/')).href; // 'https://api.example.com/.well-known/oauth-protected-resource/v1'
 * ```
 */
export function protectedResourceMetadataUrl(resource: URL): URL {
  const path = resource.pathname === '/' ? '' : resource.pathname.replace(/\/$/, '');
  return new URL(`/.well-known/oauth-protected-resource${path}${resource.search}`, resource);
}

/** Fetches and checks the document; the caller chooses the authorization server. */
export async function readProtectedResource(url: string | URL, options: ProtectedResourceDiscoveryOptions): Promise<ProtectedResourceMetadata> {
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const target = checkEndpointUrl(url, 'url', allowInsecureHttp);
  let metadataUrl: URL;
  if (options.metadataUrl === undefined) {
    metadataUrl = protectedResourceMetadataUrl(target);
  } else {
    metadataUrl = checkEndpointUrl(options.metadataUrl, 'metadataUrl', allowInsecureHttp);
    if (metadataUrl.origin !== target.origin) {
      throw refused('metadata_origin', `protected resource metadata at ${metadataUrl.origin} is not on the resource's origin ${target.origin}`);
    }
  }
  const fetch = options.fetch ?? ((input: URL, init: RequestInit) => globalThis.fetch(input, init));
  const request = requestSignal(options.timeoutMs ?? 30_000, 'the protected resource metadata request', options.signal);
  let text: string;
  try {
    const response = await fetchText({
      url: metadataUrl,
      init: { headers: { Accept: 'application/json' } },
      fetch,
      signal: request.signal,
      what: `protected resource metadata request to ${metadataUrl.origin}`,
      secrets: [],
      retryable: false,
    });
    if (response.status !== 200) throw refused('status', `protected resource metadata request to ${metadataUrl.origin} failed: HTTP ${response.status}`, { status: response.status });
    text = response.text;
  } finally {
    request.done();
  }
  const metadata = parseObject(text);
  const named = metadata['resource'];
  if (typeof named !== 'string' || !URL.canParse(named)) throw refused('resource_mismatch', 'protected resource metadata has no resource URL (RFC 9728 §2)');
  const matches = options.metadataUrl === undefined ? sameResource(named, target) : resourceCovers(new URL(named), target);
  if (!matches) throw refused('resource_mismatch', `protected resource metadata names another resource than ${target.origin}${target.pathname} (RFC 9728 §3.3)`);
  const servers = stringList(metadata['authorization_servers']) ?? [];
  const scopesSupported = stringList(metadata['scopes_supported']);
  const bearerMethodsSupported = stringList(metadata['bearer_methods_supported']);
  const resourceName = metadata['resource_name'];
  return {
    resource: named,
    authorizationServers: servers,
    ...(scopesSupported === undefined ? {} : { scopesSupported }),
    ...(bearerMethodsSupported === undefined ? {} : { bearerMethodsSupported }),
    ...(typeof resourceName === 'string' ? { resourceName } : {}),
    dpopBoundAccessTokensRequired: metadata['dpop_bound_access_tokens_required'] === true,
    raw: metadata,
  };
}

/** The first authorization server of the resource that the client accepts (and that is https or loopback). */
export function chooseAuthorizationServer(resource: ProtectedResourceMetadata, options: ProtectedResourceDiscoveryOptions): string {
  const allowed = options.authorizationServers;
  if (allowed !== undefined && (!Array.isArray(allowed) || allowed.some((item) => typeof item !== 'string'))) throw invalidConfig('authorizationServers', 'an array of issuer URLs');
  for (const issuer of resource.authorizationServers) {
    if (allowed !== undefined && !allowed.includes(issuer)) continue;
    try {
      checkEndpointUrl(issuer, 'authorization_servers', options.allowInsecureHttp === true);
    } catch {
      continue;
    }
    return issuer;
  }
  const listed = resource.authorizationServers.length === 0 ? 'names no authorization server' : 'names no authorization server this client accepts';
  throw refused('authorization_server_not_allowed', `protected resource ${new URL(resource.resource).origin} ${listed} (RFC 9728 §7.6)`);
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw refused('not_json', 'protected resource metadata is not a JSON object');
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

function refused(reason: string, message: string, extra: Readonly<Record<string, unknown>> = {}): AuthError {
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', message, { details: { retryable: false, reason, ...extra } });
}
