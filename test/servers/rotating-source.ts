// A strict rotating token endpoint as a FetchToken (for TokenManagers in one test process that
// stand for separate processes): each answer carries a new single-use refresh token, and a
// refresh token presented again counts as reuse and is refused, as a server that revokes the
// family would. Plus a traffic loop that keeps managers asking for tokens until told to stop.
import { AuthError, type FetchToken, type TokenManager } from '../../src/index.js';

/** The endpoint's side: what it issued and what it saw. */
export interface RotatingSource {
  readonly fetchToken: FetchToken;
  /** The refresh token in force (the last one issued). */
  readonly current: () => string;
  /** Token requests answered with a new token. */
  readonly issued: () => number;
  /** Refresh tokens presented that were not the one in force (each would revoke the family). */
  readonly reused: string[];
}

/** Starts at refresh token `rt-0`; access tokens live `lifeMs`. */
export function rotatingSource(lifeMs: number): RotatingSource {
  let current = 'rt-0';
  let issued = 0;
  const reused: string[] = [];
  const fetchToken: FetchToken = async ({ previous }) => {
    await new Promise((resolve) => setTimeout(resolve, 20)); // a token endpoint takes a moment
    if (previous?.refreshToken !== current) {
      reused.push(previous?.refreshToken ?? '(none)');
      throw new AuthError('ERR_AUTH_REAUTH_REQUIRED', 'invalid_grant: refresh token reused');
    }
    issued += 1;
    current = `rt-${issued}`;
    const issuedAt = Date.now();
    return { accessToken: `at-${issued}`, tokenType: 'Bearer', issuedAt, expiresAt: issuedAt + lifeMs, refreshToken: current };
  };
  return { fetchToken, current: () => current, issued: () => issued, reused };
}

/** The seed every manager starts from: an expired access token and the first refresh token. */
export const rotatingSeed = { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: Date.now() - 1 };

/** What a traffic loop saw. */
export interface Traffic {
  /** Stops the loops and resolves with the outcomes: tokens got, and failures by error code. */
  stop(): Promise<{ readonly ok: number; readonly failed: Readonly<Record<string, number>> }>;
}

/** Each manager asks for a token every `everyMs` (a request needing one) until stopped. */
export function traffic(managers: readonly TokenManager[], everyMs = 10): Traffic {
  let running = true;
  let ok = 0;
  const failed: Record<string, number> = {};
  const loops = managers.map(async (manager) => {
    while (running) {
      try {
        await manager.getToken();
        ok += 1;
      } catch (error) {
        const code = error instanceof AuthError ? error.code : String(error);
        failed[code] = (failed[code] ?? 0) + 1;
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { ok, failed };
    },
  };
}
