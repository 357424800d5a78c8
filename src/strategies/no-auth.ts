import type { Authenticator } from '../authenticator.js';

/**
 * An authenticator that adds nothing: for public APIs, and as a choice in `selectiveAuth`.
 *
 * @example
 * ```ts
 * const auth = noAuth();
 * ```
 */
export function noAuth(): Authenticator {
  return { name: 'none', authenticate: async () => {} };
}
