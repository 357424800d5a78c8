// What a refresh of one key works with, and what the key's current state means for it.
import type { TokenStore } from '../stores/token-store.js';
import type { Token } from '../token.js';
import type { ResolvedBackoff } from './backoff.js';
import type { TokenRequestLimiter } from './limiter.js';
import { phaseOf, type RefreshWindows } from './phase.js';
import { entryFingerprint, isIn, type Entry, type KeyState } from './state.js';
import type { FetchToken, TokenErrorEvent, TokenEvent } from './types.js';

/** Everything a refresh needs from its manager. */
export interface RefreshContext {
  readonly key: string;
  readonly name: string;
  readonly store: TokenStore;
  readonly state: KeyState;
  readonly fetchToken: FetchToken;
  readonly limiter: TokenRequestLimiter;
  readonly backoff: ResolvedBackoff;
  readonly windows: RefreshWindows;
  readonly requestTimeoutMs: number;
  /** The server's refresh-token reuse grace period the refresh may rely on; `undefined`: none. */
  readonly refreshReuseGraceMs: number | undefined;
  readonly leaseMs: number;
  readonly lockWaitMs: number;
  readonly defaultExpiresInMs: number;
  /** Fires when the manager is closed: stops waits and further tries (not a request in flight). */
  readonly signal: AbortSignal;
  readonly onToken: ((event: TokenEvent) => void | Promise<void>) | undefined;
  readonly onError: ((event: TokenErrorEvent) => void) | undefined;
  /** The initial token to write when the store holds none (returned once per manager). */
  readonly takeSeed: (stored: Entry | undefined) => Token | undefined;
}

/**
 * Whether `entry` must be replaced: none, no access token, refused by a server, expired or in
 * the forced window — or in the refresh window and still the very token this refresh set out
 * to replace (a newer token in its refresh window is used as it is, so short-lived tokens never loop).
 */
export function needsFetch(context: RefreshContext, entry: Entry | undefined, replacing: string | undefined): boolean {
  if (entry === undefined || isIn(context.state.rejected, entry.token.accessToken)) return true;
  const phase = phaseOf(entry.token, Date.now(), context.windows);
  if (phase === 'expired' || phase === 'forced') return true;
  return phase === 'refresh' && entry.token.accessToken === replacing;
}

/** Makes `entry` the current token of the key. */
export function adopt(context: RefreshContext, entry: Entry): Entry {
  const { state } = context;
  state.cached = entry;
  if (state.reauth !== undefined && entryFingerprint(entry) !== state.reauth.fingerprint) state.reauth = undefined;
  return entry;
}
