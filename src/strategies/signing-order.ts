import type { Authenticator } from '../authenticator.js';

/** Authenticators that sign the request as sent: `combineAuth` runs them after every other. */
const signing = new WeakSet<Authenticator>();

/**
 * Marks `authenticator` as one that signs the request (AWS SigV4, HTTP Message Signatures, OAuth
 * 1.0a): in {@link combineAuth} it runs after every authenticator that is not marked, so that it
 * signs the headers, URL and body the others have set.
 *
 * @returns `authenticator`
 */
export function markSigning<A extends Authenticator>(authenticator: A): A {
  signing.add(authenticator);
  return authenticator;
}

/** Whether {@link markSigning} marked `authenticator`. */
export function isSigning(authenticator: Authenticator): boolean {
  return signing.has(authenticator);
}
