// The two signed POSTs of the three-legged flow (RFC 5849 §2.1 and §2.3): sign with the consumer
// (and temporary) credentials, send without following redirects, and read the form-encoded
// answer into credentials. No secret sent, and no value the provider answered, goes into an error.
import type { AuthRequest } from '../../authenticator.js';
import { AuthError, invalidConfig } from '../../errors.js';
import { fetchText, type FetchFunction } from '../../http/fetch-text.js';
import { sanitizeText } from '../../http/sanitize-text.js';
import { checkEndpointUrl } from '../../oauth2/endpoint-url.js';
import { abortedError } from '../../token-manager/timers.js';
import type { OAuth1Parameter } from './base-string.js';
import { oauth1Credentials, type OAuth1AuthOptions } from './oauth1-auth.js';
import { signOAuth1Request, type OAuth1Credentials } from './sign-request.js';
import { OAuth1TokenCredentials, type OAuth1CredentialsKind } from './token-credentials.js';

/** The consumer fields, as {@link oauth1Auth} takes them. */
const consumerFields = ['consumerKey', 'consumerSecret', 'privateKey', 'signatureMethod', 'placement', 'realm'] as const;

/** One step's request, checked. */
export interface CredentialRequest {
  /** `requestTemporaryCredentials`, `oauth1Login`: starts messages and field names. */
  readonly where: string;
  /** `temporary credentials request`, `token credentials request`. */
  readonly step: string;
  readonly kind: OAuth1CredentialsKind;
  readonly url: URL;
  /** The consumer options as given (checked here, with `token` and `tokenSecret`). */
  readonly consumer: Readonly<Record<string, unknown>>;
  readonly token?: string;
  readonly tokenSecret?: string;
  /** `oauth_callback` or `oauth_verifier`. */
  readonly protocol: readonly OAuth1Parameter[];
  /** Further form parameters the provider asks for (`scope`, `x_auth_access_type`). */
  readonly params: Readonly<Record<string, string>>;
  readonly fetch: FetchFunction;
  readonly signal: AbortSignal | undefined;
}

/**
 * Checks the URL option `field` of `options`: absolute https, plain http only to loopback or with `allowInsecureHttp`.
 *
 * @internal
 * @example
 * ```ts
 * const url = endpointOption(options, 'requestTokenUrl', 'requestTemporaryCredentials');
 * ```
 */
export function endpointOption(options: Readonly<Record<string, unknown>>, field: string, where: string): URL {
  const allowInsecureHttp = options.allowInsecureHttp;
  if (allowInsecureHttp !== undefined && typeof allowInsecureHttp !== 'boolean') throw invalidConfig(`${where}.allowInsecureHttp`, 'true or false');
  return checkEndpointUrl(options[field], `${where}.${field}`, allowInsecureHttp === true);
}

/**
 * Checks `fetch`, `signal` and `params` of a step's options.
 *
 * @internal
 * @example
 * ```ts
 * const { fetch, signal, params } = requestOptions(options, 'requestTemporaryCredentials', 'params');
 * ```
 */
export function requestOptions(options: Readonly<Record<string, unknown>>, where: string, paramsField: string): { fetch: FetchFunction; signal: AbortSignal | undefined; params: Readonly<Record<string, string>> } {
  const { fetch, signal } = options;
  if (fetch !== undefined && typeof fetch !== 'function') throw invalidConfig(`${where}.fetch`, 'a fetch function');
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw invalidConfig(`${where}.signal`, 'an AbortSignal');
  return { fetch: (fetch as FetchFunction | undefined) ?? globalThis.fetch, signal, params: stringRecord(options[paramsField], `${where}.${paramsField}`) };
}

/**
 * A record of strings (`{}` for undefined), or `ERR_AUTH_INVALID_CONFIG` naming `field`. Names starting with `oauth_` are the flow's own.
 *
 * @internal
 * @example
 * ```ts
 * const params = stringRecord(options.authorizeParams, 'oauth1Login.authorizeParams');
 * ```
 */
export function stringRecord(value: unknown, field: string): Readonly<Record<string, string>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidConfig(field, 'an object of string values');
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw invalidConfig(`${field}.${name}`, 'a string');
    if (name.startsWith('oauth_')) throw invalidConfig(`${field}.${name}`, 'a parameter of the provider (oauth_ parameters are set by authwire)');
  }
  return value as Readonly<Record<string, string>>;
}

/**
 * What signs a step's request: the consumer fields of `options` (checked, `ERR_AUTH_INVALID_CONFIG`
 * naming `<where>.<field>`) with the token and its secret (RSA-SHA1 does not use the secret).
 *
 * @internal
 * @example
 * ```ts
 * consumerSigning(options, 'oauth1Login'); // throws now for a bad consumer
 * ```
 */
export function consumerSigning(options: Readonly<Record<string, unknown>>, where: string, token?: string, tokenSecret?: string): OAuth1Credentials {
  const consumer: Record<string, unknown> = {};
  for (const field of consumerFields) if (options[field] !== undefined) consumer[field] = options[field];
  if (token !== undefined) consumer.token = token;
  if (tokenSecret !== undefined && consumer.privateKey === undefined && consumer.signatureMethod !== 'RSA-SHA1') consumer.tokenSecret = tokenSecret;
  return oauth1Credentials(consumer as unknown as OAuth1AuthOptions, where, where);
}

/**
 * Signs and sends one step's POST and reads the provider's credentials from the answer.
 *
 * @internal
 * @example
 * ```ts
 * const temporary = await requestCredentials({ where, step: 'temporary credentials request', kind: 'temporary', url, consumer, protocol: [['oauth_callback', callback]], params, fetch, signal });
 * ```
 */
export async function requestCredentials(request: CredentialRequest): Promise<{ credentials: OAuth1TokenCredentials; answer: URLSearchParams }> {
  const { where, step, signal } = request;
  const signing = consumerSigning(request.consumer, where, request.token, request.tokenSecret);
  if (signal?.aborted === true) throw abortedError(signal, `the ${step}`);

  const form = new URLSearchParams(Object.entries(request.params));
  const authRequest: AuthRequest = {
    method: 'POST',
    url: new URL(request.url),
    headers: new Headers(),
    body: form.size > 0 || signing.placement === 'form' ? { type: 'form', value: form } : { type: 'none' },
  };
  signOAuth1Request(authRequest, { ...signing, bodyHash: false }, request.protocol);
  if (authRequest.body.type === 'form') authRequest.headers.set('content-type', 'application/x-www-form-urlencoded');
  authRequest.headers.set('accept', 'application/x-www-form-urlencoded, text/plain, */*');

  const secrets = [request.tokenSecret, request.consumer.consumerSecret, authRequest.headers.get('authorization'), authRequest.url.search]
    .filter((value): value is string => typeof value === 'string' && value !== '');
  const what = `${where}: ${step} to ${request.url.origin}`;
  let answer;
  try {
    answer = await fetchText({
      url: authRequest.url,
      init: { method: 'POST', headers: authRequest.headers, ...(authRequest.body.type === 'form' ? { body: authRequest.body.value.toString() } : {}) },
      fetch: request.fetch,
      signal: signal ?? new AbortController().signal,
      what,
      secrets,
      retryable: false,
    });
  } catch (error) {
    // Checked again: the signal may have fired during the request.
    if (isAborted(signal)) throw abortedError(signal, `the ${step}`);
    throw error;
  }
  if (answer.status < 200 || answer.status >= 300) throw refused(what, answer.status, answer.text, secrets);
  const body = new URLSearchParams(answer.text);
  const token = body.get('oauth_token');
  const tokenSecret = body.get('oauth_token_secret');
  if (token === null || token === '') throw malformed(what, 'oauth_token', answer.status);
  if (tokenSecret === null) throw malformed(what, 'oauth_token_secret', answer.status);
  const params: Record<string, string> = {};
  for (const [name, value] of body) if (name !== 'oauth_token' && name !== 'oauth_token_secret' && name !== 'oauth_callback_confirmed') params[name] = value;
  return { credentials: new OAuth1TokenCredentials(request.kind, token, tokenSecret, params), answer: body };
}

/**
 * `ERR_AUTH_TOKEN_REQUEST_FAILED` for an answer that lacks `field` (or has it wrong).
 *
 * @internal
 * @example
 * ```ts
 * throw malformed(what, 'oauth_callback_confirmed', 200, 'is not "true": the provider did not accept the callback');
 * ```
 */
export function malformed(what: string, field: string, status: number, why = 'is missing from the answer (expected a form-encoded body with oauth_token and oauth_token_secret)'): AuthError {
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `${what}: ${field} ${why}`, { details: { status, field, retryable: false } });
}

/** A refusal: the status, and the OAuth Problem Reporting `oauth_problem` when the provider sent one. */
function refused(what: string, status: number, text: string, secrets: readonly string[]): AuthError {
  if (status >= 300 && status < 400) {
    return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `${what}: the provider answered with a redirect (HTTP ${status}), which is not followed`, { details: { status, retryable: false } });
  }
  let problem: string | undefined;
  let advice: string | undefined;
  try {
    const body = new URLSearchParams(text);
    const raw = body.get('oauth_problem') ?? body.get('error') ?? undefined;
    problem = raw !== undefined && /^[A-Za-z0-9_.-]{1,64}$/.test(raw) ? raw : undefined;
    advice = sanitizeText(body.get('oauth_problem_advice') ?? body.get('error_description') ?? undefined, secrets);
  } catch {
    // Not a form: only the status is told.
  }
  const summary = `HTTP ${status}${problem === undefined ? '' : ` ${problem}`}${advice === undefined ? '' : `: ${advice}`}`;
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `${what} failed: ${summary}`, {
    details: { status, retryable: status >= 500 || status === 429, ...(problem === undefined ? {} : { problem }) },
  });
}

function isAborted(signal: AbortSignal | undefined): signal is AbortSignal {
  return signal?.aborted === true;
}
