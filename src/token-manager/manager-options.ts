// The options of a TokenManager, checked at construction (errors name the field) and with their defaults.
import { invalidConfig } from '../errors.js';
import type { TokenStore } from '../stores/token-store.js';
import { resolveBackoff } from './backoff.js';
import { TAKEOVER_MARGIN_MS } from './reuse-grace.js';
import { DEFAULT_FORCED_REFRESH_WINDOW_MS, DEFAULT_REFRESH_WINDOW_MS, defaultStore } from './defaults.js';
import { tokenCacheKey } from './key.js';
import { sharedTokenRequestLimiter } from './limiter.js';
import { checkInitialToken, checkStore, milliseconds } from './options.js';
import type { RefreshWindows } from './phase.js';
import type { RefreshContext } from './refresh-context.js';
import type { TokenManagerOptions } from './types.js';

/** {@link TokenManagerOptions}, checked, with defaults filled in. */
export interface ManagerSettings {
  readonly key: string;
  readonly windows: RefreshWindows;
  readonly store: TokenStore;
  readonly waitTimeoutMs: number;
  readonly refreshAhead: boolean;
  readonly defaultExpiresInMs: number;
  /** The refresh context's settings (the manager adds its key state, close signal and seed). */
  readonly refresh: Omit<RefreshContext, 'key' | 'store' | 'state' | 'signal' | 'takeSeed'>;
}

/** Checks every option of a TokenManager, in a fixed order, before anything is set up. */
export function resolveManagerOptions(options: TokenManagerOptions): ManagerSettings {
  if (typeof options !== 'object' || options === null) throw invalidConfig('tokenManager', 'an options object');
  if (typeof options.fetchToken !== 'function') throw invalidConfig('fetchToken', 'a function returning a Promise<Token>');
  if (typeof options.key !== 'string' && (typeof options.key !== 'object' || options.key === null || typeof options.key.tokenUrl !== 'string')) {
    throw invalidConfig('key', 'a string or { tokenUrl, clientId?, subject?, scope?, audience?, resource? }');
  }
  const windows: RefreshWindows = {
    refreshWindowMs: milliseconds(options.refreshWindowMs, DEFAULT_REFRESH_WINDOW_MS, 'refreshWindowMs'),
    forcedRefreshWindowMs: milliseconds(options.forcedRefreshWindowMs, DEFAULT_FORCED_REFRESH_WINDOW_MS, 'forcedRefreshWindowMs'),
  };
  if (windows.forcedRefreshWindowMs > windows.refreshWindowMs) {
    throw invalidConfig('forcedRefreshWindowMs', `at most refreshWindowMs (${windows.refreshWindowMs} ms)`);
  }
  const requestTimeoutMs = milliseconds(options.requestTimeoutMs, 30_000, 'requestTimeoutMs', 1);
  const refreshReuseGraceMs = reuseGrace(options.refreshReuseGraceMs, requestTimeoutMs);
  const lock = options.lock ?? {};
  checkStore(options.store);
  checkInitialToken(options.initialToken);
  const key = tokenCacheKey(options.key);
  const waitTimeoutMs = milliseconds(options.waitTimeoutMs, 60_000, 'waitTimeoutMs', 1);
  const defaultExpiresInMs = milliseconds(options.defaultExpiresInMs, 3_600_000, 'defaultExpiresInMs', 1);
  return {
    key,
    windows,
    store: options.store ?? defaultStore,
    waitTimeoutMs,
    refreshAhead: options.refreshAhead ?? true,
    defaultExpiresInMs,
    refresh: {
      name: options.name ?? 'token',
      fetchToken: options.fetchToken,
      limiter: options.limiter ?? sharedTokenRequestLimiter,
      backoff: resolveBackoff(options.backoff),
      windows,
      requestTimeoutMs,
      refreshReuseGraceMs,
      leaseMs: milliseconds(lock.leaseMs, requestTimeoutMs * 2 + 5_000, 'lock.leaseMs', 1),
      lockWaitMs: milliseconds(lock.waitMs, 10_000, 'lock.waitMs'),
      defaultExpiresInMs,
      onToken: options.onToken,
      onError: options.onError,
    },
  };
}

/**
 * `refreshReuseGraceMs`: a mark can only be taken over once its sender's request timeout and the
 * margin are past, so a grace period that is not longer could never be used.
 */
function reuseGrace(value: number | undefined, requestTimeoutMs: number): number | undefined {
  if (value === undefined) return undefined;
  const least = requestTimeoutMs + TAKEOVER_MARGIN_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= least) {
    throw invalidConfig('refreshReuseGraceMs', `a finite number of milliseconds above requestTimeoutMs + ${TAKEOVER_MARGIN_MS} (${least} ms)`);
  }
  return value;
}
