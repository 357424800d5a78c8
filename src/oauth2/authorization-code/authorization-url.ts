import { invalidConfig } from '../../errors.js';
import { checkEndpointUrl } from '../endpoint-url.js';
import { PendingAuthorization } from './pending.js';
import { createPkce, randomToken } from './pkce.js';
import { generateState } from './state-shape.js';
import { checkAuthorizationRequest, checkRedirectUri, type AuthorizationRequestConfig } from './request-config.js';
import type { AuthorizationRequestOptions } from './types.js';
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
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1
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
export function authorizationUrl(options: AuthorizationRequestOptions): AuthorizationUrlResult {
  checkAuthorizationCodeOptions(options, 'authorizationUrl');
  const config = checkAuthorizationRequest(options);
  if (config.redirectUri === undefined) throw invalidConfig('redirectUri', 'the redirect URI registered for this client');
  return buildAuthorizationUrl(config, config.redirectUri);
}

/** The URL and pending authorization for a checked configuration and a redirect URI. */
export function buildAuthorizationUrl(config: AuthorizationRequestConfig, redirectUri: string): AuthorizationUrlResult {
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
  return { url: url.href, pending };
}

/** Appends `pairs` to the query, each name and value percent-encoded (spaces as `%20`, which every server reads). */
function appendQuery(url: URL, pairs: ReadonlyArray<readonly [string, string]>): void {
  const encoded = pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  const existing = url.search.replace(/^\?/, '');
  url.search = [existing, ...encoded].filter((part) => part !== '').join('&');
}
