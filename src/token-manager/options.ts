// Checks of TokenManager options, at construction time; errors name the field.
import { invalidConfig } from '../errors.js';
import { headerSafe } from '../token.js';
import type { InitialToken } from './types.js';
import { optionalString } from '../validate/values.js';

/** A duration option: the fallback when absent, else a finite number of at least `min`. */
export function milliseconds(value: number | undefined, fallback: number, field: string, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) throw invalidConfig(field, `a finite number of milliseconds, at least ${min}`);
  return value;
}

/** Checks that `store` has the TokenStore methods (get, set, delete, optional lock). */
export function checkStore(store: unknown): void {
  if (store === undefined) return;
  const candidate = store as Partial<Record<string, unknown>> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.get !== 'function' || typeof candidate.set !== 'function' || typeof candidate.delete !== 'function') {
    throw invalidConfig('store', 'a TokenStore (get, set, delete, and optionally lock)');
  }
  if (candidate.lock !== undefined && typeof candidate.lock !== 'function') throw invalidConfig('store.lock', 'a function or undefined');
}

/** Checks an {@link InitialToken}. */
export function checkInitialToken(initial: InitialToken | undefined): void {
  if (initial === undefined) return;
  if (typeof initial !== 'object' || initial === null) throw invalidConfig('initialToken', 'an object');
  for (const field of ['accessToken', 'refreshToken', 'tokenType', 'scope'] as const) {
    const value = initial[field];
    optionalString(value, `initialToken.${field}`);
    // The access token and its type go in a header on every request: refuse what a header cannot carry.
    if ((field === 'accessToken' || field === 'tokenType') && typeof value === 'string' && !headerSafe(value)) {
      throw invalidConfig(`initialToken.${field}`, 'a string without control characters or characters above U+00FF');
    }
  }
  if (initial.expiresAt !== undefined && !Number.isFinite(initial.expiresAt)) throw invalidConfig('initialToken.expiresAt', 'epoch milliseconds');
  if (initial.accessToken === undefined && initial.refreshToken === undefined) throw invalidConfig('initialToken', 'an accessToken or a refreshToken');
}
