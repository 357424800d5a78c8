// The login request of sessionTokenAuth, checked once when the authenticator is created.
import type { Authenticator } from '../authenticator.js';
import { invalidConfig } from '../errors.js';
import { checkEndpointUrl } from '../oauth2/endpoint-url.js';
import type { ExpiresAtFormat } from '../token-expiry.js';
import { fingerprint } from '../token-manager/key.js';
import { parseLifetime, type ResponseExpiry, type SessionLifetime } from './session-expiry.js';
import { checkInjection } from './session-inject.js';
import { checkJsonPath, tokenSource, type TokenSource } from './session-token-source.js';
import type { SessionJsonValue, SessionTokenAuthOptions, SessionTokenPlacement } from './session-token-types.js';

/**
 * The login request's body, as sent.
 *
 * @example
 * ```ts
 * const body: LoginBody = { type: 'form', value: { user: 'robot', pass: password } };
 * ```
 */
export type LoginBody =
  | { readonly type: 'none' }
  | { readonly type: 'json'; readonly value: { readonly [key: string]: SessionJsonValue } }
  | { readonly type: 'form'; readonly value: Readonly<Record<string, string>> };

/**
 * Everything needed to log in and read the answer (built by {@link prepareLogin}).
 *
 * @example
 * ```ts
 * const setup: LoginSetup = prepareLogin(options);
 * ```
 */
export interface LoginSetup {
  /** The login URL with its query. */
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: LoginBody;
  readonly auth: Authenticator | undefined;
  readonly fetch: (input: URL, init: RequestInit) => Promise<Response>;
  readonly source: TokenSource;
  readonly tokenPrefix: string | undefined;
  readonly lifetime: SessionLifetime;
  readonly expiry: ResponseExpiry;
  readonly inject: SessionTokenPlacement;
  /** Every string value of the login request (body, query, headers): never quoted in a message. */
  readonly secrets: readonly string[];
  /** A fingerprint of what identifies this login's token (for the cache key; no secret in clear). */
  readonly fingerprint: string;
}

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const bodyless = new Set(['GET', 'HEAD']);

/**
 * Checks every option of `sessionTokenAuth` that concerns the login and the token; throws
 * `ERR_AUTH_INVALID_CONFIG` (or `ERR_AUTH_INSECURE_URL`) naming the field.
 *
 * @example
 * ```ts
 * const setup = prepareLogin({ login: { url, json }, tokenPath: 'id', expiresIn: 'P14D' });
 * ```
 */
export function prepareLogin(options: SessionTokenAuthOptions): LoginSetup {
  const login: unknown = options.login;
  if (typeof login !== 'object' || login === null) throw invalidConfig('login', 'an object with the login url');
  const raw = login as Record<string, unknown>;
  const url = checkEndpointUrl(raw.url, 'login.url', options.allowInsecureHttp === true);
  const method = raw.method === undefined ? 'POST' : raw.method;
  if (typeof method !== 'string' || !headerName.test(method)) throw invalidConfig('login.method', 'an HTTP method such as POST');
  const upper = method.toUpperCase();
  for (const [name, value] of Object.entries(record(raw.query, 'login.query'))) url.searchParams.append(name, value);
  const headers = record(raw.headers, 'login.headers');
  for (const [name, value] of Object.entries(headers)) {
    if (!headerName.test(name)) throw invalidConfig(`login.headers.${name}`, 'a valid header name');
    if (/[\r\n\0]/.test(value)) throw invalidConfig(`login.headers.${name}`, 'a value without line breaks');
  }
  const body = loginBody(raw.json, raw.form);
  if (body.type !== 'none' && bodyless.has(upper)) throw invalidConfig('login.method', `a method that takes a body (not ${upper}) with login.json or login.form`);
  const auth = raw.auth;
  if (auth !== undefined && typeof (auth as Partial<Authenticator> | null)?.authenticate !== 'function') throw invalidConfig('login.auth', 'an Authenticator');
  if ((auth as Authenticator | undefined)?.tls !== undefined) {
    throw invalidConfig('login.auth.tls', 'no client certificate on the login authenticator: pass login.fetch bound to an undici Agent that presents it');
  }
  const fetcher = raw.fetch;
  if (fetcher !== undefined && typeof fetcher !== 'function') throw invalidConfig('login.fetch', 'a fetch function');

  const source = tokenSource(options);
  const tokenPrefix = options.tokenPrefix;
  if (tokenPrefix !== undefined && (typeof tokenPrefix !== 'string' || tokenPrefix.trim() === '' || /[\r\n]/.test(tokenPrefix))) {
    throw invalidConfig('tokenPrefix', 'a non-empty string such as Bearer');
  }
  const lifetime = parseLifetime(options.expiresIn, 'expiresIn');
  const expiry: ResponseExpiry = {
    expiresInPath: options.expiresInPath === undefined ? undefined : checkJsonPath(options.expiresInPath, 'expiresInPath'),
    expiresAtPath: options.expiresAtPath === undefined ? undefined : checkJsonPath(options.expiresAtPath, 'expiresAtPath'),
    expiresAtFormat: checkFormat(options.expiresAtFormat),
  };
  if (lifetime.kind === 'none' && (expiry.expiresInPath !== undefined || expiry.expiresAtPath !== undefined)) {
    throw invalidConfig('expiresIn', "a lifetime (not 'none') when expiresInPath or expiresAtPath is given: with 'none' a token is never reused");
  }
  const inject = checkInjection(options.inject ?? (source.kind === 'cookie' ? { in: 'cookie', name: source.name } : { in: 'header', name: 'Authorization', prefix: 'Bearer' }), 'inject');

  const secrets = [...url.searchParams.values(), ...Object.values(headers), ...bodyStrings(body)].filter((value) => value.length >= 4);
  const identity = JSON.stringify([upper, url.href, Object.entries(headers).sort(), body, source, tokenPrefix ?? '', lifetime, expiry.expiresInPath ?? '', expiry.expiresAtPath ?? '']);
  return {
    url,
    method: upper,
    headers,
    body,
    auth: auth as Authenticator | undefined,
    fetch: (fetcher as LoginSetup['fetch'] | undefined) ?? ((input, init) => globalThis.fetch(input, init)),
    source,
    tokenPrefix,
    lifetime,
    expiry,
    inject,
    secrets,
    fingerprint: fingerprint(identity),
  };
}

function record(value: unknown, field: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidConfig(field, 'an object of names to strings');
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
    if (typeof item !== 'string') throw invalidConfig(`${field}.${name}`, 'a string');
    out[name] = item;
  }
  return out;
}

function loginBody(json: unknown, form: unknown): LoginBody {
  if (json !== undefined && form !== undefined) throw invalidConfig('login', 'at most one of json and form');
  if (form !== undefined) return { type: 'form', value: record(form, 'login.form') };
  if (json === undefined) return { type: 'none' };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalidConfig('login.json', 'a JSON object');
  let copy: unknown;
  try {
    copy = JSON.parse(JSON.stringify(json));
  } catch {
    throw invalidConfig('login.json', 'a JSON-serializable object');
  }
  return { type: 'json', value: copy as { readonly [key: string]: SessionJsonValue } };
}

function checkFormat(format: unknown): ExpiresAtFormat | undefined {
  if (format === undefined || typeof format === 'function') return format as ExpiresAtFormat | undefined;
  if (typeof format === 'string' && ['auto', 'iso', 'epoch-seconds', 'epoch-milliseconds'].includes(format)) return format as ExpiresAtFormat;
  if (typeof format === 'object' && format !== null && typeof (format as { pattern?: unknown }).pattern === 'string') return format as ExpiresAtFormat;
  throw invalidConfig('expiresAtFormat', "'auto', 'iso', 'epoch-seconds', 'epoch-milliseconds', { pattern } or a function");
}

function bodyStrings(body: LoginBody): string[] {
  if (body.type === 'form') return Object.values(body.value);
  if (body.type === 'none') return [];
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) visit(item);
  };
  visit(body.value);
  return out;
}
