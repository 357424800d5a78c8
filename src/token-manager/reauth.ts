// While a key is stopped for reauthentication (`ERR_AUTH_REAUTH_REQUIRED`), the stop holds until
// the stored record changes: another process or a new sign-in may have stored a new grant.
import type { CloseWaits } from './close-waits.js';
import { adopt, type RefreshContext } from './refresh-context.js';
import { entryFingerprint } from './state.js';
import { readEntry } from './store-io.js';
import { waitFor } from './timers.js';

/** Whether the stored record changed since the stop (then the stop is lifted); one store read at a time per key. */
export async function storeChangedSinceReauth(context: RefreshContext, waits: CloseWaits, signal: AbortSignal | undefined, timeoutMs: number): Promise<boolean> {
  const { state } = context;
  state.reauthCheck ??= (async () => {
    try {
      const stored = await readEntry(context.store, context.key, context.defaultExpiresInMs);
      if (state.reauth !== undefined && entryFingerprint(stored) !== state.reauth.fingerprint) {
        state.reauth = undefined;
        state.cooldownUntil = 0;
        if (stored !== undefined) adopt(context, stored);
      }
    } finally {
      state.reauthCheck = undefined;
    }
  })();
  await waitFor(waits.whileOpen(state.reauthCheck, 'reading the token store'), [signal], timeoutMs, 'reading the token store');
  return state.reauth === undefined;
}
