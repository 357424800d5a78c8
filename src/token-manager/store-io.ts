import { AuthError } from '../errors.js';
import type { TokenStore } from '../stores/token-store.js';
import { fromStoredToken, toStoredToken, type Token } from '../token.js';
import type { Entry, SentMark } from './state.js';

/** An `ERR_AUTH_STORE` error (retryable) for a failed store call; the cause is kept. */
export function storeError(action: string, cause: unknown): AuthError {
  if (cause instanceof AuthError && cause.code === 'ERR_AUTH_STORE') return cause;
  return new AuthError('ERR_AUTH_STORE', `token store: ${action} failed`, { cause, details: { retryable: true } });
}

/** Reads and checks the record of `key`. */
export async function readEntry(store: TokenStore, key: string, defaultExpiresInMs: number): Promise<Entry | undefined> {
  let stored;
  try {
    stored = await store.get(key);
  } catch (error) {
    throw storeError('reading the token', error);
  }
  if (stored === undefined || stored === null) return undefined;
  if (typeof stored !== 'object' || typeof stored.accessToken !== 'string' || !Number.isSafeInteger(stored.version) || stored.version < 0) {
    throw new AuthError('ERR_AUTH_STORE', 'token store: the stored record is not a token (expected accessToken and an integer version)', {
      details: { retryable: false },
    });
  }
  const token = fromStoredToken(stored, defaultExpiresInMs);
  const { refreshSentAt: at, refreshTimeoutAt: timeoutAt } = stored;
  if (typeof at === 'number' && typeof timeoutAt === 'number' && token.refreshToken !== undefined) return { token, version: stored.version, sent: { at, timeoutAt } };
  return { token, version: stored.version };
}

/**
 * Writes `token` as version `baseVersion + 1` if the stored version is still `baseVersion`
 * (with the mark `sent`, if given); `undefined` when the compare-and-set was lost.
 */
export async function writeEntry(store: TokenStore, key: string, token: Token, baseVersion: number, sent?: SentMark): Promise<Entry | undefined> {
  const version = baseVersion + 1;
  const record = toStoredToken(token, version);
  let written: boolean;
  try {
    written = await store.set(key, sent === undefined ? record : { ...record, refreshSentAt: sent.at, refreshTimeoutAt: sent.timeoutAt }, { ifVersion: baseVersion });
  } catch (error) {
    throw storeError(sent === undefined ? 'writing the new token' : 'marking the refresh as sent', error);
  }
  if (!written) return undefined;
  return sent === undefined ? { token, version } : { token, version, sent };
}

/**
 * Stores `token` as the next version whatever the store holds (a new sign-in replaces any token),
 * retrying a lost compare-and-set a few times.
 */
export async function replaceStoredToken(store: TokenStore, key: string, token: Token, defaultExpiresInMs: number): Promise<Entry> {
  for (let round = 0; round < 5; round += 1) {
    const stored = await readEntry(store, key, defaultExpiresInMs);
    const version = (stored?.version ?? 0) + 1;
    let written: boolean;
    try {
      written = await store.set(key, toStoredToken(token, version), { ifVersion: stored?.version ?? 0 });
    } catch (error) {
      throw new AuthError('ERR_AUTH_STORE', 'token store: writing the new token failed', { cause: error });
    }
    if (written) return { token, version };
  }
  throw new AuthError('ERR_AUTH_STORE', 'token store: the record kept changing while writing the new token');
}
