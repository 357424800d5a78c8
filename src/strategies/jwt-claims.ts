// Checks the header and payload options of jwtAuth once, at creation, and freezes copies of them.
import { invalidConfig } from '../errors.js';

/**
 * A value that survives `JSON.stringify` unchanged: what a JWT header or claim may hold.
 *
 * @example
 * ```ts
 * const claim: JwtJsonValue = { roles: ['reader'], tenant: 42 };
 * ```
 */
export type JwtJsonValue = string | number | boolean | null | readonly JwtJsonValue[] | { readonly [key: string]: JwtJsonValue };

/**
 * The fixed parts of every token `jwtAuth` signs; `iat`, `exp`, `nbf` and `jti` are added per token.
 *
 * @internal
 */
export interface JwtTemplate {
  /** Header parameters besides `alg`. */
  readonly header: Readonly<Record<string, JwtJsonValue>>;
  /** Claims besides the time claims and `jti`. */
  readonly claims: Readonly<Record<string, JwtJsonValue>>;
}

/**
 * The options this file reads (a subset of `JwtAuthOptions`).
 *
 * @internal
 */
export interface JwtTemplateOptions {
  readonly kid?: unknown;
  readonly typ?: unknown;
  readonly cty?: unknown;
  readonly header?: unknown;
  readonly iss?: unknown;
  readonly sub?: unknown;
  readonly aud?: unknown;
  readonly claims?: unknown;
}

/** Header names jwtAuth owns or that would change how the token must be read. */
const reservedHeader: Record<string, string> = {
  alg: 'set by jwt.algorithm',
  kid: 'use jwt.kid',
  typ: 'use jwt.typ',
  cty: 'use jwt.cty',
  crit: 'not supported: no extension is understood by jwtAuth',
  b64: 'not supported (RFC 7797 unencoded payloads are not JWTs)',
};

/** Claim names jwtAuth sets itself or takes from a dedicated option. */
const reservedClaims: Record<string, string> = {
  iat: 'set on every token',
  exp: 'set from jwt.lifetimeSeconds',
  nbf: 'set by jwt.notBefore',
  jti: 'set by jwt.jti',
  iss: 'use jwt.iss',
  sub: 'use jwt.sub',
  aud: 'use jwt.aud',
};

/**
 * Checks the header and claim options and returns frozen copies, so changing the options object
 * later changes nothing. Throws `ERR_AUTH_INVALID_CONFIG` naming the field.
 *
 * @internal
 * @example
 * ```ts
 * const { header, claims } = jwtTemplate({ kid: 'k1', iss: 'my-app', claims: { scope: 'read' } });
 * ```
 */
export function jwtTemplate(options: JwtTemplateOptions): JwtTemplate {
  const header: Record<string, JwtJsonValue> = { typ: 'JWT' };
  const extraHeader = record(options.header, 'jwt.header');
  for (const [name, value] of Object.entries(extraHeader)) {
    const reason = reservedHeader[name];
    if (reason !== undefined) throw invalidConfig(`jwt.header.${name}`, `no "${name}" here (${reason})`);
    put(header, name, json(value, `jwt.header.${name}`));
  }
  for (const name of ['kid', 'typ', 'cty'] as const) {
    const value = options[name];
    if (value !== undefined) header[name] = text(value, `jwt.${name}`);
  }

  const claims: Record<string, JwtJsonValue> = {};
  const extraClaims = record(options.claims, 'jwt.claims');
  for (const [name, value] of Object.entries(extraClaims)) {
    const reason = reservedClaims[name];
    if (reason !== undefined) throw invalidConfig(`jwt.claims.${name}`, `no "${name}" here (${reason})`);
    put(claims, name, json(value, `jwt.claims.${name}`));
  }
  if (options.iss !== undefined) claims.iss = text(options.iss, 'jwt.iss');
  if (options.sub !== undefined) claims.sub = text(options.sub, 'jwt.sub');
  if (options.aud !== undefined) claims.aud = audience(options.aud);
  return { header: deepFreeze(header), claims: deepFreeze(claims) };
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw invalidConfig(field, 'a plain object');
  return value;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalidConfig(field, 'a non-empty string');
  return value;
}

function audience(value: unknown): string | string[] {
  if (typeof value === 'string') return text(value, 'jwt.aud');
  if (Array.isArray(value) && value.length > 0) return value.map((entry: unknown, index) => text(entry, `jwt.aud[${index}]`));
  throw invalidConfig('jwt.aud', 'a non-empty string or a non-empty array of strings');
}

/** Copies a JSON value, rejecting what JSON cannot carry (functions, undefined, NaN, class instances, cycles). */
function json(value: unknown, field: string, seen: Set<object> = new Set()): JwtJsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidConfig(field, 'a finite number');
    return value;
  }
  if (typeof value === 'object') {
    if (seen.has(value)) throw invalidConfig(field, 'a JSON value without cycles');
    seen.add(value);
    try {
      if (Array.isArray(value)) return value.map((entry: unknown, index) => json(entry, `${field}[${index}]`, seen));
      if (isPlainObject(value)) {
        const copy: Record<string, JwtJsonValue> = {};
        for (const [key, entry] of Object.entries(value)) put(copy, key, json(entry, `${field}.${key}`, seen));
        return copy;
      }
    } finally {
      seen.delete(value);
    }
  }
  throw invalidConfig(field, 'a JSON value (string, finite number, boolean, null, array or plain object)');
}

/** Defines an own property, so a `__proto__` key from parsed JSON stays data and never sets a prototype. */
function put(target: Record<string, JwtJsonValue>, key: string, value: JwtJsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const entry of Object.values(value)) deepFreeze(entry);
    Object.freeze(value);
  }
  return value;
}
