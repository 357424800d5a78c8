// A scripted token source for the token-manager tests: counts calls, hands out numbered tokens.
import type { FetchToken, FetchTokenState, Token } from '../../src/index.js';

export interface ScriptedSource {
  readonly fetchToken: FetchToken;
  readonly calls: FetchTokenState[];
  /** Makes the next calls wait for `release()` (nothing waits by default). */
  hold(): void;
  release(): void;
  /** Makes the next call(s) fail with `error`. */
  failNext(error: unknown, times?: number): void;
}

export interface ScriptedSourceOptions {
  /** Token lifetime. Default 1 h. */
  readonly lifeMs?: number;
  /** Hand out refresh tokens (rt-N). Default true. */
  readonly refreshTokens?: boolean;
  /** Prefix of the tokens handed out (default none: at-1, rt-1). */
  readonly prefix?: string;
}

export function scriptedSource(options: ScriptedSourceOptions = {}): ScriptedSource {
  const calls: FetchTokenState[] = [];
  const failures: unknown[] = [];
  let gate: { promise: Promise<void>; open: () => void } | undefined;
  let n = 0;
  const fetchToken: FetchToken = async (state) => {
    calls.push(state);
    const issuedAt = Date.now();
    if (gate !== undefined) await gate.promise;
    if (failures.length > 0) throw failures.shift();
    n += 1;
    const token: Token = {
      accessToken: `${options.prefix ?? ''}at-${n}`,
      tokenType: 'Bearer',
      issuedAt,
      expiresAt: issuedAt + (options.lifeMs ?? 3_600_000),
      ...(options.refreshTokens === false ? {} : { refreshToken: `${options.prefix ?? ''}rt-${n}` }),
    };
    return token;
  };
  return {
    fetchToken,
    calls,
    hold() {
      let open = (): void => undefined;
      const promise = new Promise<void>((resolve) => {
        open = resolve;
      });
      gate = { promise, open };
    },
    release() {
      const current = gate;
      gate = undefined;
      current?.open();
    },
    failNext(error, times = 1) {
      for (let i = 0; i < times; i += 1) failures.push(error);
    },
  };
}

/** Lets pending promise callbacks run (microtasks and already-due fake timers). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await Promise.resolve();
}
