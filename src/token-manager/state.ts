import type { AuthError } from '../errors.js';
import type { TokenStore, TokenStoreLock } from '../stores/token-store.js';
import type { Token } from '../token.js';
import { fingerprint } from './key.js';
import { KeepAlive } from './timers.js';
import type { TokenRefreshReason } from './types.js';

/** A token together with the store version it was read or written at. */
export interface Entry {
  readonly token: Token;
  readonly version: number;
  /** The record's mark of a refresh sent with its refresh token and not answered in the store (`refreshReuseGraceMs`). */
  readonly sent?: SentMark;
}

/** When a refresh with the record's refresh token was sent, and when its sender stops waiting for the answer. */
export interface SentMark {
  readonly at: number;
  readonly timeoutAt: number;
}

/** A token obtained but not yet fully committed (stored, then announced through `onToken`). */
export interface Uncommitted {
  readonly token: Token;
  readonly baseVersion: number;
  readonly reason: TokenRefreshReason;
  readonly rotated: boolean;
  /** Set once the store write is done (or lost a compare-and-set to a record that cannot be used). */
  entry?: Entry;
  hooked: boolean;
  /**
   * The lease taken for the token request, held until the token is written: released earlier,
   * another process could take it, re-read the old record and send the refresh token this
   * request just replaced (a reused rotating refresh token revokes the grant).
   */
  lease: HeldLease | undefined;
  /** The background write of a token not yet written (src/token-manager/unstored.ts), and how many it has tried. */
  retry: ReturnType<typeof setTimeout> | undefined;
  retries: number;
}

/**
 * What every manager in this process with the same store and key shares: so two authenticators
 * with the same credentials share one token and one refresh.
 */
export interface KeyState {
  cached: Entry | undefined;
  pending: Promise<Entry> | undefined;
  /** Fingerprints of access tokens a server refused: never handed out again. */
  readonly rejected: Set<string>;
  /** Fingerprints of refresh tokens that were replaced: never sent again. */
  readonly retired: Set<string>;
  /** Set after `invalid_grant`: no token request until the stored record changes. */
  reauth: { readonly fingerprint: string; readonly error: AuthError } | undefined;
  reauthCheck: Promise<void> | undefined;
  cooldownUntil: number;
  lastError: AuthError | undefined;
  uncommitted: Uncommitted | undefined;
  /** The refresh's timers: they keep the process alive while a caller awaits the refresh. */
  readonly keepAlive: KeepAlive;
  refs: number;
}

const registry = new WeakMap<TokenStore, Map<string, KeyState>>();

/** The shared state of `key` in `store`, created on first use; call {@link releaseKeyState} when done. */
export function acquireKeyState(store: TokenStore, key: string): KeyState {
  let byKey = registry.get(store);
  if (byKey === undefined) {
    byKey = new Map();
    registry.set(store, byKey);
  }
  let state = byKey.get(key);
  if (state === undefined) {
    state = {
      cached: undefined, pending: undefined, rejected: new Set(), retired: new Set(), reauth: undefined, reauthCheck: undefined,
      cooldownUntil: 0, lastError: undefined, uncommitted: undefined, keepAlive: new KeepAlive(), refs: 0,
    };
    byKey.set(key, state);
  }
  state.refs += 1;
  return state;
}

/** Drops one reference; the state is forgotten when no manager uses it and nothing is in flight. */
export function releaseKeyState(store: TokenStore, key: string, state: KeyState): void {
  state.refs -= 1;
  const byKey = registry.get(store);
  if (state.refs <= 0 && state.pending === undefined && state.uncommitted === undefined && byKey?.get(key) === state) byKey.delete(key);
}

/** Adds to a fingerprint set, keeping it small. */
export function remember(set: Set<string>, secret: string, limit = 64): void {
  set.add(fingerprint(secret));
  if (set.size > limit) {
    const oldest = set.values().next();
    if (oldest.done !== true) set.delete(oldest.value);
  }
}

/** Whether `secret` is in a fingerprint set. An empty set (the common case) costs no hash. */
export function isIn(set: ReadonlySet<string>, secret: string | undefined): boolean {
  return set.size > 0 && secret !== undefined && secret !== '' && set.has(fingerprint(secret));
}

/** A fingerprint of a store record, to tell whether it changed (for the `invalid_grant` stop). */
export function entryFingerprint(entry: Entry | undefined): string {
  if (entry === undefined) return 'none';
  return `${entry.version}:${fingerprint(entry.token.refreshToken ?? '')}:${fingerprint(entry.token.accessToken)}`;
}

/**
 * A lease this process holds, and when it runs out at the latest (measured before it was taken).
 *
 * @example
 * ```ts
 * const endsAt = Date.now() + leaseMs;
 * const lock = await store.lock(key, leaseMs);
 * const lease: HeldLease | undefined = lock === undefined ? undefined : { lock, endsAt, released: false };
 * ```
 */
export interface HeldLease {
  readonly lock: TokenStoreLock;
  readonly endsAt: number;
  released: boolean;
}
