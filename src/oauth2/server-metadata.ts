import { AuthError, invalidConfig } from '../errors.js';
import { fetchText } from '../http/fetch-text.js';
import { checkEndpointUrl } from './endpoint-url.js';
import { requestSignal } from './request-signal.js';

/**
 * What {@link discoverAuthorizationServer} found, named like authwire's options so it can be
 * spread into them.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 * @example
 * ```ts
 * const server: AuthorizationServerMetadata = await discoverAuthorizationServer('https://auth.example.com');
 * const options = { ...server, clientId: 'my-cli', scope: ['openid', 'offline_access'] };
 * ```
 */
export interface AuthorizationServerMetadata {
  /** The issuer identifier, equal to the one asked for. */
  readonly issuer: string;
  /** `token_endpoint`. */
  readonly tokenUrl: string;
  /** `authorization_endpoint`, if the server has one. */
  readonly authorizationEndpoint?: string;
  /** `device_authorization_endpoint` (RFC 8628), if the server has one. */
  readonly deviceAuthorizationUrl?: string;
  /** `userinfo_endpoint` (OpenID Connect), e.g. for `profile: { url }`. */
  readonly userinfoUrl?: string;
  /** `registration_endpoint` (RFC 7591), for {@link registerClient}. */
  readonly registrationUrl?: string;
  /** `scopes_supported`, when listed. */
  readonly scopesSupported?: readonly string[];
  /** `client_id_metadata_document_supported`: a client may use the URL of its metadata document as its `client_id`. */
  readonly clientIdMetadataDocumentSupported: boolean;
  /** `revocation_endpoint` (RFC 7009), for `revoke()`. */
  readonly revocationUrl?: string;
  /** `jwks_uri`: the keys ID tokens are verified with. */
  readonly jwksUrl?: string;
  /** `dpop_signing_alg_values_supported` (RFC 9449 §5.1), when listed: the server accepts DPoP proofs with these algorithms. */
  readonly dpopSigningAlgValuesSupported?: readonly string[];
  /** `authorization_response_iss_parameter_supported` (RFC 9207): the callback must carry `iss`. */
  readonly requireIssuerInResponse: boolean;
  /** `pushed_authorization_request_endpoint` (RFC 9126): where {@link loopbackLogin} pushes the authorization request. */
  readonly pushedAuthorizationRequestEndpoint?: string;
  /** `require_pushed_authorization_requests` (RFC 9126): the server takes only pushed authorization requests. */
  readonly requirePushedAuthorizationRequests?: boolean;
}

/**
 * Options of {@link discoverAuthorizationServer}.
 *
 * @example
 * ```ts
 * const options: DiscoveryOptions = { timeoutMs: 5_000 };
 * ```
 */
export interface DiscoveryOptions {
  /** The fetch to use. Default `globalThis.fetch`. */
  readonly fetch?: (input: URL, init: RequestInit) => Promise<Response>;
  /** Allow a plain `http:` issuer on a host other than loopback. */
  readonly allowInsecureHttp?: boolean;
  /** Stops the request (`ERR_AUTH_ABORTED`). */
  readonly signal?: AbortSignal;
  /** Default 30 000. */
  readonly timeoutMs?: number;
}

/**
 * Reads an authorization server's metadata: RFC 8414 (`/.well-known/oauth-authorization-server`),
 * then OpenID Connect Discovery (`/.well-known/openid-configuration`). The metadata's `issuer` must
 * equal `issuer` exactly; endpoints must be https (or loopback); a server that lists
 * `code_challenge_methods_supported` without `S256` is refused (authwire never falls back to `plain`).
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-3
 * @example
 * ```ts
 * import { discoverAuthorizationServer, loopbackLogin } from 'authwire';
 *
 * const server = await discoverAuthorizationServer('https://auth.example.com');
 * const { authenticator } = await loopbackLogin({ ...server, clientId: 'my-cli', scope: ['openid', 'offline_access'] });
 * ```
 */
export async function discoverAuthorizationServer(issuer: string | URL, options: DiscoveryOptions = {}): Promise<AuthorizationServerMetadata> {
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const base = checkEndpointUrl(issuer, 'issuer', allowInsecureHttp);
  if (base.search !== '') throw invalidConfig('issuer', 'an issuer URL without a query');
  const expected = String(issuer);
  const path = base.pathname === '/' ? '' : base.pathname.replace(/\/$/, '');
  const candidates = [new URL(`/.well-known/oauth-authorization-server${path}`, base), new URL(`${path}/.well-known/openid-configuration`, base)];
  const fetch = options.fetch ?? ((input: URL, init: RequestInit) => globalThis.fetch(input, init));
  const request = requestSignal(options.timeoutMs ?? 30_000, 'the metadata request', options.signal);
  try {
    for (const candidate of candidates) {
      const response = await fetchText({
        url: candidate,
        init: { headers: { Accept: 'application/json' } },
        fetch,
        signal: request.signal,
        what: `metadata request to ${base.origin}`,
        secrets: [],
        retryable: false,
      });
      if (response.status === 404 && candidate !== candidates.at(-1)) continue;
      if (response.status !== 200) throw failed(`metadata request to ${base.origin} failed: HTTP ${response.status}`);
      return readMetadata(response.text, expected, allowInsecureHttp);
    }
    throw failed(`metadata request to ${base.origin} failed`);
  } finally {
    request.done();
  }
}

function readMetadata(text: string, expected: string, allowInsecureHttp: boolean): AuthorizationServerMetadata {
  let metadata: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    metadata = parsed as Record<string, unknown>;
  } catch {
    throw failed('authorization server metadata is not a JSON object');
  }
  if (metadata['issuer'] !== expected) throw failed('authorization server metadata names another issuer (RFC 8414 §3.3)');
  const endpoint = (name: string): string | undefined => {
    const value = metadata[name];
    return value === undefined ? undefined : checkEndpointUrl(value, `metadata.${name}`, allowInsecureHttp).href;
  };
  const tokenUrl = endpoint('token_endpoint');
  if (tokenUrl === undefined) throw failed('authorization server metadata has no token_endpoint');
  const methods = metadata['code_challenge_methods_supported'];
  if (Array.isArray(methods) && !methods.includes('S256')) throw invalidConfig('issuer', 'an authorization server that supports PKCE with S256');
  const authorizationEndpoint = endpoint('authorization_endpoint');
  const deviceAuthorizationUrl = endpoint('device_authorization_endpoint');
  const userinfoUrl = endpoint('userinfo_endpoint');
  const registrationUrl = endpoint('registration_endpoint');
  const scopes = metadata['scopes_supported'];
  const scopesSupported = Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === 'string') : undefined;
  const revocationUrl = endpoint('revocation_endpoint');
  const jwksUrl = endpoint('jwks_uri');
  const dpopAlgorithms = metadata['dpop_signing_alg_values_supported'];
  const dpopSigningAlgValuesSupported = Array.isArray(dpopAlgorithms) ? dpopAlgorithms.filter((item): item is string => typeof item === 'string') : undefined;
  const pushedAuthorizationRequestEndpoint = endpoint('pushed_authorization_request_endpoint');
  return {
    issuer: expected,
    tokenUrl,
    ...(authorizationEndpoint === undefined ? {} : { authorizationEndpoint }),
    ...(deviceAuthorizationUrl === undefined ? {} : { deviceAuthorizationUrl }),
    ...(userinfoUrl === undefined ? {} : { userinfoUrl }),
    ...(registrationUrl === undefined ? {} : { registrationUrl }),
    ...(scopesSupported === undefined ? {} : { scopesSupported }),
    clientIdMetadataDocumentSupported: metadata['client_id_metadata_document_supported'] === true,
    ...(revocationUrl === undefined ? {} : { revocationUrl }),
    ...(jwksUrl === undefined ? {} : { jwksUrl }),
    ...(dpopSigningAlgValuesSupported === undefined ? {} : { dpopSigningAlgValuesSupported }),
    requireIssuerInResponse: metadata['authorization_response_iss_parameter_supported'] === true,
    ...(pushedAuthorizationRequestEndpoint === undefined ? {} : { pushedAuthorizationRequestEndpoint }),
    requirePushedAuthorizationRequests: metadata['require_pushed_authorization_requests'] === true,
  };
}

function failed(message: string): AuthError {
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', message, { details: { retryable: false } });
}
