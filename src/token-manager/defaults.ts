// What a TokenManager uses when an option is left out.
import { MemoryTokenStore } from '../stores/memory.js';

/** The store used when none is given: one per process, so equal credentials share one token. */
export const defaultStore = new MemoryTokenStore();

/**
 * Default of {@link TokenManagerOptions.refreshWindowMs}: 2 minutes.
 *
 * @example
 * ```ts
 * new TokenManager({ key, fetchToken, refreshWindowMs: DEFAULT_REFRESH_WINDOW_MS * 2 });
 * ```
 */
export const DEFAULT_REFRESH_WINDOW_MS = 120_000;
/**
 * Default of {@link TokenManagerOptions.forcedRefreshWindowMs}: 10 seconds.
 *
 * @example
 * ```ts
 * new TokenManager({ key, fetchToken, forcedRefreshWindowMs: DEFAULT_FORCED_REFRESH_WINDOW_MS * 3 });
 * ```
 */
export const DEFAULT_FORCED_REFRESH_WINDOW_MS = 10_000;
