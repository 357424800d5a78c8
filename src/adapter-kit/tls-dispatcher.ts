// The client certificate for fetch-based requests (the fetch and ky adapters, and OAuth2 token
// requests with tls_client_auth): an undici Agent whose `connect` options hold it, passed as
// `dispatcher`. undici is an optional peer dependency, loaded the first time such a request is
// sent; without `tls` it is never loaded.
import { inspect } from 'node:util';
import type * as Undici from 'undici';
import type { SecureContext } from 'node:tls';
import { AuthError } from '../errors.js';

/**
 * The one thing authwire needs of an undici dispatcher: to hand it to fetch.
 *
 * @example
 * ```ts
 * const dispatcher: TlsDispatcher = await tlsDispatcherLoader(clientSecureContext(tls))();
 * ```
 */
export type TlsDispatcher = object;

type UndiciModule = typeof Undici;

/**
 * Returns a function that resolves to this pipeline's one dispatcher for `secureContext` (the
 * client certificate and trusted authorities): made on the first call, shared by every later
 * one. A failed load (undici not installed) is not cached.
 *
 * @example
 * ```ts
 * const dispatcher = tlsDispatcherLoader(clientSecureContext(auth.tls));
 * await fetch(url, { dispatcher: await dispatcher() } as RequestInit);
 * ```
 */
export function tlsDispatcherLoader(secureContext: SecureContext): () => Promise<TlsDispatcher> {
  let pending: Promise<TlsDispatcher> | undefined;
  return () => {
    const current = (pending ??= createDispatcher(secureContext));
    current.catch(() => {
      if (pending === current) pending = undefined;
    });
    return current;
  };
}

async function createDispatcher(secureContext: SecureContext): Promise<TlsDispatcher> {
  let undici: UndiciModule;
  try {
    undici = await import('undici');
  } catch (error) {
    throw new AuthError(
      'ERR_AUTH_INVALID_CONFIG',
      'tls: fetch-based requests need the undici package to present a client certificate or trust a custom ca; install it with: npm install undici@7',
      { details: { field: 'tls', package: 'undici' }, cause: error },
    );
  }
  const agent = new undici.Agent({ connect: { secureContext } });
  hideOptions(agent);
  return agent;
}

/** An undici Agent keeps its options: show its name only. */
function hideOptions(agent: object): void {
  Object.defineProperty(agent, inspect.custom, { value: () => '[authwire client-certificate dispatcher]' });
  Object.defineProperty(agent, 'toJSON', { value: () => '[authwire client-certificate dispatcher]' });
}
