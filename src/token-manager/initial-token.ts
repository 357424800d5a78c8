// The `initialToken` a TokenManager starts from: written to the store when it holds none, or
// holds a dead grant and the initial refresh token is a new one.
import { normalizeTokenType, type Token } from '../token.js';
import { isIn, type Entry, type KeyState } from './state.js';
import type { InitialToken } from './types.js';

/** Whether `initial` holds a refresh token that has not been replaced yet. */
export function hasUnusedSeed(initial: InitialToken | undefined, state: KeyState): boolean {
  return initial?.refreshToken !== undefined && !isIn(state.retired, initial.refreshToken);
}

/** The token to write for `initial`, given what the store holds; `undefined` when the stored one stands. */
export function seedToken(initial: InitialToken, state: KeyState, stored: Entry | undefined, defaultExpiresInMs: number): Token | undefined {
  const deadGrant = state.reauth !== undefined && initial.refreshToken !== undefined && initial.refreshToken !== stored?.token.refreshToken;
  if (stored !== undefined && !deadGrant) return undefined;
  if (initial.refreshToken !== undefined && isIn(state.retired, initial.refreshToken)) return undefined;
  const now = Date.now();
  return {
    accessToken: initial.accessToken ?? '',
    tokenType: normalizeTokenType(initial.tokenType),
    issuedAt: now,
    expiresAt: initial.accessToken === undefined ? now : (initial.expiresAt ?? now + defaultExpiresInMs),
    ...(initial.refreshToken === undefined ? {} : { refreshToken: initial.refreshToken }),
    ...(initial.scope === undefined ? {} : { scope: initial.scope }),
  };
}
