// Checking and copying StoredToken records that come back from storage (JSON files, Redis,
// a wrapped store): the shape is checked field by field and values are never put in messages.
import { AuthError } from '../errors.js';
import type { StoredToken } from './token-store.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const optionalStrings = ['tokenType', 'refreshToken', 'scope', 'idToken', 'dpopKey'] as const;
const optionalNumbers = ['expiresAt', 'updatedAt', 'refreshSentAt', 'refreshTimeoutAt'] as const;

/**
 * Checks that `value` has the shape of a {@link StoredToken} and returns a copy holding only
 * the known fields; `undefined` when it does not. The name of the first bad field goes into
 * `problem` (never a value).
 *
 * @example
 * ```ts
 * const token = parseStoredToken(JSON.parse(text));
 * if (token === undefined) throw new Error('not a token');
 * ```
 */
export function parseStoredToken(value: unknown, problem?: { field?: string }): StoredToken | undefined {
  const fail = (field: string): undefined => {
    if (problem) problem.field = field;
    return undefined;
  };
  if (!isPlainObject(value)) return fail('(record)');
  const source = value as Record<string, unknown>;
  if (typeof source.accessToken !== 'string') return fail('accessToken');
  const version = source.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) return fail('version');
  const token: Mutable<StoredToken> = { accessToken: source.accessToken, version };
  for (const field of optionalStrings) {
    const item = source[field];
    if (item === undefined) continue;
    if (typeof item !== 'string') return fail(field);
    token[field] = item;
  }
  for (const field of optionalNumbers) {
    const item = source[field];
    if (item === undefined) continue;
    if (typeof item !== 'number' || !Number.isFinite(item)) return fail(field);
    token[field] = item;
  }
  if (source.extra !== undefined) {
    if (!isPlainObject(source.extra)) return fail('extra');
    token.extra = source.extra as Readonly<Record<string, unknown>>;
  }
  return token;
}

/**
 * Like {@link parseStoredToken} for a token a caller asked to write: throws `ERR_AUTH_STORE`
 * naming the bad field, so a malformed record never reaches storage.
 *
 * @example
 * ```ts
 * const clean = checkTokenToWrite(token, 'FileTokenStore.set');
 * ```
 */
export function checkTokenToWrite(token: unknown, where: string): StoredToken {
  const problem: { field?: string } = {};
  const checked = parseStoredToken(token, problem);
  if (checked === undefined) {
    const field = problem.field ?? '(record)';
    throw new AuthError('ERR_AUTH_STORE', `${where}: token.${field} is missing or has the wrong type (expected a StoredToken)`, { details: { field } });
  }
  return checked;
}

/**
 * Checks the `ifVersion` option of `set`: a non-negative safe integer or absent.
 *
 * @example
 * ```ts
 * const expected = checkIfVersion(options?.ifVersion, 'RedisTokenStore.set');
 * ```
 */
export function checkIfVersion(ifVersion: unknown, where: string): number | undefined {
  if (ifVersion === undefined) return undefined;
  if (typeof ifVersion !== 'number' || !Number.isSafeInteger(ifVersion) || ifVersion < 0) {
    throw new AuthError('ERR_AUTH_STORE', `${where}: options.ifVersion must be a non-negative integer`, { details: { field: 'ifVersion' } });
  }
  return ifVersion;
}

/**
 * Checks the `ttlMs` argument of `lock`: a positive finite number; returns it as whole milliseconds (at least 1).
 *
 * @example
 * ```ts
 * const leaseMs = checkLeaseMs(ttlMs, 'FileTokenStore.lock');
 * ```
 */
export function checkLeaseMs(ttlMs: unknown, where: string): number {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new AuthError('ERR_AUTH_STORE', `${where}: ttlMs must be a positive finite number of milliseconds`, { details: { field: 'ttlMs' } });
  }
  return Math.max(1, Math.ceil(ttlMs));
}

/**
 * Whether `value` is a plain object (not null, an array, or a class instance).
 *
 * @example
 * ```ts
 * isPlainObject(JSON.parse('{"a":1}')); // true
 * ```
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A copy of an error that keeps only its name, message and code, for use as an
 * {@link AuthError} `cause`: client errors may carry the command's arguments (a token) in
 * other properties.
 *
 * @example
 * ```ts
 * throw new AuthError('ERR_AUTH_STORE', 'Redis failed', { cause: sanitizeCause(error) });
 * ```
 */
export function sanitizeCause(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(typeof error === 'string' ? error : 'non-Error value thrown');
  const copy = new Error(error.message);
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  return copy;
}
