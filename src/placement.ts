import type { AuthRequest } from './authenticator.js';
import { AuthError, invalidConfig } from './errors.js';

/**
 * A credential in a request header, optionally after a prefix such as `Bearer`.
 *
 * @example
 * ```ts
 * const placement: HeaderPlacement = { in: 'header', name: 'Authorization', prefix: 'Token' }; // Authorization: Token <credential>
 * ```
 */
export interface HeaderPlacement {
  /** Put the credential in a header. */
  readonly in: 'header';
  /** The header name, e.g. `Authorization` or `X-API-Key`. */
  readonly name: string;
  /** Written before the credential with one space, e.g. `Bearer`; empty or absent for the bare value. */
  readonly prefix?: string;
}

/**
 * A credential in a query parameter. Sets `Cache-Control: no-store` so caches keep no copy.
 *
 * @example
 * ```ts
 * const placement: QueryPlacement = { in: 'query', name: 'api_key' }; // ?api_key=<credential>
 * ```
 */
export interface QueryPlacement {
  /** Put the credential in the query string (URLs end up in logs: use only when the API demands it). */
  readonly in: 'query';
  /** The parameter name, e.g. `api_key`. */
  readonly name: string;
}

/**
 * A credential merged into an `application/x-www-form-urlencoded` body.
 *
 * @example
 * ```ts
 * const placement: FormPlacement = { in: 'form', name: 'access_token' }; // merged into a form body
 * ```
 */
export interface FormPlacement {
  /** Put the credential in a form body. */
  readonly in: 'form';
  /** The form field name. */
  readonly name: string;
}

/**
 * A credential merged into a JSON object body.
 *
 * @example
 * ```ts
 * const placement: JsonPlacement = { in: 'json', name: 'auth.api_key' }; // { "auth": { "api_key": "<credential>" }, ... }
 * ```
 */
export interface JsonPlacement {
  /** Put the credential in a JSON body. */
  readonly in: 'json';
  /** The property name; a dotted path (`auth.key`) creates nested objects. */
  readonly name: string;
}

/**
 * Where a credential goes. Shared by API key, bearer, OAuth2, JWT and session-token strategies.
 *
 * @example
 * ```ts
 * const placement: Placement = { in: 'header', name: 'Authorization', prefix: 'Bearer' };
 * ```
 */
export type Placement = HeaderPlacement | QueryPlacement | FormPlacement | JsonPlacement;

/**
 * The placement kinds, for validation and exhaustive checks.
 *
 * @example
 * ```ts
 * for (const kind of placementKinds) console.log(kind); // header, query, form, json
 * ```
 */
export const placementKinds = ['header', 'query', 'form', 'json'] as const satisfies ReadonlyArray<Placement['in']>;

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Checks a placement when an authenticator is created; throws `ERR_AUTH_INVALID_CONFIG` naming `field`.
 *
 * @example
 * ```ts
 * validatePlacement({ in: 'query', name: 'api_key' }, 'apiKey');
 * ```
 */
export function validatePlacement(placement: unknown, field: string): asserts placement is Placement {
  if (typeof placement !== 'object' || placement === null) throw invalidConfig(field, 'a placement object');
  const { in: kind, name, prefix } = placement as Record<string, unknown>;
  if (!placementKinds.includes(kind as Placement['in'])) {
    throw invalidConfig(`${field}.in`, `one of ${placementKinds.map((k) => `'${k}'`).join(', ')}`);
  }
  if (typeof name !== 'string' || name.length === 0) throw invalidConfig(`${field}.name`, 'a non-empty string');
  if (kind === 'header' && !headerName.test(name)) throw invalidConfig(`${field}.name`, 'a valid HTTP header name');
  if (kind === 'json' && name.split('.').some((part) => part.length === 0)) {
    throw invalidConfig(`${field}.name`, 'a dotted path without empty segments');
  }
  if (prefix !== undefined && (typeof prefix !== 'string' || /[\r\n]/.test(prefix))) {
    throw invalidConfig(`${field}.prefix`, 'a string without line breaks');
  }
}

/** The header value composed last: a credential is usually the same as on the request before. */
let lastHeader = { prefix: '', value: '', composed: '' };

function headerValue(prefix: string, value: string): string {
  if (prefix === '') return value;
  const last = lastHeader;
  if (last.value === value && last.prefix === prefix) return last.composed;
  const composed = `${prefix} ${value}`;
  lastHeader = { prefix, value, composed };
  return composed;
}

/**
 * Writes `value` into `request` where `placement` says. A body placement on a body that cannot
 * take it (a GET, a stream, a JSON array, a form placement on JSON) throws `ERR_AUTH_BODY_PLACEMENT`.
 *
 * @example
 * ```ts
 * applyPlacement(request, { in: 'header', name: 'X-API-Key' }, key);
 * ```
 */
export function applyPlacement(request: AuthRequest, placement: Placement, value: string): void {
  switch (placement.in) {
    case 'header': {
      request.headers.set(placement.name, headerValue(placement.prefix ?? '', value));
      return;
    }
    case 'query': {
      request.url.searchParams.set(placement.name, value);
      request.headers.set('Cache-Control', 'no-store');
      return;
    }
    case 'form': {
      const body = request.body;
      if (body.type === 'form') {
        body.value.set(placement.name, value);
        return;
      }
      if (body.type === 'none' && methodTakesBody(request.method)) {
        request.body = { type: 'form', value: new URLSearchParams([[placement.name, value]]) };
        return;
      }
      throw bodyError(request, placement, body.type);
    }
    case 'json': {
      const body = request.body;
      if (body.type === 'json' && isPlainObject(body.value)) {
        setPath(body.value, placement.name.split('.'), value, request, placement);
        return;
      }
      if (body.type === 'none' && methodTakesBody(request.method)) {
        const root: Record<string, unknown> = {};
        setPath(root, placement.name.split('.'), value, request, placement);
        request.body = { type: 'json', value: root };
        return;
      }
      throw bodyError(request, placement, body.type === 'json' ? (Array.isArray(body.value) ? 'JSON array' : 'JSON non-object') : body.type);
    }
    default:
      throw placement satisfies never;
  }
}

/** Whether a request with this method may carry a body that a credential can be put in. */
function methodTakesBody(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' && method !== 'TRACE';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function setPath(target: Record<string, unknown>, path: string[], value: string, request: AuthRequest, placement: JsonPlacement): void {
  let node = target;
  for (const [index, key] of path.entries()) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw bodyError(request, placement, 'JSON path with a reserved key');
    if (index === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (next === undefined) {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    } else if (isPlainObject(next)) {
      node = next;
    } else {
      throw bodyError(request, placement, `JSON whose "${path.slice(0, index + 1).join('.')}" is not an object`);
    }
  }
}

function bodyError(request: AuthRequest, placement: FormPlacement | JsonPlacement, found: string): AuthError {
  return new AuthError(
    'ERR_AUTH_BODY_PLACEMENT',
    `cannot put the credential "${placement.name}" in a ${placement.in} body of a ${request.method} request with a ${found} body`,
    { details: { placement: placement.in, method: request.method } },
  );
}
