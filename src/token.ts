import { AuthError } from './errors.js';
import type { StoredToken } from './stores/token-store.js';
import { computeExpiresAt, type ExpiryOptions } from './token-expiry.js';
import { readPath } from './read-path.js';

/**
 * A token as the token manager hands it out. `expiresAt` is always a finite time.
 *
 * @example
 * ```ts
 * const token: Token = { accessToken: 'abc', tokenType: 'Bearer', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 };
 * ```
 */
export interface Token {
  /** The access token. */
  readonly accessToken: string;
  /** The token type; `bearer` in any case is written `Bearer`. `Bearer` when the server sent none. */
  readonly tokenType: string;
  /** When the token was requested (or written to the store), in epoch milliseconds. */
  readonly issuedAt: number;
  /** When the access token expires, in epoch milliseconds; always finite. */
  readonly expiresAt: number;
  /** The refresh token, if the server issued one (or an earlier one is kept). */
  readonly refreshToken?: string;
  /** The granted scope, as the server wrote it. */
  readonly scope?: string;
  /** An OpenID Connect ID token, if the server sent one. */
  readonly idToken?: string;
  /**
   * The DPoP key pair the token is bound to (RFC 9449), as the private JWK's JSON text: proofs for
   * it are signed with this key. Kept in the store beside the token. Secret.
   */
  readonly dpopKey?: string;
  /** Non-secret values kept from the response by {@link TokenResponseMapping.extra} (e.g. Salesforce's `instance_url`). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/**
 * Where the fields of a token response are, and how to read its expiry. Paths are dotted
 * (`data.token`, `tokens.0.value`); the defaults are the RFC 6749 names.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * const mapping: TokenResponseMapping = { accessToken: 'data.jwt', expiresAt: 'data.expiry', defaultExpiresIn: 7200 };
 * ```
 */
export interface TokenResponseMapping extends ExpiryOptions {
  /** Path of the access token. Default `access_token`. */
  readonly accessToken?: string;
  /** Path of the token type (compared case-insensitively). Default `token_type`. */
  readonly tokenType?: string;
  /** Path of the lifetime in seconds (number or numeric string). Default `expires_in`. */
  readonly expiresIn?: string;
  /** Path of the absolute expiry (see {@link ExpiresAtFormat}). Default `expires_at`. */
  readonly expiresAt?: string;
  /** Path of the refresh token. Default `refresh_token`. */
  readonly refreshToken?: string;
  /** Path of the granted scope. Default `scope`. */
  readonly scope?: string;
  /** Path of the ID token. Default `id_token`. */
  readonly idToken?: string;
  /** Non-secret values to keep in {@link Token.extra}: name → path. */
  readonly extra?: Readonly<Record<string, string>>;
  /** How the body is encoded: `auto` (default) reads JSON, and form-urlencoded when the content type says so or the body is not JSON. */
  readonly format?: 'auto' | 'json' | 'form';
}

/** A character an HTTP header value cannot carry: controls (tab, CR, LF, NUL, DEL, C1) and anything above U+00FF. */
const unsendable = /[^\x20-\x7e\xa0-\xff]/;

/**
 * Whether `value` can be sent in an HTTP header as it is (no control characters, nothing above
 * U+00FF). A token that cannot is refused when it arrives, instead of failing every request
 * that would carry it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-5.5
 * @example
 * ```ts
 * headerSafe('eyJhbGciOi.abc'); // true
 * headerSafe('abc\u0000'); // false
 * ```
 */
export function headerSafe(value: string): boolean {
  return !unsendable.test(value);
}

/** The non-path options of {@link TokenResponseMapping}. */
const mappingOptions = new Set(['defaultExpiresIn', 'maxExpiresIn', 'expiresAtFormat', 'extra', 'format']);

/**
 * Checks the paths of a {@link TokenResponseMapping}; returns the names of bad fields (empty when it is fine).
 *
 * @example
 * ```ts
 * mappingProblems({ accessToken: '' }); // ['accessToken']
 * ```
 */
export function mappingProblems(mapping: TokenResponseMapping): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(mapping)) {
    if (mappingOptions.has(name)) continue;
    if (value !== undefined && !isPath(value)) problems.push(name);
  }
  for (const [name, value] of Object.entries(mapping.extra ?? {})) if (!isPath(value)) problems.push(`extra.${name}`);
  if (mapping.format !== undefined && !['auto', 'json', 'form'].includes(mapping.format)) problems.push('format');
  return problems;
}

function isPath(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && value.split('.').every((part) => part.length > 0);
}

/**
 * Parses a token endpoint's successful response body (JSON or form-urlencoded) into a
 * {@link Token}. Throws `ERR_AUTH_TOKEN_REQUEST_FAILED` (retryable) when the body is not a token,
 * or when its access token or token type holds a character a header cannot carry
 * (controls, or above U+00FF); the message never quotes the body.
 *
 * @param body - the response text
 * @param contentType - the response's `Content-Type`
 * @param issuedAt - when the request was sent, in epoch milliseconds
 * @param mapping - where the fields are
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * const token = parseTokenResponse('access_token=abc&expires_in=3600', 'application/x-www-form-urlencoded', Date.now());
 * ```
 */
export function parseTokenResponse(body: string, contentType: string | null, issuedAt: number, mapping: TokenResponseMapping = {}): Token {
  const value = decodeBody(body, contentType, mapping.format ?? 'auto');
  if (value === undefined) throw garbage('the response body is neither JSON nor form-urlencoded');
  return tokenFromResponse(value, issuedAt, mapping);
}

/**
 * Maps an already-parsed token response to a {@link Token}.
 *
 * @example
 * ```ts
 * tokenFromResponse({ access_token: 'abc', token_type: 'bearer', expires_in: '3600' }, Date.now());
 * ```
 */
export function tokenFromResponse(value: unknown, issuedAt: number, mapping: TokenResponseMapping = {}): Token {
  if (typeof value !== 'object' || value === null) throw garbage('the response body is not an object');
  const accessTokenPath = mapping.accessToken ?? 'access_token';
  const accessToken = readPath(value, accessTokenPath);
  if (typeof accessToken !== 'string' || accessToken.length === 0) throw garbage(`the response has no usable access token at "${accessTokenPath}"`);
  if (!headerSafe(accessToken)) throw garbage(`the access token at "${accessTokenPath}" holds characters a header cannot carry (controls or above U+00FF)`);
  const tokenTypePath = mapping.tokenType ?? 'token_type';
  const tokenType = readPath(value, tokenTypePath);
  if (typeof tokenType === 'string' && !headerSafe(tokenType)) throw garbage(`the token type at "${tokenTypePath}" holds characters a header cannot carry (controls or above U+00FF)`);
  const refreshToken = readPath(value, mapping.refreshToken ?? 'refresh_token');
  const scope = readPath(value, mapping.scope ?? 'scope');
  const idToken = readPath(value, mapping.idToken ?? 'id_token');
  const expiresAt = computeExpiresAt(
    { expiresIn: readPath(value, mapping.expiresIn ?? 'expires_in'), expiresAt: readPath(value, mapping.expiresAt ?? 'expires_at') },
    issuedAt,
    mapping,
  );
  let extra: Record<string, unknown> | undefined;
  for (const [name, path] of Object.entries(mapping.extra ?? {})) {
    const item = readPath(value, path);
    if (item !== undefined) (extra ??= {})[name] = item;
  }
  return {
    accessToken,
    tokenType: normalizeTokenType(typeof tokenType === 'string' ? tokenType : undefined),
    issuedAt,
    expiresAt,
    ...(typeof refreshToken === 'string' && refreshToken.length > 0 ? { refreshToken } : {}),
    ...(typeof scope === 'string' ? { scope } : Array.isArray(scope) ? { scope: scope.join(' ') } : {}),
    ...(typeof idToken === 'string' && idToken.length > 0 ? { idToken } : {}),
    ...(extra === undefined ? {} : { extra }),
  };
}

/**
 * `bearer` in any case becomes `Bearer`; missing becomes `Bearer`; other types are kept as sent.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-7.1
 * @example
 * ```ts
 * normalizeTokenType('BEARER'); // 'Bearer'
 * ```
 */
export function normalizeTokenType(value: string | undefined): string {
  if (value === undefined || value.trim() === '' || value.trim().toLowerCase() === 'bearer') return 'Bearer';
  return value.trim();
}

/**
 * The store record for `token` at `version`.
 *
 * @example
 * ```ts
 * await store.set(key, toStoredToken(token, 1), { ifVersion: 0 });
 * ```
 */
export function toStoredToken(token: Token, version: number, now: number = Date.now()): StoredToken {
  return {
    accessToken: token.accessToken,
    tokenType: token.tokenType,
    expiresAt: token.expiresAt,
    ...(token.refreshToken === undefined ? {} : { refreshToken: token.refreshToken }),
    ...(token.scope === undefined ? {} : { scope: token.scope }),
    ...(token.idToken === undefined ? {} : { idToken: token.idToken }),
    ...(token.dpopKey === undefined ? {} : { dpopKey: token.dpopKey }),
    ...(token.extra === undefined ? {} : { extra: token.extra }),
    version,
    updatedAt: now,
  };
}

/**
 * The {@link Token} of a store record. A record without a finite expiry is given
 * `defaultExpiresInMs` from when it was written (or from `now`).
 *
 * @example
 * ```ts
 * const stored = await store.get(key);
 * const token = stored && fromStoredToken(stored);
 * ```
 */
export function fromStoredToken(stored: StoredToken, defaultExpiresInMs = 3_600_000, now: number = Date.now()): Token {
  const issuedAt = typeof stored.updatedAt === 'number' && Number.isFinite(stored.updatedAt) ? stored.updatedAt : now;
  const expiresAt = typeof stored.expiresAt === 'number' && Number.isFinite(stored.expiresAt) ? stored.expiresAt : issuedAt + defaultExpiresInMs;
  return {
    accessToken: stored.accessToken,
    tokenType: normalizeTokenType(stored.tokenType),
    issuedAt: Math.min(issuedAt, expiresAt),
    expiresAt,
    ...(stored.refreshToken === undefined ? {} : { refreshToken: stored.refreshToken }),
    ...(stored.scope === undefined ? {} : { scope: stored.scope }),
    ...(stored.idToken === undefined ? {} : { idToken: stored.idToken }),
    ...(stored.dpopKey === undefined ? {} : { dpopKey: stored.dpopKey }),
    ...(stored.extra === undefined ? {} : { extra: stored.extra }),
  };
}

/** A copy of `token` without its refresh token. */
export function withoutRefreshToken(token: Token): Token {
  const copy: { -readonly [K in keyof Token]?: Token[K] } = { ...token };
  delete copy.refreshToken;
  return copy as Token;
}

function garbage(message: string): AuthError {
  return new AuthError('ERR_AUTH_TOKEN_REQUEST_FAILED', `token response unusable: ${message}`, { details: { retryable: true } });
}

function decodeBody(body: string, contentType: string | null, format: 'auto' | 'json' | 'form'): unknown {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const isForm = type === 'application/x-www-form-urlencoded';
  if (format === 'form' || (format === 'auto' && isForm)) return decodeForm(body);
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return format === 'auto' && /^[^=&\s]+=/.test(body.trim()) ? decodeForm(body) : undefined;
  }
}

function decodeForm(body: string): Record<string, string> | undefined {
  const params = new URLSearchParams(body.trim());
  const out: Record<string, string> = {};
  for (const [name, value] of params) out[name] = value;
  return Object.keys(out).length > 0 ? out : undefined;
}
