import { AuthError, invalidConfig } from '../../errors.js';
import { isLoopback } from '../../adapter-kit/origin-policy.js';
import { checkEndpointUrl } from '../endpoint-url.js';
import { createParamBuilder } from '../params.js';
import type { OAuth2ParamName } from '../types.js';
import { optionalString, requiredString, tokenList } from '../../validate/values.js';
import type { AuthorizationRequestOptions } from './types.js';
import { checkStateShape, type CheckedStateShape } from './state-shape.js';
import { checkTemplate } from './url-template.js';

/** {@link AuthorizationRequestOptions}, checked. */
export interface AuthorizationRequestConfig {
  readonly endpoint: URL | undefined;
  readonly template: string | undefined;
  readonly clientId: string;
  readonly redirectUri: string | undefined;
  readonly scope: string | undefined;
  readonly nonce: boolean;
  /** How the `state` is generated; `undefined`: the default. */
  readonly state: CheckedStateShape | undefined;
  readonly issuer: string | undefined;
  readonly pendingTtlMs: number;
  readonly allowInsecureHttp: boolean;
  /** Wire name of a standard parameter. */
  name(param: OAuth2ParamName): string;
  /** `prompt`, `access_type`, `token_access_type`, `audience`, `resource` and `authorizationParams`, in order. */
  readonly extras: ReadonlyArray<readonly [string, string]>;
  /** Pushed authorization requests (RFC 9126): the endpoint, and whether to push when it is known (`auto`), always, or never. */
  readonly push: { readonly endpoint: URL | undefined; readonly mode: 'auto' | 'always' | 'never' };
}

/** Parameters authwire sets itself in an authorization request. */
const fixed = ['response_type', 'code_challenge', 'code_challenge_method', 'nonce'];
const forbiddenSchemes = new Set(['javascript:', 'data:', 'file:', 'vbscript:', 'blob:']);

/** Checks the options of an authorization request at once; errors name the field. */
export function checkAuthorizationRequest(options: AuthorizationRequestOptions): AuthorizationRequestConfig {
  if (typeof options !== 'object' || options === null) throw invalidConfig('options', 'an options object');
  const allowInsecureHttp = options.allowInsecureHttp === true;
  if ((options.authorizationEndpoint === undefined) === (options.authorizationUrlTemplate === undefined)) {
    throw invalidConfig('authorizationEndpoint', 'either authorizationEndpoint or authorizationUrlTemplate (one of them)');
  }
  const endpoint = options.authorizationEndpoint === undefined ? undefined : checkEndpointUrl(options.authorizationEndpoint, 'authorizationEndpoint', allowInsecureHttp);
  const template = options.authorizationUrlTemplate === undefined ? undefined : checkTemplate(options.authorizationUrlTemplate, allowInsecureHttp);
  const clientId = requiredString(options.clientId, 'clientId');
  const redirectUri = options.redirectUri === undefined ? undefined : checkRedirectUri(options.redirectUri, allowInsecureHttp);
  const scopes = tokenList(options.scope, 'scope');
  const separator = options.scopeSeparator ?? ' ';
  if (typeof separator !== 'string' || separator === '' || /[\r\n]/.test(separator)) throw invalidConfig('scopeSeparator', 'a non-empty string');
  const { name } = createParamBuilder(options.paramNames, undefined);
  const extras: Array<readonly [string, string]> = [];
  const prompt = optionalString(options.prompt, 'prompt');
  if (prompt !== undefined) extras.push(['prompt', prompt]);
  if (options.accessType !== undefined) extras.push(['access_type', oneOf(options.accessType, 'accessType', ['online', 'offline'])]);
  if (options.tokenAccessType !== undefined) extras.push(['token_access_type', oneOf(options.tokenAccessType, 'tokenAccessType', ['online', 'offline', 'legacy'])]);
  const audience = optionalString(options.audience, 'audience');
  if (audience !== undefined) extras.push([name('audience'), audience]);
  for (const [index, item] of tokenList(options.resource, 'resource').entries()) {
    if (!URL.canParse(item)) throw invalidConfig(`resource[${index}]`, 'an absolute URI (RFC 8707)');
    extras.push([name('resource'), item]);
  }
  const taken = new Set([...fixed, ...(['client_id', 'redirect_uri', 'scope', 'state'] as const).map(name), ...extras.map(([key]) => key)]);
  const params = options.authorizationParams ?? {};
  if (typeof params !== 'object' || params === null) throw invalidConfig('authorizationParams', 'an object of parameter names to strings');
  for (const [key, value] of Object.entries(params)) {
    if (typeof value !== 'string' || /[\r\n]/.test(value)) throw invalidConfig(`authorizationParams.${key}`, 'a string without line breaks');
    if (key === '' || taken.has(key)) throw invalidConfig(`authorizationParams.${key}`, 'a parameter authwire does not set itself (use the dedicated option)');
    if (key === 'response_mode' && value !== 'query') throw invalidConfig('authorizationParams.response_mode', "'query' (the callback is read from the query string)");
    extras.push([key, value]);
  }
  const nonce = options.nonce ?? scopes.includes('openid');
  if (typeof nonce !== 'boolean') throw invalidConfig('nonce', 'a boolean');
  const pendingTtlMs = options.pendingTtlMs ?? 600_000;
  if (typeof pendingTtlMs !== 'number' || !Number.isFinite(pendingTtlMs) || pendingTtlMs < 1_000 || pendingTtlMs > 86_400_000) {
    throw invalidConfig('pendingTtlMs', 'milliseconds from 1 000 to 86 400 000');
  }
  return {
    push: checkPush(options, template !== undefined, allowInsecureHttp),
    endpoint,
    template,
    clientId,
    redirectUri,
    scope: scopes.length > 0 ? scopes.join(separator) : undefined,
    nonce,
    state: checkStateShape(options.state),
    issuer: optionalString(options.issuer, 'issuer'),
    pendingTtlMs,
    allowInsecureHttp,
    name,
    extras,
  };
}

/**
 * A redirect URI: absolute, no fragment; `https:`, plain `http:` only to loopback (or with
 * `allowInsecureHttp`), or a private-use scheme of a native app (`com.example.app:/callback`).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.1.1
 */
export function checkRedirectUri(value: unknown, allowInsecureHttp: boolean): string {
  if (typeof value !== 'string' && !(value instanceof URL)) throw invalidConfig('redirectUri', 'an absolute URL');
  if (!URL.canParse(String(value))) throw invalidConfig('redirectUri', 'an absolute URL');
  const url = new URL(String(value));
  if (url.hash !== '' || String(value).includes('#')) throw invalidConfig('redirectUri', 'a URL without a fragment');
  if (forbiddenSchemes.has(url.protocol)) throw invalidConfig('redirectUri', 'an https, loopback http or private-use scheme URL');
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url)) {
    throw new AuthError('ERR_AUTH_INSECURE_URL', `redirectUri: refusing a plain http redirect URI on ${url.origin}; use https, or set allowInsecureHttp: true`, {
      details: { field: 'redirectUri', origin: url.origin },
    });
  }
  return String(value);
}

/** The pushed-authorization options, checked: what is asked for must be possible. */
function checkPush(options: AuthorizationRequestOptions, templated: boolean, allowInsecureHttp: boolean): AuthorizationRequestConfig['push'] {
  const asked = options.pushedAuthorizationRequests;
  if (asked !== undefined && typeof asked !== 'boolean') throw invalidConfig('pushedAuthorizationRequests', 'a boolean');
  const required = options.requirePushedAuthorizationRequests ?? false;
  if (typeof required !== 'boolean') throw invalidConfig('requirePushedAuthorizationRequests', 'a boolean');
  const given = options.pushedAuthorizationRequestEndpoint;
  const endpoint = given === undefined ? undefined : checkEndpointUrl(given, 'pushedAuthorizationRequestEndpoint', allowInsecureHttp);
  if (required && asked === false) throw invalidConfig('pushedAuthorizationRequests', 'true or absent (the server requires pushed authorization requests, RFC 9126)');
  if ((asked === true || required) && endpoint === undefined) {
    throw invalidConfig('pushedAuthorizationRequestEndpoint', "the server's pushed authorization request endpoint (RFC 9126)");
  }
  const always = asked === true || required;
  if (templated && always) throw invalidConfig('authorizationUrlTemplate', 'authorizationEndpoint instead (a pushed authorization request needs the endpoint, not a template)');
  return { endpoint, mode: always ? 'always' : asked === false || templated ? 'never' : 'auto' };
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw invalidConfig(field, `one of ${allowed.map((item) => `'${item}'`).join(', ')}`);
  return value as T;
}
