import type { Authenticator } from '../authenticator.js';
import { invalidConfig } from '../errors.js';

/**
 * Applies several authenticators to every request, in order (a bearer token plus a signature
 * header, say). A refusal is offered to each that can answer it; the request is retried when
 * any of them asks for it.
 *
 * @example
 * ```ts
 * const auth = combineAuth(bearerAuth({ token }), apiKeyAuth({ key, in: 'header', name: 'X-Client-Key' }));
 * ```
 */
export function combineAuth(...authenticators: Authenticator[]): Authenticator {
  if (authenticators.length === 0) throw invalidConfig('combine', 'at least one authenticator');
  for (const [index, auth] of authenticators.entries()) {
    if (typeof auth?.authenticate !== 'function') throw invalidConfig(`combine[${index}]`, 'an Authenticator');
  }
  const tls = authenticators.find((auth) => auth.tls !== undefined)?.tls;
  return {
    name: `combine(${authenticators.map((auth) => auth.name).join(', ')})`,
    ...(tls === undefined ? {} : { tls }),
    async authenticate(request, context) {
      // Each member keeps its own credential so that its challenge sees what it sent.
      const credentials: unknown[] = [];
      for (const auth of authenticators) {
        const own = { ...context, credential: undefined as unknown };
        await auth.authenticate(request, own);
        credentials.push(own.credential);
      }
      context.credential = credentials;
    },
    async challenge(response, request, context) {
      const credentials = Array.isArray(context.credential) ? context.credential : [];
      const answers = await Promise.all(
        authenticators.map((auth, index) => auth.challenge?.(response, request, { ...context, credential: credentials[index] }) ?? false),
      );
      return answers.some(Boolean);
    },
    async close() {
      await Promise.all(authenticators.map((auth) => auth.close?.()));
    },
  };
}
