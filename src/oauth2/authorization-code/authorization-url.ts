import { invalidConfig } from '../../errors.js';
import { checkEndpointUrl } from '../endpoint-url.js';
import { prepareAuthorizationCode } from './flow.js';
import { PendingAuthorization } from './pending.js';
import { createPkce, randomToken } from './pkce.js';
import { pushAuthorizationRequest, type PushSetup } from './pushed-authorization.js';
import type { OAuth2Setup } from '../oauth2-auth.js';
import type { Dpop } from '../dpop/dpop.js';
import { generateState } from './state-shape.js';
import { checkAuthorizationRequest, checkRedirectUri, type AuthorizationRequestConfig } from './request-config.js';
import type { AuthorizationCodeOptions, AuthorizationRequestOptions } from './types.js';
import { expandTemplate } from './url-template.js';
import { checkAuthorizationCodeOptions } from '../../validate/oauth2-options.js';

/**
 * What {@link authorizationUrl} returns: where to send the browser, and what the callback will be
 * checked against.
 *
 * @example
 * ```ts
 * const { url, pending }: AuthorizationUrlResult = authorizationUrl(options);
 * ```
 */
export interface AuthorizationUrlResult {
  /** The consent URL to open in the user's browser. It holds no secret. */
  readonly url: string;
  /** Keep it (server-side) until the callback; pass it to {@link handleCallback}. */
  readonly pending: PendingAuthorization;
}

/**
 * Builds an authorization request (`response_type=code`) with everything RFC 9700 asks for:
 * PKCE with S256 (a new 256-bit verifier each time; never `plain`), a random `state`, a `nonce`
 * when `openid` is in the scope. Adds `prompt`, `access_type`, `token_access_type`, `audience`,
 * `resource` and `authorizationParams`; uses the `paramNames` overrides for `client_id`,
 * `redirect_uri`, `scope` and `state`; or fills `authorizationUrlTemplate`.
 *
 * With `pushedAuthorizationRequests: true` (and the options of the code exchange: token URL,
 * client authentication) the parameters are pushed to `pushedAuthorizationRequestEndpoint`
 * (RFC 9126) with the client's authentication (and a DPoP proof when `dpop.key` is configured),
 * and the URL holds only `client_id` and `request_uri`; that form returns a promise. Options
 * saying the server requires pushed requests (`requirePushedAuthorizationRequests`) without
 * `pushedAuthorizationRequests: true` are refused (`ERR_AUTH_INVALID_CONFIG`).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1
 * @see https://www.rfc-editor.org/rfc/rfc9126
 * @example
 * ```ts
 * import { authorizationUrl } from 'authwire';
 *
 * const { url, pending } = authorizationUrl({
 *   authorizationEndpoint: 'https://auth.example.com/authorize',
 *   clientId: 'my-app',
 *   redirectUri: 'https://app.example.com/oauth/callback',
 *   scope: ['openid', 'offline_access'],
 *   prompt: 'consent',
 * });
 * request.session.oauth = pending.toRecord();
 * response.redirect(url);
 * ```
 */
export function authorizationUrl(options: AuthorizationCodeOptions & { readonly pushedAuthorizationRequests: true }): Promise<AuthorizationUrlResult>;
export function authorizationUrl(options: AuthorizationRequestOptions): AuthorizationUrlResult;
export function authorizationUrl(options: AuthorizationRequestOptions): AuthorizationUrlResult | Promise<AuthorizationUrlResult> {
  checkAuthorizationCodeOptions(options, 'authorizationUrl');
  if (options.pushedAuthorizationRequests === true) return pushedAuthorizationUrl(options as AuthorizationCodeOptions);
  const config = checkAuthorizationRequest(options);
  if (config.redirectUri === undefined) throw invalidConfig('redirectUri', 'the redirect URI registered for this client');
  if (config.push.mode === 'always') {
    throw invalidConfig('pushedAuthorizationRequests', 'true (the server requires pushed authorization requests, RFC 9126; authorizationUrl then returns a promise)');
  }
  const { url, pending } = buildAuthorizationUrl(config, config.redirectUri);
  return { url, pending };
}

/** {@link authorizationUrl} with a pushed request: the client authentication and DPoP key of the code exchange. */
async function pushedAuthorizationUrl(options: AuthorizationCodeOptions): Promise<AuthorizationUrlResult> {
  const flow = prepareAuthorizationCode(options, true);
  try {
    const { request, setup } = flow;
    if (request.redirectUri === undefined) throw invalidConfig('redirectUri', 'the redirect URI registered for this client');
    const built = buildAuthorizationUrl(request, request.redirectUri);
    // A generated DPoP key lives only as long as this call: the code is bound only to a configured one.
    const dpop = options.dpop?.key === undefined ? undefined : setup.context.dpop;
    return await pushAuthorization(request, built, setup, dpop);
  } finally {
    await flow.setup.authenticator.close();
  }
}

/** A built authorization request: its URL, its pending state, and its parameters (what a pushed request sends). */
export interface BuiltAuthorizationRequest extends AuthorizationUrlResult {
  readonly params: ReadonlyArray<readonly [string, string]>;
}

/** Whether this request is pushed (RFC 9126): always when asked or required, else when the endpoint is known. */
export function pushesAuthorization(config: AuthorizationRequestConfig): boolean {
  return config.push.endpoint !== undefined && config.push.mode !== 'never';
}

/**
 * Pushes the parameters of `built` with the client authentication of `setup`'s token requests
 * (and `dpop`, to bind the code to that key) and returns the browser URL that carries only
 * `client_id` and the `request_uri` (the endpoint's own query kept), with the same pending
 * authorization.
 */
export async function pushAuthorization(
  config: AuthorizationRequestConfig,
  built: BuiltAuthorizationRequest,
  setup: OAuth2Setup,
  dpop: Dpop | undefined,
  signal?: AbortSignal,
): Promise<AuthorizationUrlResult> {
  const { endpoint } = config.push;
  if (endpoint === undefined || config.endpoint === undefined) throw invalidConfig('pushedAuthorizationRequestEndpoint', "the server's pushed authorization request endpoint and its authorization endpoint");
  const push: PushSetup = { clientAuth: setup.clientAuth, extraHeaders: setup.extraHeaders, fetch: setup.fetch, requestTimeoutMs: setup.requestTimeoutMs, dpop, signal };
  const pushed = await pushAuthorizationRequest(push, endpoint, built.params);
  const url = new URL(config.endpoint.href);
  const clientId = config.name('client_id');
  const kept = [...new URLSearchParams(url.search)].filter(([key]) => key !== clientId && key !== 'request_uri');
  url.search = '';
  appendQuery(url, [...kept, [clientId, config.clientId], ['request_uri', pushed.requestUri]]);
  return { url: url.href, pending: built.pending };
}

/** The URL and pending authorization for a checked configuration and a redirect URI. */
export function buildAuthorizationUrl(config: AuthorizationRequestConfig, redirectUri: string): BuiltAuthorizationRequest {
  checkRedirectUri(redirectUri, config.allowInsecureHttp);
  const pkce = createPkce();
  const state = generateState(config.state);
  const nonce = config.nonce ? randomToken() : undefined;
  const { name } = config;
  const required: Array<readonly [string, string]> = [
    ['response_type', 'code'],
    [name('client_id'), config.clientId],
    [name('redirect_uri'), redirectUri],
    ...(config.scope === undefined ? [] : [[name('scope'), config.scope] as const]),
    [name('state'), state],
    ['code_challenge', pkce.codeChallenge],
    ['code_challenge_method', pkce.codeChallengeMethod],
    ...(nonce === undefined ? [] : [['nonce', nonce] as const]),
  ];
  let url: URL;
  if (config.template !== undefined) {
    const expanded = expandTemplate(config.template, {
      client_id: config.clientId,
      redirect_uri: redirectUri,
      scope: config.scope ?? '',
      state,
      code_challenge: pkce.codeChallenge,
      code_challenge_method: pkce.codeChallengeMethod,
      ...(nonce === undefined ? {} : { nonce }),
    });
    url = checkEndpointUrl(expanded, 'authorizationUrlTemplate', config.allowInsecureHttp);
    const present = new URLSearchParams(url.search);
    const mustMatch = new Set([name('state'), 'code_challenge', 'code_challenge_method', 'nonce']);
    for (const [key, value] of present) {
      const ours = required.find(([item]) => item === key);
      if (ours !== undefined && mustMatch.has(key) && ours[1] !== value) {
        throw invalidConfig('authorizationUrlTemplate', `{{${key === name('state') ? 'state' : key}}} instead of a fixed ${key} value`);
      }
    }
    appendQuery(url, [...required, ...config.extras].filter(([key]) => !present.has(key)));
  } else {
    url = new URL(config.endpoint?.href ?? '');
    const ours = new Set([...required, ...config.extras].map(([key]) => key));
    const kept = [...new URLSearchParams(url.search)].filter(([key]) => !ours.has(key));
    url.search = '';
    appendQuery(url, [...kept, ...required, ...config.extras]);
  }
  const now = Date.now();
  const pending = new PendingAuthorization({
    state,
    codeVerifier: pkce.codeVerifier,
    ...(nonce === undefined ? {} : { nonce }),
    redirectUri,
    clientId: config.clientId,
    authorizationOrigin: url.origin,
    ...(config.issuer === undefined ? {} : { issuer: config.issuer }),
    createdAt: now,
    expiresAt: now + config.pendingTtlMs,
  });
  return { url: url.href, pending, params: [...required, ...config.extras] };
}

/** Appends `pairs` to the query, each name and value percent-encoded (spaces as `%20`, which every server reads). */
function appendQuery(url: URL, pairs: ReadonlyArray<readonly [string, string]>): void {
  const encoded = pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  const existing = url.search.replace(/^\?/, '');
  url.search = [existing, ...encoded].filter((part) => part !== '').join('&');
}
