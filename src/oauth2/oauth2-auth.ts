import { invalidConfig } from '../errors.js';
import { mappingProblems } from '../token.js';
import { createTokenAuthenticator } from '../token-authenticator.js';
import { TokenManager } from '../token-manager/token-manager.js';
import { fingerprint, type TokenCacheKeyParts } from '../token-manager/key.js';
import type { FetchToken, InitialToken } from '../token-manager/types.js';
import { createClientAuthentication, grantsWithoutClientId, type ClientAuthentication } from './client-auth.js';
import { checkEndpointUrl } from './endpoint-url.js';
import { createDpopAuthenticator } from './dpop/authenticator.js';
import { createDpop } from './dpop/dpop.js';
import { createGrantContext, type GrantContext } from './grant-context.js';
import { clientCredentialsGrant } from './grants/client-credentials.js';
import { interactiveGrant } from './grants/interactive.js';
import { jwtBearerGrant } from './grants/jwt-bearer.js';
import { passwordGrant } from './grants/password.js';
import { refreshTokenGrant } from './grants/refresh-token.js';
import { tokenExchangeGrant, tokenExchangeSetup } from './grants/token-exchange.js';
import { lifecycleOptions } from './lifecycle-options.js';
import { createParamBuilder, type ParamBuilder } from './params.js';
import { createRevoke, type OAuth2Authenticator } from './revocation.js';
import { checkTokenUri, DEFAULT_TOKEN_URL_ALLOW_LIST, parseServiceAccount } from './service-account.js';
import { assertionSigningKey } from './signing-key.js';
import type { JwtBearerGrantOptions, OAuth2AuthOptions, OAuth2ClientAuthMethod, OAuth2Grant, ServiceAccountKey, TokenRequestFormat } from './types.js';
import { clientSecureContext } from '../adapter-kit/tls-options.js';
import { tlsDispatcherLoader } from '../adapter-kit/tls-dispatcher.js';
import { checkClientTls } from '../strategies/client-tls-check.js';
import { headerRecord, optionalString, requiredString, tokenList } from '../validate/values.js';
import { checkOAuth2Options } from '../validate/oauth2-options.js';

const grants: readonly OAuth2Grant[] = ['client_credentials', 'refresh_token', 'password', 'jwt_bearer', 'authorization_code', 'device_code', 'token_exchange'];
const reservedAssertionClaims = ['iss', 'sub', 'aud', 'iat', 'exp', 'jti', 'nbf'];

/**
 * OAuth2 for machine clients: `client_credentials`, `refresh_token`, `password` (legacy),
 * `jwt_bearer` (RFC 7523, Google service accounts) and `token_exchange` (RFC 8693). Tokens are fetched, cached, shared and
 * refreshed by a {@link TokenManager}: one token request however many requests need it, rotated
 * refresh tokens stored before use, backoff on failures. `authorization_code` and `device_code`
 * use and refresh the token that an interactive login ({@link loopbackLogin},
 * {@link handleCallback}, {@link deviceLogin}) with the same options and store has stored; before
 * any login they fail with `ERR_AUTH_REAUTH_REQUIRED`.
 *
 * The access token goes in `Authorization: Bearer` unless `placement` says otherwise; a 401 for
 * the current token refreshes it once and retries, a 401 for an older token just retries.
 * Options are checked now: a bad field throws `ERR_AUTH_INVALID_CONFIG` naming it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749
 * @see https://www.rfc-editor.org/rfc/rfc7523
 * @see https://www.rfc-editor.org/rfc/rfc8693
 * @see https://www.rfc-editor.org/rfc/rfc7009
 * @see https://www.rfc-editor.org/rfc/rfc9700
 * @example
 * ```ts
 * import { oauth2Auth } from 'authwire';
 * import { authFetch } from 'authwire/fetch';
 *
 * const auth = oauth2Auth({
 *   grant: 'client_credentials',
 *   tokenUrl: 'https://auth.example.com/oauth/token',
 *   clientId: 'reporting',
 *   clientSecret: process.env.CLIENT_SECRET ?? '',
 *   scope: ['reports:read'],
 * });
 * const api = authFetch(auth, { origins: ['https://api.example.com'] });
 * const response = await api('https://api.example.com/reports');
 * ```
 */
export function oauth2Auth(options: OAuth2AuthOptions): OAuth2Authenticator {
  checkOAuth2Options(options);
  return createOAuth2Setup(options).authenticator;
}

/** What the interactive logins reuse of one {@link oauth2Auth} set-up: the same checks, client authentication and store key. */
export interface OAuth2Setup {
  readonly authenticator: OAuth2Authenticator;
  readonly context: GrantContext;
  readonly clientAuth: ClientAuthentication;
  readonly params: ParamBuilder;
  readonly clientId: string | undefined;
  readonly extraHeaders: Readonly<Record<string, string>>;
  readonly fetch: (input: URL, init: RequestInit) => Promise<Response>;
  readonly allowInsecureHttp: boolean;
  readonly requestTimeoutMs: number;
}

/** {@link oauth2Auth} with its parts: options checked, token manager and authenticator built. */
export function createOAuth2Setup(options: OAuth2AuthOptions): OAuth2Setup {
  if (typeof options !== 'object' || options === null) throw invalidConfig('oauth2', 'an options object');
  const grant: unknown = options.grant;
  if (!grants.includes(grant as OAuth2Grant)) throw invalidConfig('grant', `one of ${grants.map((name) => `'${name}'`).join(', ')}`);
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const clientId = optionalString(options.clientId, 'clientId');
  const clientSecret = optionalString(options.clientSecret, 'clientSecret');
  const scopes = tokenList(options.scope, 'scope');
  const separator = options.scopeSeparator ?? ' ';
  if (typeof separator !== 'string' || separator === '' || /[\r\n]/.test(separator)) throw invalidConfig('scopeSeparator', 'a non-empty string');
  const audience = optionalString(options.audience, 'audience');
  const resource = tokenList(options.resource, 'resource');
  for (const [index, item] of resource.entries()) if (!URL.canParse(item)) throw invalidConfig(`resource[${index}]`, 'an absolute URI (RFC 8707)');
  if (options.response !== undefined) {
    const problems = mappingProblems(options.response);
    if (problems.length > 0) throw invalidConfig(`response.${problems[0] ?? ''}`, 'a dotted path such as data.access_token');
  }

  const jwt = options.grant === 'jwt_bearer' ? jwtBearerInputs(options, allowInsecureHttp) : undefined;
  const tokenUrl = jwt?.tokenUrl ?? checkEndpointUrl(options.tokenUrl, 'tokenUrl', allowInsecureHttp);
  const params = createParamBuilder(options.paramNames, options.extraParams);
  const clientAuth = createClientAuthentication({
    method: options.clientAuth,
    clientId,
    clientSecret,
    assertion: options.clientAssertion,
    audience: optionalString(options.issuer, 'issuer') ?? tokenUrl.href,
    params,
    clientIdOptional: grantsWithoutClientId.includes(options.grant),
    basicEncoding: options.basicEncoding,
  });
  const tokenFetch = tokenRequestFetch(options, clientAuth.method);
  const dpop = createDpop(options.dpop);
  if (dpop !== undefined && options.placement !== undefined) throw invalidConfig('placement', 'no placement with dpop (the token goes in Authorization: DPoP)');
  const extraHeaders = headerRecord(options.extraHeaders, 'extraHeaders', clientAuth.method === 'client_secret_basic' ? ['authorization', 'content-type'] : ['content-type']);
  const context = createGrantContext({
    grant: options.grant,
    tokenUrl,
    params,
    clientAuth,
    scope: scopes.length > 0 ? scopes.join(separator) : undefined,
    audience,
    resource,
    scopeOnRefresh: options.scopeOnRefresh === true,
    extraHeaders,
    format: requestFormat(options.requestFormat),
    mapping: options.response,
    fetch: tokenFetch,
    dpop,
  });

  let fetchToken: FetchToken;
  let subject: string | undefined;
  let initialToken: InitialToken | undefined;
  switch (options.grant) {
    case 'client_credentials':
      fetchToken = clientCredentialsGrant(context);
      break;
    case 'refresh_token': {
      const refreshToken = requiredString(options.refreshToken, 'refreshToken');
      const accessToken = optionalString(options.accessToken, 'accessToken');
      const expiresAt = options.expiresAt instanceof Date ? options.expiresAt.getTime() : options.expiresAt;
      if (expiresAt !== undefined && !Number.isFinite(expiresAt)) throw invalidConfig('expiresAt', 'a Date or epoch milliseconds');
      if (expiresAt !== undefined && accessToken === undefined) throw invalidConfig('expiresAt', 'only together with accessToken');
      subject = optionalString(options.subject, 'subject') ?? `refresh-token:${fingerprint(refreshToken)}`;
      initialToken = { refreshToken, ...(accessToken === undefined ? {} : { accessToken }), ...(expiresAt === undefined ? {} : { expiresAt }) };
      fetchToken = refreshTokenGrant(context);
      break;
    }
    case 'password': {
      const username = requiredString(options.username, 'username');
      const password = options.password;
      if (typeof password !== 'string' || password === '') throw invalidConfig('password', 'a non-empty string');
      subject = `user:${username}`;
      fetchToken = passwordGrant(context, username, password);
      break;
    }
    case 'jwt_bearer': {
      if (jwt === undefined) throw invalidConfig('grant', "'jwt_bearer' settings");
      subject = `${jwt.setup.issuer}|${jwt.setup.subject ?? ''}`;
      fetchToken = jwtBearerGrant(context, jwt.setup);
      break;
    }
    case 'token_exchange': {
      const exchange = tokenExchangeSetup(options);
      subject = exchange.cacheSubject;
      fetchToken = tokenExchangeGrant(context, exchange);
      break;
    }
    case 'authorization_code':
    case 'device_code':
      subject = optionalString(options.subject, 'subject');
      fetchToken = interactiveGrant(context, options.grant);
      break;
    default:
      throw invalidConfig('grant', `a supported grant (got ${String(options satisfies never)})`);
  }

  const key: TokenCacheKeyParts | string =
    options.cacheKey !== undefined
      ? requiredString(options.cacheKey, 'cacheKey')
      : {
          grant: options.grant,
          tokenUrl: tokenUrl.href,
          ...(clientId === undefined ? {} : { clientId }),
          ...(subject === undefined ? {} : { subject }),
          scope: scopes,
          ...(audience === undefined ? {} : { audience }),
          resource,
        };
  const grantFetch = fetchToken;
  // A refresh proves with the key the refreshed token is bound to (a DPoP-bound refresh token needs it).
  if (dpop !== undefined) fetchToken = (state) => dpop.withKeyOf(state.previous, () => grantFetch(state));
  const manager = new TokenManager({
    ...lifecycleOptions(options),
    key,
    fetchToken,
    name: `oauth2:${options.grant}`,
    ...(initialToken === undefined ? {} : { initialToken }),
  });
  const tokenAuthenticator =
    dpop === undefined
      ? createTokenAuthenticator({
          name: `oauth2:${options.grant}`,
          manager,
          insufficientScope: 'error',
          ...(options.placement === undefined ? {} : { placement: options.placement }),
          ...(options.tls === undefined ? {} : { tls: options.tls }),
        })
      : createDpopAuthenticator({ name: `oauth2:${options.grant}`, manager, dpop, tls: options.tls });
  const send = options.fetch ?? ((input: URL, init: RequestInit) => globalThis.fetch(input, init));
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const revoke = createRevoke({
    manager, clientAuth, extraHeaders, fetch: tokenFetch ?? send, allowInsecureHttp, requestTimeoutMs,
    revocationUrl: options.revocationUrl === undefined ? undefined : checkEndpointUrl(options.revocationUrl, 'revocationUrl', allowInsecureHttp),
    issuer: optionalString(options.issuer, 'issuer'),
    dpop,
  });
  const authenticator: OAuth2Authenticator = { ...tokenAuthenticator, revoke };
  return {
    authenticator,
    context,
    clientAuth,
    params,
    clientId,
    extraHeaders,
    fetch: send,
    allowInsecureHttp,
    requestTimeoutMs,
  };
}

/** `requestFormat`, checked: `form` unless given. */
function requestFormat(value: unknown): TokenRequestFormat {
  if (value === undefined || value === 'form' || value === 'json') return value ?? 'form';
  throw invalidConfig('requestFormat', "'form' or 'json'");
}

/** The `jwt_bearer` settings: token URL (from the options or the key file, checked before any signing), key and claims. */
function jwtBearerInputs(options: JwtBearerGrantOptions, allowInsecureHttp: boolean): { tokenUrl: URL; setup: Parameters<typeof jwtBearerGrant>[1] } {
  const assertion = options.assertion ?? {};
  const account: ServiceAccountKey | undefined = options.serviceAccount === undefined ? undefined : parseServiceAccount(options.serviceAccount);
  let tokenUrl: URL;
  if (options.tokenUrl !== undefined) {
    tokenUrl = checkEndpointUrl(options.tokenUrl, 'tokenUrl', allowInsecureHttp);
  } else if (account?.token_uri !== undefined) {
    tokenUrl = checkTokenUri(account.token_uri, options.tokenUrlAllowList ?? DEFAULT_TOKEN_URL_ALLOW_LIST, allowInsecureHttp);
  } else {
    throw invalidConfig('tokenUrl', 'a token URL (or a serviceAccount with token_uri)');
  }
  if (account !== undefined && assertion.privateKey !== undefined) throw invalidConfig('assertion.privateKey', 'no key besides serviceAccount');
  const key = assertionSigningKey(assertion.privateKey ?? account?.private_key, assertion.algorithm, account === undefined ? 'assertion.privateKey' : 'serviceAccount.private_key');
  const issuer = optionalString(assertion.issuer, 'assertion.issuer') ?? account?.client_email ?? optionalString(options.clientId, 'clientId');
  if (issuer === undefined) throw invalidConfig('assertion.issuer', 'the assertion issuer (or a serviceAccount, or clientId)');
  const lifetimeSeconds = assertion.expiresInSeconds ?? 3600;
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 1 || lifetimeSeconds > 3600) throw invalidConfig('assertion.expiresInSeconds', 'an integer from 1 to 3600');
  const claims = assertion.claims ?? {};
  if (typeof claims !== 'object' || claims === null) throw invalidConfig('assertion.claims', 'an object');
  for (const name of Object.keys(claims)) if (reservedAssertionClaims.includes(name)) throw invalidConfig(`assertion.claims.${name}`, 'a claim other than iss, sub, aud, iat, exp, jti, nbf');
  const scopeIn = options.scopeIn ?? (account === undefined ? 'body' : 'assertion');
  if (scopeIn !== 'assertion' && scopeIn !== 'body') throw invalidConfig('scopeIn', "'assertion' or 'body'");
  const scopes = tokenList(options.scope, 'scope');
  return {
    tokenUrl,
    setup: {
      key,
      keyId: optionalString(assertion.keyId, 'assertion.keyId') ?? account?.private_key_id,
      issuer,
      subject: optionalString(assertion.subject, 'assertion.subject'),
      audience: optionalString(assertion.audience, 'assertion.audience') ?? tokenUrl.href,
      lifetimeSeconds,
      claims,
      scopeClaim: scopeIn === 'assertion' && scopes.length > 0 ? scopes.join(' ') : undefined,
    },
  };
}

/** With tls_client_auth the token request presents the client certificate (an undici dispatcher). */
function tokenRequestFetch(options: OAuth2AuthOptions, method: OAuth2ClientAuthMethod): OAuth2AuthOptions['fetch'] {
  if (method !== 'tls_client_auth') return options.fetch;
  if (options.tls?.cert === undefined && options.tls?.pfx === undefined) throw invalidConfig('tls', "a client certificate (cert and key, or pfx) for clientAuth 'tls_client_auth'");
  const dispatcher = tlsDispatcherLoader(clientSecureContext(checkClientTls(options.tls)));
  const send = options.fetch ?? ((input: URL, init: RequestInit) => globalThis.fetch(input, init));
  return async (input, init) => send(input, { ...init, dispatcher: await dispatcher() } as RequestInit);
}
