import { invalidConfig } from '../../errors.js';
import { finishLogin } from '../finish-login.js';
import type { LoginResult } from '../login-types.js';
import { createOAuth2Setup, type OAuth2Setup } from '../oauth2-auth.js';
import { checkProfile, type ProfileConfig } from '../profile.js';
import { requestSignal } from '../request-signal.js';
import { checkAccessTokenParams, fillAccessTokenParams, type AccessTokenParams } from './access-token-params.js';
import { readCallback, type CallbackCheck } from './callback.js';
import { exchangeCode } from './exchange.js';
import { checkEndpointUrl } from '../endpoint-url.js';
import { idTokenVerifier } from '../id-token-keys.js';
import { checkIdToken } from './id-token.js';
import { PendingAuthorization } from './pending.js';
import { checkAuthorizationRequest, type AuthorizationRequestConfig } from './request-config.js';
import type { AuthorizationCodeOptions } from './types.js';

/** One authorization-code login, its options checked and its authenticator built. */
export interface AuthorizationCodeFlow {
  readonly setup: OAuth2Setup;
  readonly check: CallbackCheck;
  readonly profile: ProfileConfig | undefined;
  readonly clientId: string;
  /** `accessTokenParams`, checked. */
  readonly accessTokenParams: AccessTokenParams | undefined;
  /** `jwksUrl`, checked. */
  readonly jwksUrl: URL | undefined;
}

/**
 * Checks the options (all of them, so nothing fails after the browser was opened) and builds the
 * authenticator the login will store its token through. With `withRequest`, the
 * authorization-request options are checked too and returned.
 */
export function prepareAuthorizationCode(options: AuthorizationCodeOptions): AuthorizationCodeFlow;
export function prepareAuthorizationCode(options: AuthorizationCodeOptions, withRequest: true): AuthorizationCodeFlow & { readonly request: AuthorizationRequestConfig };
export function prepareAuthorizationCode(options: AuthorizationCodeOptions, withRequest = false): AuthorizationCodeFlow & { readonly request?: AuthorizationRequestConfig } {
  if (typeof options !== 'object' || options === null) throw invalidConfig('options', 'an options object');
  const request = withRequest ? checkAuthorizationRequest(options) : undefined;
  const requireIssuer = options.requireIssuerInResponse ?? false;
  if (typeof requireIssuer !== 'boolean') throw invalidConfig('requireIssuerInResponse', 'a boolean');
  const profile = checkProfile(options.profile, options.allowInsecureHttp === true);
  const setup = createOAuth2Setup({ ...options, grant: 'authorization_code' });
  const accessTokenParams = checkAccessTokenParams(options.accessTokenParams, setup.clientAuth.method);
  // createOAuth2Setup has checked the issuer; client authentication of this grant always needs a client id.
  return {
    setup,
    check: { name: setup.params.name, issuer: options.issuer, requireIssuer },
    profile,
    clientId: setup.clientId ?? '',
    accessTokenParams,
    jwksUrl: options.jwksUrl === undefined ? undefined : checkEndpointUrl(options.jwksUrl, 'jwksUrl', setup.allowInsecureHttp),
    ...(request === undefined ? {} : { request }),
  };
}

/**
 * Checks a callback against `pending`, exchanges the code, checks the ID token, fetches the
 * profile and stores the token. On any failure nothing is stored.
 */
export async function completeAuthorization(flow: AuthorizationCodeFlow, callbackUrl: string | URL, pending: PendingAuthorization, signal?: AbortSignal): Promise<LoginResult> {
  if (!(pending instanceof PendingAuthorization)) throw invalidConfig('pending', 'the PendingAuthorization authorizationUrl() returned');
  if (pending.clientId !== flow.clientId) throw invalidConfig('clientId', 'the client id the authorization URL was built for');
  const { code, codeVerifier } = readCallback(callbackUrl, pending, flow.check);
  const exchange = requestSignal(flow.setup.requestTimeoutMs, 'the code exchange', signal);
  let token;
  try {
    const params = flow.accessTokenParams === undefined ? undefined : fillAccessTokenParams(flow.accessTokenParams, { clientId: flow.clientId, redirectUri: pending.redirectUri });
    token = await exchangeCode(flow.setup.context, { code, codeVerifier, redirectUri: pending.redirectUri, signal: exchange.signal, ...(params === undefined ? {} : { params }) });
  } finally {
    exchange.done();
  }
  const issuer = flow.check.issuer ?? pending.issuer;
  const { setup } = flow;
  const verify = idTokenVerifier({ jwksUrl: flow.jwksUrl, issuer, fetch: setup.fetch, allowInsecureHttp: setup.allowInsecureHttp, requestTimeoutMs: setup.requestTimeoutMs });
  await checkIdToken(token.idToken, { nonce: pending.nonce, clientId: pending.clientId, issuer, verify, signal });
  const finish = requestSignal(flow.setup.requestTimeoutMs, 'the profile request', signal);
  try {
    return await finishLogin(flow.setup, token, flow.profile, finish.signal);
  } finally {
    finish.done();
  }
}
