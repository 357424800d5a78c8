import type { AuthContext, Authenticator } from '../authenticator.js';
import { invalidConfig } from '../errors.js';
import { isSettled, runNow } from '../run-now.js';
import { isSigning, markSigning } from './signing-order.js';

/**
 * Applies several authenticators to every request, in order (a bearer token plus a signature
 * header, say). A refusal is offered to each that can answer it; the request is retried when
 * any of them asks for it.
 *
 * Order rule: signing strategies (`awsSigV4Auth`, `httpSignatureAuth`, `oauth1Auth`, `digestAuth`, and a `combineAuth` that
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
    // Not async: when every member signs at once, so does the combination, and an adapter whose
    // redirect hook cannot wait (axios's follow-redirects) can still sign a hop with it.
    authenticate(request, context) {
      // Each member keeps its own credential so that its challenge sees what it sent.
      const credentials: unknown[] = [];
      const from = (start: number): Promise<void> => {
        for (let index = start; index < authenticators.length; index++) {
          const own = { ...context, credential: undefined as unknown };
          const done = (authenticators[index] as Authenticator).authenticate(request, own);
          if (!isSettled(done)) {
            return done.then(() => {
              credentials.push(own.credential);
              return from(index + 1);
            });
          }
          credentials.push(own.credential);
        }
        return runNow(setCredentials, context, credentials, undefined);
      };
      try {
        return from(0);
      } catch (error) {
        return Promise.reject(error);
      }
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

function setCredentials(context: AuthContext, credentials: unknown[]): void {
  context.credential = credentials;
}
