import type { Authenticator } from '../authenticator.js';
import { invalidConfig } from '../errors.js';
import { isSigning, markSigning } from './signing-order.js';

/**
 * Applies several authenticators to every request, in order (a bearer token plus a signature
 * header, say). A refusal is offered to each that can answer it; the request is retried when
 * any of them asks for it.
 *
 * Order rule: signing strategies (`awsSigV4Auth`, `httpSignatureAuth`, and a `combineAuth` that
 * holds one) run after all the others, whatever their place in the list, so that they sign the
 * headers, query and body the others have set; among themselves they keep the order given.
 *
 * @example
 * ```ts
 * const auth = combineAuth(bearerAuth({ token }), apiKeyAuth({ key, in: 'header', name: 'X-Client-Key' }));
 * ```
 */
export function combineAuth(...given: Authenticator[]): Authenticator {
  if (given.length === 0) throw invalidConfig('combine', 'at least one authenticator');
  for (const [index, auth] of given.entries()) {
    if (typeof auth?.authenticate !== 'function') throw invalidConfig(`combine[${index}]`, 'an Authenticator');
  }
  // Signers last: they sign what the others added.
  const authenticators = [...given.filter((auth) => !isSigning(auth)), ...given.filter(isSigning)];
  const tls = authenticators.find((auth) => auth.tls !== undefined)?.tls;
  const combined: Authenticator = {
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
  return authenticators.some(isSigning) ? markSigning(combined) : combined;
}
