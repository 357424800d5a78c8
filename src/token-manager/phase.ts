import type { Token } from '../token.js';

/** Where a token stands: `fresh` (use), `refresh` (use, refresh in the background), `forced` or `expired` (wait for a refresh). */
export type TokenPhase = 'fresh' | 'refresh' | 'forced' | 'expired';

/** The windows configured on a manager, in milliseconds. */
export interface RefreshWindows {
  readonly refreshWindowMs: number;
  readonly forcedRefreshWindowMs: number;
}

/**
 * The windows that apply to `token`: the configured ones, cut to half (refresh) and a quarter
 * (forced) of the token's lifetime, so a window longer than the token's life never makes every
 * new token look due for refresh (no refresh loop).
 */
export function effectiveWindows(token: Token, windows: RefreshWindows): RefreshWindows {
  const life = Math.max(0, token.expiresAt - token.issuedAt);
  const refreshWindowMs = Math.min(windows.refreshWindowMs, life / 2);
  const forcedRefreshWindowMs = Math.min(windows.forcedRefreshWindowMs, life / 4, refreshWindowMs);
  return { refreshWindowMs, forcedRefreshWindowMs };
}

/** The phase of `token` at `now`. A token without an access token (only a refresh token known) is `expired`. */
export function phaseOf(token: Token, now: number, windows: RefreshWindows): TokenPhase {
  if (token.accessToken === '') return 'expired';
  const left = token.expiresAt - now;
  if (left <= 0) return 'expired';
  const effective = effectiveWindows(token, windows);
  if (left <= effective.forcedRefreshWindowMs) return 'forced';
  if (left <= effective.refreshWindowMs) return 'refresh';
  return 'fresh';
}
